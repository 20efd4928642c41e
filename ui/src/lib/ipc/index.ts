// The only module that imports @tauri-apps/*: every call to the Rust side goes through here.
// The types come from bindings.ts, generated from the Rust types (a test fails when they drift).
import { Channel, invoke } from '@tauri-apps/api/core';
import type { AppError, AppInfo, CameraStarted, CountryName, Form, Overview, Step } from './bindings';

export type * from './bindings';

/** Every failure of a call, as the tagged error the Rust side sends (or an internal one). */
export function asAppError(e: unknown): AppError {
  if (typeof e === 'object' && e !== null && 'kind' in e) return e as AppError;
  return { kind: 'internal', message: String(e) };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw asAppError(e);
  }
}

export const appInfo = () => call(() => invoke<AppInfo>('app_info'));
export const overview = () => call(() => invoke<Overview>('overview'));
export const countries = () => call(() => invoke<CountryName[]>('countries'));

/** Sends a photo's bytes to be prepared; answers the prepared JPEG that will be uploaded. */
export const preparePhoto = (screen: 'personal_details' | 'address', bytes: Uint8Array) =>
  call(() => invoke<ArrayBuffer>('prepare_photo', bytes, { headers: { 'kyc-screen': screen } }));

/** Sends one screen; `onStep` hears each step as it starts. */
export function send(form: Form, onStep: (step: Step) => void): Promise<Overview> {
  const steps = new Channel<Step>();
  steps.onmessage = onStep;
  return call(() => invoke<Overview>('send', { form, steps }));
}

/** Starts the camera: `onFrame` gets each preview frame as JPEG bytes, `onFailure` the camera's failure. */
export function cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onFailure: (e: AppError) => void) {
  const frames = new Channel<ArrayBuffer | number[] | AppError>();
  frames.onmessage = (message) => {
    if (message instanceof ArrayBuffer) onFrame(message);
    else if (Array.isArray(message)) onFrame(new Uint8Array(message).buffer);
    else onFailure(asAppError(message));
  };
  return call(() => invoke<CameraStarted>('camera_start', { frames }));
}

export const cameraCapture = () => call(() => invoke<ArrayBuffer>('camera_capture'));
export const cameraStop = () => call(() => invoke<void>('camera_stop'));
