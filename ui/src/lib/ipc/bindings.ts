// Generated from the Rust types by src-tauri/src/tests.rs (typescript_bindings_are_current). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p kyc-flow-app bindings` after changing them.

export type Overview = { progress: Progress, 
/**
 * Screen 1 as the server holds it, if it holds the ID document.
 */
personal: PersonalDetails | null, 
/**
 * Screen 3 as the server holds it, if it holds the proof and the address.
 */
address: AddressDetails | null, };

export type Progress = { personal_details: ScreenState, selfie: ScreenState, address: ScreenState, overall: string, 
/**
 * The profile's own rejection reason, if the whole profile was rejected.
 */
profile_rejection: string | null, 
/**
 * The first screen that still needs sending, else the status screen.
 */
next: Screen, };

export type ScreenState = { "state": "not_sent" } | { "state": "pending" } | { "state": "approved" } | { "state": "rejected", reason: string | null, };

export type Screen = "start" | "personal_details" | "selfie" | "address" | "status";

export type Step = "validate" | "upload" | "update" | "read_back" | "done";

export type Form = { "screen": "personal_details", "details": PersonalDetails } | { "screen": "selfie" } | { "screen": "address", "details": AddressDetails };

export type PersonalDetails = { kind: IdDocumentKind | null, number: string, 
/**
 * `YYYY-MM-DD`.
 */
issue_date: string, 
/**
 * `YYYY-MM-DD`.
 */
expiry_date: string, 
/**
 * A country name, e.g. "Thailand".
 */
issuing_country: string, holder_name: string, issuing_authority: string, };

export type AddressDetails = { line_1: string, line_2: string, building: string, city: string, state: string, postcode: string, 
/**
 * ISO 3166-1 alpha-2 of the address (the profile's country by default).
 */
country_code: string, proof_kind: ProofKind | null, 
/**
 * `YYYY-MM-DD`: when the bill or statement was issued.
 */
proof_date: string, 
/**
 * The account or reference number on the proof, if it has one.
 */
proof_reference: string, 
/**
 * Who issued it (the utility, the bank).
 */
proof_issuer: string, };

export type IdDocumentKind = "Passport" | "National ID card" | "Driving licence";

export type ProofKind = "Electricity bill" | "Water bill" | "Bank statement" | "Phone or internet bill" | "Tax letter";

export type FieldError = { 
/**
 * The wire name of the field.
 */
field: string, rule: Rule, message: string, };

export type Rule = "required" | "not_a_date" | "expiry_not_after_issue" | "expired" | "issued_in_future" | "unknown_country" | "implausible_number" | "implausible_name" | "implausible_postcode" | "too_long" | "proof_too_old" | "hidden_characters";

export type CountryName = { name: string, 
/**
 * ISO 3166-1 alpha-2.
 */
code: string, };

export type Consent = { version: string, 
/**
 * RFC 3339, UTC.
 */
given_at: string, };

export type Notice = "keychain_unavailable" | "draft_discarded";

export type ImageCode = "unsupported_format" | "too_many_bytes" | "too_large" | "corrupt" | "too_complex" | "cancelled" | "over_budget" | "encode";

export type CameraCode = "no_camera" | "permission_denied" | "busy" | "unsupported_format" | "disconnected" | "timeout" | "closed" | "unknown_device" | "still" | "backend" | "configuration";

export type ApiCode = "invalid_config" | "offline" | "timed_out" | "tls" | "unauthorized" | "rejected" | "rate_limited" | "server" | "bad_response";

export type UpdateCode = "insecure" | "redirect" | "signature" | "unreachable" | "bad_release" | "install";

export type UpdateOffer = { version: string, notes: string | null, };

export type Problem = "blurred" | "too_dark" | "too_bright" | "glare" | "too_small" | "cut_off" | "no_face" | "several_faces" | "face_too_small" | "face_off_centre" | "face_cut_off";

export type Finding = { problem: Problem, value: number, limit: number, };

export type Guidance = "face_in_oval" | "only_one_person" | "move_closer" | "move_back" | "centre_face" | "more_light" | "hold_still" | "ready";

export type Rect = { x: number, y: number, width: number, height: number, };

