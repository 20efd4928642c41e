// Puts the preview into the state its URL asks for: forms filled, photos chosen.
import { drafts, setPhoto } from '../drafts.svelte';
import { filled, scenario, seed } from './scenario';
import { sampleAddress, samplePersonal } from './backend';
import { specimenDocument, standInCamera } from './pictures';

export async function applyScenario() {
  if (!scenario) return;
  if (filled('personal_details')) {
    // After a read, the form is as the read left it.
    drafts.personal = { ...(seed('personal_details').reading?.filled ?? samplePersonal) };
    if (scenario.state !== 'preparing') setPhoto('personal_details', await specimenDocument('id'));
  }
  if (filled('address')) {
    drafts.address = { ...sampleAddress };
    if (scenario.state !== 'preparing') setPhoto('address', await specimenDocument('bill'));
  }
  if (filled('selfie')) {
    const camera = standInCamera(() => {});
    setPhoto('selfie', await camera.still());
    camera.stop();
  }
}
