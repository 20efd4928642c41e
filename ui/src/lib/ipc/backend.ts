import type {
  AppError,
  AppInfo,
  CameraStarted,
  Consent,
  CountryName,
  DocumentCheck,
  DocumentFields,
  Form,
  Live,
  Mismatch,
  Overview,
  PersonalDetails,
  Screen,
  Step,
  UpdateOffer,
} from './bindings';

/** What the UI needs from its backend: the app's Rust side, or the browser preview's fixtures. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  overview(): Promise<Overview>;
  countries(): Promise<CountryName[]>;
  /** The language of server messages (Accept-Language). */
  setLanguage(language: string): Promise<void>;
  /** Prepares a photo's bytes and checks its quality; answers the prepared JPEG that will be uploaded.
   *  `attempt` counts the person's tries at this screen's photo (1 for the first): a problem the
   *  gate finds refuses the photo (a `quality` error) on the first two, then only warns, and
   *  `acceptWarnings` keeps it anyway once the person has said so. */
  preparePhoto(screen: 'personal_details' | 'address', bytes: Uint8Array, attempt: number, acceptWarnings: boolean): Promise<ArrayBuffer>;
  /** Reads screen 1's ID photo (the one held) on the device and sets it against the typed details:
   *  the corners, the MRZ, the fields it fills and the typed ones that disagree. */
  readDocument(details: PersonalDetails): Promise<DocumentCheck>;
  /** The typed details against what the document says, after an edit. */
  compareDocument(details: PersonalDetails, fields: DocumentFields): Promise<Mismatch[]>;
  /** Sends one screen; `onStep` hears each step as it starts. */
  send(form: Form, onStep: (step: Step) => void): Promise<Overview>;
  /** Starts the camera: `onFrame` gets each preview frame as JPEG bytes, `onLive` the live face
   *  check's result about 15 times a second (guidance, and when to take the photo by itself),
   *  `onFailure` the camera's failure. */
  cameraStart(
    onFrame: (jpeg: ArrayBuffer) => void,
    onFailure: (e: AppError) => void,
    onLive: (live: Live) => void,
  ): Promise<CameraStarted>;
  cameraCapture(): Promise<ArrayBuffer>;
  cameraStop(): Promise<void>;
  /** Phones: the still the page's own camera took, prepared as the selfie and kept; answers the prepared JPEG. */
  webviewStill(jpeg: Uint8Array): Promise<ArrayBuffer>;
  /** Phones: a small frame of the page's camera preview (RGBA, `width`×`height`, taken at `atMs` on
   *  the page's clock; `first` on a new preview), checked by the same live check as the desktop's. */
  webviewFrame(rgba: Uint8Array, width: number, height: number, atMs: number, first: boolean): Promise<Live>;
  /** Keeps what was typed on a form (encrypted on the device) until it is sent. */
  saveForm(form: Form): Promise<void>;
  /** The photo held for a screen (chosen before a restart, not yet sent), or null. */
  heldPhoto(screen: Screen): Promise<ArrayBuffer | null>;
  /** Forgets everything typed and chosen on this device and not yet sent. */
  discardDraft(): Promise<void>;
  /** Records the person's consent to the current consent text. */
  recordConsent(): Promise<Consent>;
  /** The update announced at the configured address, if newer (null when none, or none configured). */
  updateCheck(): Promise<UpdateOffer | null>;
  /** Downloads the offered update, checks its signature, installs it and restarts the app. */
  updateInstall(): Promise<void>;
}
