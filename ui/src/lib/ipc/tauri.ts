// The backend inside the app: every call goes to the Rust side. The only module that imports @tauri-apps/*.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { AppError, AppInfo, CameraStarted, Consent, CountryName, DocumentCheck, Form, Live, Mismatch, Overview, Step, UpdateOffer } from './bindings';
import type { Backend } from './backend';

export const tauriBackend: Backend = {
  appInfo: () => invoke<AppInfo>('app_info'),
  overview: () => invoke<Overview>('overview'),
  countries: () => invoke<CountryName[]>('countries'),
  setLanguage: (language) => invoke<void>('set_language', { language }),
  preparePhoto: (screen, bytes, attempt, acceptWarnings) =>
    invoke<ArrayBuffer>('prepare_photo', bytes, {
      headers: { 'kyc-screen': screen, 'kyc-attempt': String(attempt), 'kyc-accept-warnings': acceptWarnings ? '1' : '0' },
    }),
  readDocument: (details) => invoke<DocumentCheck>('read_document', { details }),
  compareDocument: (details, fields) => invoke<Mismatch[]>('compare_document', { details, fields }),
  send(form: Form, onStep: (step: Step) => void) {
    const steps = new Channel<Step>();
    steps.onmessage = onStep;
    // The person's own date decides "expired" and "in the future": the shell gets the offset of this device's clock.
    return invoke<Overview>('send', { form, steps, utcOffsetMinutes: -new Date().getTimezoneOffset() });
  },
  cameraStart(onFrame, onFailure, onLive) {
    // One Channel: JPEG frames as bytes, the live check's results and a failure as JSON.
    const frames = new Channel<ArrayBuffer | number[] | AppError | Live>();
    frames.onmessage = (message) => {
      if (message instanceof ArrayBuffer) onFrame(message);
      else if (Array.isArray(message)) onFrame(new Uint8Array(message).buffer);
      else if ('guidance' in message) onLive(message);
      else onFailure(message);
    };
    return invoke<CameraStarted>('camera_start', { frames });
  },
  cameraCapture: () => invoke<ArrayBuffer>('camera_capture'),
  cameraStop: () => invoke<void>('camera_stop'),
  webviewStill: (jpeg) => invoke<ArrayBuffer>('webview_still', jpeg),
  webviewFrame: (rgba, width, height, atMs, first) =>
    invoke<Live>('webview_frame', rgba, {
      headers: { 'kyc-width': String(width), 'kyc-height': String(height), 'kyc-at': String(Math.round(atMs)), 'kyc-first': first ? '1' : '0' },
    }),
  saveForm: (form) => invoke<void>('save_form', { form }),
  async heldPhoto(screen) {
    try {
      return await invoke<ArrayBuffer>('held_photo', { screen });
    } catch (e) {
      if ((e as AppError).kind === 'no_photo') return null;
      throw e;
    }
  },
  discardDraft: () => invoke<void>('discard_draft'),
  recordConsent: () => invoke<Consent>('record_consent'),
  updateCheck: () => invoke<UpdateOffer | null>('update_check'),
  updateInstall: () => invoke<void>('update_install'),
};
