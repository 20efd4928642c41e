// Every call the UI makes goes through here, to the app's Rust side or, in a plain browser, to the
// preview backend with fixture data. The types come from bindings.ts, generated from the Rust types.
import type { AppError } from './bindings';
import type { Backend } from './backend';
import { tauriBackend } from './tauri';
import { previewBackend } from '../preview/backend';

export type * from './bindings';
export { ID_DOCUMENT_KINDS, PROOF_KINDS, SENDING_SCREENS, STEPS } from './bindings';

/** True inside the app; false in a plain browser (the designers' preview). */
export const inApp = typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
const backend: Backend = inApp ? tauriBackend : previewBackend;

/** Every failure of a call, as the tagged error the Rust side sends (or an internal one). */
export function asAppError(e: unknown): AppError {
  if (typeof e === 'object' && e !== null && 'kind' in e) return e as AppError;
  return { kind: 'internal', message: String(e) };
}

const wrap =
  <A extends unknown[], T>(f: (...args: A) => Promise<T>) =>
  async (...args: A): Promise<T> => {
    try {
      return await f(...args);
    } catch (e) {
      throw asAppError(e);
    }
  };

export const appInfo = wrap(backend.appInfo);
export const overview = wrap(backend.overview);
export const countries = wrap(backend.countries);
export const setServerLanguage = wrap(backend.setLanguage);
export const preparePhoto = wrap(backend.preparePhoto);
export const send = wrap(backend.send);
export const cameraStart = wrap(backend.cameraStart);
export const cameraCapture = wrap(backend.cameraCapture);
export const cameraStop = wrap(backend.cameraStop);
export const saveForm = wrap(backend.saveForm);
export const heldPhoto = wrap(backend.heldPhoto);
export const discardDraft = wrap(backend.discardDraft);
export const recordConsent = wrap(backend.recordConsent);
