// A field's error as shown: it stays until the person changes the field; a new send brings new errors.
// Shared by the text and select fields; create it while a component initialises.
export class FieldErrorView {
  private edited = $state(false);
  readonly #source: () => string | undefined;
  readonly message: string | undefined = $derived.by(() => (this.edited ? undefined : this.#source()));

  constructor(source: () => string | undefined) {
    this.#source = source;
    $effect.pre(() => {
      source();
      this.edited = false;
    });
  }

  /** Call when the person changes the field. */
  edit = () => {
    this.edited = true;
  };
}
