// The designers' preview: which screen and state the URL asks for. Every screen in every state is
// reachable as index.html?screen=<screen>&state=<state>&lang=<code>&theme=light|dark; without
// `state` the preview runs the whole flow against an in-memory stand-in of the server.
import type { AppError, DocumentCheck, DocumentFields, FieldError, Finding, PersonalDetails, Problem, Rule, Screen, Step } from '../ipc/bindings';
import states from './states.json';

/** Every state of every screen (also read by the gallery, the render and the accessibility test). */
export const STATES: Record<Screen, string[]> = states;

export type Scenario = { screen: Screen; state: string };

function read(): Scenario | null {
  if (typeof window === 'undefined' || '__TAURI_INTERNALS__' in window) return null;
  const params = new URLSearchParams(window.location.search);
  const screen = params.get('screen') as Screen | null;
  const state = params.get('state');
  if (!screen || !state || !(screen in STATES) || !STATES[screen].includes(state)) return null;
  return { screen, state };
}

/** The state the URL asks for, or null (the app itself, or the preview's interactive flow). */
export const scenario = read();

const fieldsWithErrors: Record<string, Record<string, [string, Rule][]>> = {
  personal_details: {
    'error-required': [
      ['identification_type', 'required'],
      ['identification_value', 'required'],
      ['identification_issuing_date', 'required'],
      ['identification_doc_expiry', 'required'],
      ['identification_doc_issuance_country', 'required'],
      ['identification_doc_holder_name', 'required'],
      ['identification_issuing_authority', 'required'],
    ],
    'error-not_a_date': [['identification_issuing_date', 'not_a_date']],
    'error-expiry_not_after_issue': [['identification_doc_expiry', 'expiry_not_after_issue']],
    'error-expired': [['identification_doc_expiry', 'expired']],
    'error-issued_in_future': [['identification_issuing_date', 'issued_in_future']],
    'error-unknown_country': [['identification_doc_issuance_country', 'unknown_country']],
    'error-implausible_number': [['identification_value', 'implausible_number']],
    'error-implausible_name': [['identification_doc_holder_name', 'implausible_name']],
    'error-too_long': [['identification_issuing_authority', 'too_long']],
  },
  address: {
    'error-required': [
      ['address_line_1', 'required'],
      ['city', 'required'],
      ['identification_type', 'required'],
      ['identification_issuing_date', 'required'],
      ['identification_issuing_authority', 'required'],
    ],
    'error-not_a_date': [['identification_issuing_date', 'not_a_date']],
    'error-issued_in_future': [['identification_issuing_date', 'issued_in_future']],
    'error-implausible_postcode': [['zip_code', 'implausible_postcode']],
    'error-proof_too_old': [['identification_issuing_date', 'proof_too_old']],
  },
};

export type Seed = {
  step?: Step;
  failure?: AppError;
  preparing?: boolean;
  /** The quality gate's refusal of the photo just chosen. */
  photoFailure?: AppError;
  /** Screen 1's document read, as the app would have made it from the photo just chosen. */
  reading?: DocumentCheck;
};

/** What the preview's stand-in "reads" from any ID photo: the sample holder's passport. */
export const readFields: DocumentFields = {
  kind: 'Passport',
  number: 'SX1234567',
  expiry_date: '2031-06-17',
  birth_date: '1990-04-12',
  issuing_country: 'Thailand',
  holder_name: 'ALEX SAMPLE',
};

/** The preview's stand-in for the app's document check: the read fields set against the typed ones
 *  (plain comparisons; the app's own, tolerant of spacing, case and transliteration, is in Rust). */
export function standInCheck(
  details: PersonalDetails,
  fields: DocumentFields | null,
  problem: DocumentCheck['reading']['problem'] = null,
  checks: DocumentCheck['reading']['checks'] = null,
): DocumentCheck {
  const unsure: DocumentCheck['reading']['unsure'] = fields && fields.holder_name === null ? ['holder_name'] : [];
  const reading = { corners: null, lines: [], checks, fields, problem, unsure };
  if (!fields) return { reading, filled: details, prefilled: [], mismatches: [] };
  const filled = { ...details };
  const prefilled: DocumentCheck['prefilled'] = [];
  if (!filled.kind && fields.kind) (filled.kind = fields.kind), prefilled.push('kind');
  const name = (fields.holder_name ?? '').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
  for (const [key, field, value] of [
    ['number', 'number', fields.number],
    ['expiry_date', 'expiry_date', fields.expiry_date],
    ['issuing_country', 'issuing_country', fields.issuing_country ?? ''],
    ['holder_name', 'holder_name', name],
  ] as const) {
    if (!filled[key].trim() && value) (filled[key] = value), prefilled.push(field);
  }
  const mismatches = (['number', 'expiry_date', 'issuing_country', 'holder_name'] as const)
    .filter((key) => (key !== 'holder_name' || name) && details[key].trim() && details[key].trim().toLowerCase() !== (key === 'holder_name' ? name : (fields[key] ?? '')).toLowerCase())
    .map((field) => ({ field, read: field === 'holder_name' ? name : (fields[field] ?? '') }));
  return { reading, filled, prefilled, mismatches };
}

