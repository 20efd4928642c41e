// One screen's send: its step, its failure and its field errors, for the screen to show.
import { asAppError, send, type AppError, type Form, type Overview, type Step } from './ipc';

export class Sending {
  step: Step | null = $state(null);
  failure: AppError | null = $state(null);
  /** Field errors keyed by the field's wire name. */
  errors: Record<string, string> = $state({});
  busy = $derived(this.step !== null && this.failure === null);

  /** Sends the form; answers the overview, or null when it failed (the failure is kept to show). */
  async run(form: Form): Promise<Overview | null> {
    this.failure = null;
    this.errors = {};
    this.step = 'validate';
    try {
      const overview = await send(form, (step) => (this.step = step));
      this.step = null;
      return overview;
    } catch (e) {
      const failure = asAppError(e);
      this.failure = failure;
      if (failure.kind === 'invalid') {
        this.errors = Object.fromEntries(failure.errors.map((f) => [f.field, f.message]));
        // Take the person to the first field to fix.
        queueMicrotask(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }
      return null;
    }
  }
}
