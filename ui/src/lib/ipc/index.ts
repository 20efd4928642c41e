// Every call the UI makes goes through here, to the app's Rust side or, in a plain browser, to the
// preview backend with fixture data. The types come from bindings.ts, generated from the Rust types.
import type { AppError, AppInfo, CountryName, Overview, Screen } from './bindings';
import type { Backend } from './backend';
import { tauriBackend } from './tauri';
import { webviewCamera } from '../camera/webview';

export type * from './bindings';
export { ID_DOCUMENT_KINDS, PROOF_KINDS, SENDING_SCREENS, STEPS } from './bindings';

/** True inside the app; false in a plain browser (the designers' preview). */
export const inApp = typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;

// The designers' preview, behind this one seam. `loadPreview` (awaited by main.ts before the page
// mounts) imports it only in a plain browser and only outside the app's production build, where the
// condition is false at build time: neither the preview nor its fixtures are bundled.
type PreviewSeam = typeof import('../preview/seam');
let preview: PreviewSeam | null = null;

export async function loadPreview() {
  if (import.meta.env.MODE !== 'production' && !inApp) preview = await import('../preview/seam');
}

/** The app's page opened in a plain browser from the production build: nothing to talk to. */
const noBackend = new Proxy({} as Backend, {
  get: () => () =>
    Promise.reject({ kind: 'internal', message: 'This page runs inside the KYC Flow app; for a preview, run npm run gallery.' }),
});

const backend = (): Backend => (inApp ? tauriBackend : (preview?.previewBackend ?? noBackend));

/** The screen and state the preview's URL asks for (never in the app). */
export const scenario = () => preview?.scenario ?? null;
/** How a screen starts in the preview's state (nothing in the app). */
export const seed = (screen: Screen) => preview?.seed(screen) ?? {};
/** Puts the preview into its URL's state (nothing in the app). */
export const applyScenario = async () => preview?.applyScenario();

/** Every failure of a call, as the tagged error the Rust side sends (or an internal one). */
export function asAppError(e: unknown): AppError {
  if (typeof e === 'object' && e !== null && 'kind' in e) return e as AppError;
  return { kind: 'internal', message: String(e) };
}

// The selfie camera: the backend's (the camera in Rust, or the preview's stand-in), or on phones
// the page's own (`useWebviewCamera`, told by `app_info`), its still handed to the backend.
let pageCamera: ReturnType<typeof webviewCamera> | null = null;
export function useWebviewCamera(on: boolean) {
  pageCamera = on
    ? webviewCamera(
        (jpeg) => backend().webviewStill(jpeg),
        (...frame) => backend().webviewFrame(...frame),
      )
    : null;
}
/** True in a phone build (its camera is the page's): the document pickers offer the rear camera too. */
export const onPhone = () => pageCamera !== null;

/** A call, on whichever backend is in use when it is made (the page's camera for the camera calls
 *  on phones); failures become `AppError`s. */
function wrap<K extends keyof Backend>(name: K): Backend[K] {
  const call = async (...args: unknown[]) => {
    const target = (pageCamera && name in pageCamera ? pageCamera : backend()) as Backend;
    try {
      return await (target[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (e) {
      throw asAppError(e);
    }
  };
  return call as Backend[K];
}

export const appInfo = wrap('appInfo');
export const overview = wrap('overview');
export const countries = wrap('countries');
export const setServerLanguage = wrap('setLanguage');
export const preparePhoto = wrap('preparePhoto');
export const send = wrap('send');
export const readDocument = wrap('readDocument');
export const compareDocument = wrap('compareDocument');
export const updateCheck = wrap('updateCheck');
export const updateInstall = wrap('updateInstall');
export const cameraStart = wrap('cameraStart');
export const cameraCapture = wrap('cameraCapture');
export const cameraStop = wrap('cameraStop');
export const saveForm = wrap('saveForm');
export const heldPhoto = wrap('heldPhoto');
export const discardDraft = wrap('discardDraft');
export const recordConsent = wrap('recordConsent');

type FirstScreen = [AppInfo, CountryName[], Overview];

/** What the first screen needs, asked for together. */
export function firstScreen(): Promise<FirstScreen> {
  return Promise.all([appInfo(), countries(), overview()]);
}