/** A finding as the gate reports it, with a value it could have measured (the limit is `kyc_vision::limits`'s). */
const findings: Record<Problem, Finding> = {
  blurred: { problem: 'blurred', value: 12.5, limit: 40 },
  too_dark: { problem: 'too_dark', value: 0.09, limit: 0.2 },
  too_bright: { problem: 'too_bright', value: 0.41, limit: 0.25 },
  glare: { problem: 'glare', value: 0.021, limit: 0.005 },
  too_small: { problem: 'too_small', value: 0.12, limit: 0.2 },
  cut_off: { problem: 'cut_off', value: 1, limit: 0 },
  no_face: { problem: 'no_face', value: 0, limit: 1 },
  several_faces: { problem: 'several_faces', value: 2, limit: 1 },
  face_too_small: { problem: 'face_too_small', value: 0.02, limit: 0.05 },
  face_off_centre: { problem: 'face_off_centre', value: 0.31, limit: 0.2 },
  face_cut_off: { problem: 'face_cut_off', value: 0.24, limit: 0.1 },
};

/** How a screen starts in the requested state (nothing, in the app). */
export function seed(screen: Screen): Seed {
  if (!scenario || scenario.screen !== screen) return {};
  const { state } = scenario;
  const rules = fieldsWithErrors[screen]?.[state];
  if (rules) {
    const errors: FieldError[] = rules.map(([field, rule]) => ({ field, rule, message: '' }));
    return { step: 'validate', failure: { kind: 'invalid', errors } };
  }
  // Screen 1 after its photo was read: empty fields filled from it; a typed number that differs; no document found.
  if (screen === 'personal_details' && state === 'prefilled') {
    const typed = { kind: null, number: '', issue_date: '2021-06-18', expiry_date: '', issuing_country: '', holder_name: '', issuing_authority: 'Sandbox Passport Office' };
    return { reading: standInCheck(typed, readFields) };
  }
  if (screen === 'personal_details' && state === 'mismatch') {
    const typed = { kind: 'Passport' as const, number: 'SX1234576', issue_date: '2021-06-18', expiry_date: '2031-06-17', issuing_country: 'Thailand', holder_name: 'Alex Sample', issuing_authority: 'Sandbox Passport Office' };
    return { reading: standInCheck(typed, readFields) };
  }
  const untyped = { kind: null, number: '', issue_date: '', expiry_date: '', issuing_country: '', holder_name: '', issuing_authority: '' };
  // A zone whose expiry date's check digit fails: nothing filled, the failed check named.
  if (screen === 'personal_details' && state === 'checks_fail') {
    const checks = { document_number: true, birth_date: true, expiry_date: false, personal_number: true, composite: false };
    return { reading: standInCheck(untyped, null, 'checks_fail', checks) };
  }
  // A name the reader was unsure of: the protected fields filled, the name left to type.
  if (screen === 'personal_details' && state === 'unsure') return { reading: standInCheck(untyped, { ...readFields, holder_name: null }) };
  if (screen === 'personal_details' && state === 'no_document') return { reading: standInCheck({ kind: null, number: '', issue_date: '', expiry_date: '', issuing_country: '', holder_name: '', issuing_authority: '' }, null, 'no_document') };
  // `quality-<problem>`: the gate refused the photo just chosen (or taken) for that one reason.
  if (state.startsWith('quality-')) {
    const finding = findings[state.slice('quality-'.length) as Problem];
    if (finding) return { photoFailure: { kind: 'quality', findings: [finding], can_accept: false } };
  }
  switch (state) {
    case 'preparing':
      return { preparing: true };
    case 'quality':
      return { photoFailure: { kind: 'quality', findings: [{ problem: 'blurred', value: 12.5, limit: 40 }], can_accept: false } };
    case 'error-photo':
      return { step: 'validate', failure: { kind: 'no_photo', screen } };
    case 'uploading':
      return { step: 'upload' };
    case 'failed':
      return { step: 'upload', failure: { kind: 'api', code: 'offline', message: '', transient: true } };
    default:
      return {};
  }
}

/** States before a photo is chosen or taken (the selfie's live preview in each of its guidance messages too). */
const unfilled = ['empty', 'error-required', 'rejected', 'error-photo', 'starting', 'live', 'auto_capture', 'no_camera', 'permission_denied'];

/** Whether the requested state shows the screen's form filled in and its photo chosen. */
export const filled = (screen: Screen) =>
  scenario?.screen === screen &&
  !unfilled.includes(scenario.state) &&
  !scenario.state.startsWith('guidance-') &&
  !(screen === 'selfie' && scenario.state.startsWith('quality-'));