export type Live = { guidance: Guidance, 
/**
 * The face found, in the frame's pixels (none, or the first of several).
 */
face: Rect | null, 
/**
 * Take the photo now (once per steady spell).
 */
capture: boolean, };

export type AppError = { "kind": "invalid", errors: Array<FieldError>, } | { "kind": "no_photo", screen: Screen, } | { "kind": "image", code: ImageCode, message: string, } | { "kind": "quality", findings: Array<Finding>, can_accept: boolean, } | { "kind": "camera", code: CameraCode, message: string, } | { "kind": "api", code: ApiCode, message: string, 
/**
 * True when trying again may work (network, timeouts, server busy).
 */
transient: boolean, } | { "kind": "no_consent" } | { "kind": "storage", message: string, } | { "kind": "not_confirmed", message: string, } | { "kind": "update", code: UpdateCode, message: string, } | { "kind": "internal", message: string, };

export type DocumentFields = { 
/**
 * From the document code: `P` a passport, `I`/`A`/`C` an ID card.
 */
kind: IdDocumentKind | null, number: string, 
/**
 * `YYYY-MM-DD`.
 */
expiry_date: string, 
/**
 * `YYYY-MM-DD`.
 */
birth_date: string, 
/**
 * The issuing state's name as the country list has it, when it is a country (and was read
 * surely: no check digit protects it).
 */
issuing_country: string | null, 
/**
 * Given names then surname, as printed (upper case, transliterated); none when the reader
 * was unsure of a letter of it (no check digit protects a name).
 */
holder_name: string | null, };

export type ReadField = "kind" | "number" | "expiry_date" | "issuing_country" | "holder_name";

export type Mismatch = { field: ReadField, read: string, };

export type ZoneChecks = { document_number: boolean | null, birth_date: boolean | null, expiry_date: boolean | null, personal_number: boolean | null, composite: boolean | null, };

export type ZoneProblem = "no_document" | "not_read" | "checks_fail";

export type DocumentReading = { 
/**
 * The document's corners in the photo's pixels (top-left first, clockwise).
 */
corners: [[number, number], [number, number], [number, number], [number, number]] | null, lines: Array<string>, 
/**
 * Each check digit's result, when the lines parse as a zone.
 */
checks: ZoneChecks | null, fields: DocumentFields | null, problem: ZoneProblem | null, 
/**
 * Fields no check digit protects that the reader was unsure of: left out of `fields`, for
 * the person to type.
 */
unsure: Array<ReadField>, };

export type DocumentCheck = { reading: DocumentReading, 
/**
 * The typed details with every empty field the document speaks for filled in.
 */
filled: PersonalDetails, 
/**
 * Which fields of `filled` came from the document.
 */
prefilled: Array<ReadField>, 
/**
 * Typed fields that disagree with the document.
 */
mismatches: Array<Mismatch>, };

export type AppInfo = { 
/**
 * True when the app runs its own sandbox (a badge says so). The API's address is not
 * given: the page has no use for it and must not be able to call it.
 */
sandbox: boolean, 
/**
 * Which camera the selfie screen uses, in words.
 */
camera: string, 
/**
 * True in phone builds: the selfie camera is the page's own (`getUserMedia`), its still
 * sent with `webview_still`. False on desktops, where the camera is in Rust.
 */
webview_camera: boolean, 
/**
 * What to tell the person about this device (no keychain, a discarded draft).
 */
notices: Array<Notice>, 
/**
 * The consent given for the current text, if it was.
 */
consent: Consent | null, 
/**
 * The screens whose photo this device holds, not yet sent: the page fetches only these.
 */
photos: Array<Screen>, };

export type CameraStarted = { 
/**
 * Which camera, in words.
 */
camera: string, width: number, height: number, };

export const ID_DOCUMENT_KINDS: readonly IdDocumentKind[] = ["Passport","National ID card","Driving licence"];

export const PROOF_KINDS: readonly ProofKind[] = ["Electricity bill","Water bill","Bank statement","Phone or internet bill","Tax letter"];

export const SENDING_SCREENS: readonly Screen[] = ["personal_details","selfie","address"];

export const STEPS: readonly Step[] = ["validate","upload","update","read_back","done"];

export const GUIDANCE: readonly Guidance[] = ["face_in_oval","only_one_person","move_closer","move_back","centre_face","more_light","hold_still","ready"];
