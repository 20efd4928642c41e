// The preview's backend: the same interface as the app's Rust side, answered from fixtures and an
// in-memory stand-in of the server, so every screen works in a plain browser.
import type { Backend } from '../ipc/backend';
import type { AddressDetails, Consent, Guidance, Live, Notice, Overview, PersonalDetails, Progress, Screen, ScreenState, Step } from '../ipc/bindings';
import { readFields, scenario, standInCheck } from './scenario';
import { standInCamera, specimenDocument } from './pictures';

export const samplePersonal: PersonalDetails = {
  kind: 'Passport',
  number: 'SX1234567',
  issue_date: '2021-06-18',
  expiry_date: '2031-06-17',
  issuing_country: 'Thailand',
  holder_name: 'Alex Sample',
  issuing_authority: 'Sandbox Passport Office',
};

export const sampleAddress: AddressDetails = {
  line_1: '221 Sample Road',
  line_2: '',
  building: '',
  city: 'Chiang Mai',
  state: 'Chiang Mai',
  postcode: '50200',
  country_code: 'TH',
  proof_kind: 'Electricity bill',
  proof_date: '2026-10-21',
  proof_reference: 'EL-0042',
  proof_issuer: 'Sandbox Electricity Authority',
};

const reasons: Record<string, string> = {
  personal_details: 'The photo is blurred',
  selfie: 'Face not visible',
  address: 'The address on the bill is not readable',
};

type States = Record<'personal_details' | 'selfie' | 'address', ScreenState>;
const sending = ['personal_details', 'selfie', 'address'] as const;

/** What the stand-in server holds. */
const held: { states: States; personal: PersonalDetails | null; address: AddressDetails | null; overall: string } = {
  states: { personal_details: { state: 'not_sent' }, selfie: { state: 'not_sent' }, address: { state: 'not_sent' } },
  personal: null,
  address: null,
  overall: 'not_started',
};

function setUp() {
  if (!scenario) return;
  const { screen, state } = scenario;
  const before = screen === 'status' ? 3 : screen === 'start' ? (state === 'resuming' ? 1 : 0) : sending.indexOf(screen);
  sending.forEach((s, i) => {
    if (i < before) held.states[s] = { state: state === 'approved' ? 'approved' : 'pending' };
  });
  if (state === 'rejected') {
    const target = screen === 'status' ? 'personal_details' : (screen as (typeof sending)[number]);
    held.states[target] = { state: 'rejected', reason: reasons[target] };
  }
  held.personal = held.states.personal_details.state === 'not_sent' ? null : samplePersonal;
  held.address = held.states.address.state === 'not_sent' ? null : sampleAddress;
  held.overall = state === 'approved' ? 'verified' : before > 0 ? 'verification_pending' : 'not_started';
}
setUp();

function overview(): Overview {
  const next: Screen =
    sending.find((s) => held.states[s].state === 'not_sent' || held.states[s].state === 'rejected') ?? 'status';
  const progress: Progress = { ...held.states, overall: held.overall, profile_rejection: null, next };
  return { progress, personal: held.personal, address: held.address };
}

/** The live check as the preview plays it. `guidance-<message>` states hold one message;
 *  `auto_capture` and the interactive preview play a person arriving: no face for 1.5 s,
 *  off-centre for 1.5 s, holding still for 1.5 s, then the photo is taken by itself (once
 *  per preview); `live` has no result yet. */
function liveScript(): (elapsedMs: number) => Live | null {
  const state = scenario?.screen === 'selfie' ? scenario.state : null;
  if (state?.startsWith('guidance-')) {
    const guidance = state.slice('guidance-'.length) as Guidance;
    return () => ({ guidance, face: null, capture: false });
  }
  if (scenario && state !== 'auto_capture') return () => null;
  let taken = false;
  return (elapsed) => {
    const steps: Guidance[] = ['face_in_oval', 'centre_face', 'hold_still'];
    const guidance = steps[Math.floor(elapsed / 1500)] ?? 'ready';
    const capture = guidance === 'ready' && !taken;
    if (capture) taken = true;
    return { guidance, face: null, capture };
  };
}

const never = <T>() => new Promise<T>(() => {});
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let camera: ReturnType<typeof standInCamera> | null = null;
/** The page camera's live check (`?camera=webview`): its script, and the first frame's time. */
let pageCheck: { script: ReturnType<typeof liveScript>; since: number } | null = null;

