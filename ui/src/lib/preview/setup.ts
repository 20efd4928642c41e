// Puts the preview into the state its URL asks for: forms filled, photos chosen.
import { drafts, setPhoto } from '../drafts.svelte';
import { filled, scenario } from './scenario';
import { sampleAddress, samplePersonal } from './backend';
import { specimenDocument, standInCamera } from './pictures';

export async function applyScenario() {
  if (!scenario) return;
  if (filled('personal_details')) {
    drafts.personal = { ...samplePersonal };
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
