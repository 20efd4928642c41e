// What the person has typed and chosen, so that moving between screens, a failed send
// or a restart loses nothing. The Rust side keeps it in an encrypted draft on the device
// (typed fields a moment after typing stops, photos as soon as they are prepared) until the
// server confirms it; here are the forms and the photos' preview URLs.
import { onDestroy } from 'svelte';
import { heldPhoto, saveForm, type AddressDetails, type Form, type PersonalDetails, type Screen } from './ipc';

export const emptyPersonal = (): PersonalDetails => ({
  kind: null,
  number: '',
  issue_date: '',
  expiry_date: '',
  issuing_country: '',
  holder_name: '',
  issuing_authority: '',
});

export const emptyAddress = (): AddressDetails => ({
  line_1: '',
  line_2: '',
  building: '',
  city: '',
  state: '',
  postcode: '',
  country_code: '',
  proof_kind: null,
  proof_date: '',
  proof_reference: '',
  proof_issuer: '',
});

type PhotoScreen = 'personal_details' | 'selfie' | 'address';
const PHOTO_SCREENS: PhotoScreen[] = ['personal_details', 'selfie', 'address'];

export const drafts = $state({
  personal: emptyPersonal(),
  address: emptyAddress(),
  /** Object URLs of the prepared photos, by screen. */
  photos: { personal_details: null, selfie: null, address: null } as Record<PhotoScreen, string | null>,
});

/** Shows a prepared JPEG for a screen, releasing the one it replaces. */
export function setPhoto(screen: PhotoScreen, jpeg: ArrayBuffer | null) {
  const old = drafts.photos[screen];
  if (old) URL.revokeObjectURL(old);
  drafts.photos[screen] = jpeg ? URL.createObjectURL(new Blob([jpeg], { type: 'image/jpeg' })) : null;
}

const blank = (o: object) => Object.values(o).every((v) => v === '' || v === null);

/** Fills empty forms from the overview: what was typed here and not sent (the draft), else what the server holds. */
export function fillFrom(personal: PersonalDetails | null, address: AddressDetails | null) {
  if (personal && blank(drafts.personal)) drafts.personal = personal;
  if (address && blank(drafts.address)) drafts.address = address;
}

/** Shows the photos chosen or taken before a restart and not sent yet. */
export async function restorePhotos(held: readonly Screen[]) {
  await Promise.all(
    PHOTO_SCREENS.filter((screen) => held.includes(screen)).map(async (screen) => {
      const jpeg = await heldPhoto(screen).catch(() => null);
      // A photo chosen meanwhile is newer than the one held at start.
      if (jpeg && !drafts.photos[screen]) setPhoto(screen, jpeg);
    }),
  );
}

/** Empties every form and photo (the person asked to forget them). */
export function clearDrafts() {
  drafts.personal = emptyPersonal();
  drafts.address = emptyAddress();
  for (const screen of PHOTO_SCREENS) setPhoto(screen, null);
}

/** The form a screen shows, for the draft; null while it is blank. */
export function typedForm(screen: 'personal_details' | 'address'): Form | null {
  if (screen === 'personal_details') {
    return blank(drafts.personal) ? null : { screen, details: $state.snapshot(drafts.personal) };
  }
  return blank(drafts.address) ? null : { screen, details: $state.snapshot(drafts.address) };
}

/**
 * Keeps a screen's form in the app's encrypted draft: saved 400 ms after typing stops, and at
 * once when the screen is left. Call while a component initialises; call the answer before
 * sending (sending keeps the form itself, and a save after it would bring a sent form back).
 */
export function keepTyped(screen: 'personal_details' | 'address'): () => void {
  let pending: Form | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let opened: string | null = null;
  const flush = () => {
    clearTimeout(timer);
    if (pending) saveForm(pending).catch(() => {});
    pending = null;
  };
  $effect(() => {
    const form = typedForm(screen);
    const text = JSON.stringify(form);
    // What the screen opened with is already kept (the draft, or the server's copy).
    if (opened === null) opened = text;
    if (!form || text === opened) return;
    pending = form;
    clearTimeout(timer);
    timer = setTimeout(flush, 400);
  });
  onDestroy(flush);
  return () => {
    clearTimeout(timer);
    pending = null;
    opened = JSON.stringify(typedForm(screen));
  };
}
