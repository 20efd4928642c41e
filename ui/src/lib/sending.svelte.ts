// One screen's send: its step, its failure and its field errors, for the screen to show.
import { tick } from 'svelte';
import { asAppError, seed, send, type AppError, type FieldError, type Form, type Overview, type Screen, type Step } from './ipc';
import { t } from './i18n/index.svelte';

/** A failure in the person's language: by its code where the catalogue has it, else the server's words. */
export function describe(failure: AppError): string {
  switch (failure.kind) {
    case 'invalid':
      return t('send.fixFields', { count: failure.errors.length });
    case 'no_photo':
      return t(failure.screen === 'address' ? 'address.photoMissing' : 'personal.photoMissing');
    case 'image':
    case 'camera':
    case 'update':
      return t(`errors.${failure.kind}.${failure.code}`, { defaultValue: failure.message });
    case 'quality':
      return [...failure.findings.map((f) => t(`quality.${f.problem}`)), failure.can_accept ? t('quality.mayAccept') : t('quality.retake')].join(' ');
    case 'api':
      // A refusal carries the server's own words, in the user's language where the server has it.
      return failure.code === 'rejected' ? failure.message : t(`errors.api.${failure.code}`, { defaultValue: failure.message });
    case 'not_confirmed':
      return t('errors.not_confirmed');
    case 'no_consent':
      return t('errors.no_consent');
    case 'storage':
      return t('errors.storage');
    case 'internal':
      return t('errors.internal');
  }
}

export class Sending {
  readonly screen: Screen;
  step: Step | null = $state(null);
  failure: AppError | null = $state(null);
  busy = $derived(this.step !== null && this.failure === null);
  /** Field errors keyed by the field's wire name, in the current language. */
  errors: Record<string, string> = $derived(this.fieldErrors());
  /** The photo's problem, if the send failed for it. */
  photoError: string | null = $derived(
    this.failure?.kind === 'no_photo' || this.failure?.kind === 'image' ? describe(this.failure) : null,
  );

  constructor(screen: Screen) {
    this.screen = screen;
    const start = seed(screen);
    this.step = start.step ?? null;
    this.failure = start.failure ?? null;
  }

  private fieldErrors(): Record<string, string> {
    if (this.failure?.kind !== 'invalid') return {};
    const entries = this.failure.errors.map((e: FieldError) => [
      e.field,
      t(`rules.${e.rule}`, { field: t(`fields.${this.screen}.${e.field}`) }),
    ]);
    return Object.fromEntries(entries);
  }

  /** Sends the form; answers the overview, or null when it failed (the failure is kept to show). */
  async run(form: Form): Promise<Overview | null> {
    this.failure = null;
    this.step = 'validate';
    try {
      const overview = await send(form, (step) => (this.step = step));
      this.step = null;
      return overview;
    } catch (e) {
      this.failure = asAppError(e);
      if (this.failure.kind === 'invalid') {
        // Take the person to the first field to fix, once the errors are on screen.
        tick().then(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }
      return null;
    }
  }
}
