// What the person has typed and chosen, kept while the app runs so that moving
// between screens or a failed send loses nothing. Prepared photos live on the Rust
// side (in memory); here only their preview URLs.
import type { AddressDetails, PersonalDetails } from './ipc';

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

/** Fills empty forms from what the server holds (after a restart, or to resend a rejected document). */
export function fillFrom(personal: PersonalDetails | null, address: AddressDetails | null) {
  const blank = (o: object) => Object.values(o).every((v) => v === '' || v === null);
  if (personal && blank(drafts.personal)) drafts.personal = personal;
  if (address && blank(drafts.address)) drafts.address = address;
}