/** Consent, as the app would have kept it: the selfie screen's states other than `consent` start with it given. */
let consent: Consent | null =
  scenario && !(scenario.screen === 'selfie' && scenario.state === 'consent')
    ? { version: 'preview', given_at: '2026-11-28T09:00:00Z' }
    : null;
const notices: Notice[] =
  scenario?.screen === 'start' && scenario.state === 'notices' ? ['keychain_unavailable', 'draft_discarded'] : [];

export const previewBackend: Backend = {
  appInfo: async () => ({
    sandbox: true,
    camera: 'a moving stand-in (preview)',
    // `?camera=webview`: the phone's camera path, on this browser's own camera.
    webview_camera: new URLSearchParams(location.search).get('camera') === 'webview',
    notices,
    consent,
    photos: [],
  }),
  overview: async () => overview(),
  countries: async () =>
    ['Germany', 'France', 'Indonesia', 'Japan', 'Spain', 'Thailand', 'The United States Of America', 'Viet Nam'].map(
      (name, i) => ({ name, code: ['DE', 'FR', 'ID', 'JP', 'ES', 'TH', 'US', 'VN'][i] }),
    ),
  setLanguage: async () => {},
  async preparePhoto(screen, bytes, attempt, acceptWarnings) {
    // `quality`: the gate finds the photo blurred, as the app's would (blocks twice, then warns).
    if (scenario?.screen === screen && scenario.state === 'quality') {
      const findings = [{ problem: 'blurred' as const, value: 12.5, limit: 40 }];
      if (attempt <= 2) throw { kind: 'quality', findings, can_accept: false };
      if (!acceptWarnings) throw { kind: 'quality', findings, can_accept: true };
    }
    return bytes.slice().buffer;
  },
  // The preview reads no photo: any ID photo "says" the sample holder's passport.
  readDocument: async (details) => standInCheck(details, readFields),
  compareDocument: async (details, fields) => standInCheck(details, fields).mismatches,
  async send(form, onStep) {
    if (scenario) return never();
    const steps: Step[] = ['upload', 'update', 'read_back', 'done'];
    for (const step of steps) {
      onStep(step);
      await later(120);
    }
    held.states[form.screen] = { state: 'pending' };
    if (form.screen === 'personal_details') held.personal = form.details;
    if (form.screen === 'address') held.address = form.details;
    held.overall = 'verification_pending';
    return overview();
  },
  async cameraStart(onFrame, _onFailure, onLive) {
    const state = scenario?.screen === 'selfie' ? scenario.state : 'live';
    if (state === 'starting') return never();
    if (state === 'no_camera') throw { kind: 'camera', code: 'no_camera', message: '' };
    if (state === 'permission_denied') throw { kind: 'camera', code: 'permission_denied', message: '' };
    camera?.stop();
    const live = liveScript();
    const started = performance.now();
    camera = standInCamera((jpeg) => {
      onFrame(jpeg);
      const checked = live(performance.now() - started);
      if (checked) onLive(checked);
    });
    return { camera: 'a moving stand-in (preview)', width: 640, height: 480 };
  },
  async cameraCapture() {
    const bytes = (await camera?.still()) ?? (await specimenDocument('id'));
    camera?.stop();
    camera = null;
    return bytes;
  },
  async cameraStop() {
    camera?.stop();
    camera = null;
  },
  webviewStill: async (jpeg) => jpeg.slice().buffer,
  async webviewFrame(rgba, width, height, atMs, first) {
    // The same refusals as the shell's: a frame is the size it says, and small.
    if (!width || !height || Math.max(width, height) > 640 || rgba.length !== width * height * 4) {
      throw { kind: 'internal', message: `The page sent a camera frame of ${width}×${height} pixels in ${rgba.length} bytes.` };
    }
    if (first || !pageCheck) pageCheck = { script: liveScript(), since: atMs };
    return pageCheck.script(atMs - pageCheck.since) ?? { guidance: 'hold_still', face: null, capture: false };
  },
  saveForm: async () => {},
  heldPhoto: async () => null,
  discardDraft: async () => {},
  async recordConsent() {
    consent = { version: 'preview', given_at: new Date().toISOString() };
    return consent;
  },
  // The start screen's update states: offered, and its install refused (a bad signature).
  updateCheck: async () =>
    scenario?.screen === 'start' && scenario.state.startsWith('update')
      ? { version: '0.2.0', notes: 'Reads the back of ID cards.' }
      : null,
  async updateInstall() {
    throw {
      kind: 'update',
      code: 'signature',
      message: 'the update\'s signature does not hold: it was not signed with this app\'s key. Nothing was installed.',
    };
  },
};
