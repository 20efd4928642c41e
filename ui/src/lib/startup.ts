// The moment the first screen became usable: marked for the start-up figure (scripts/bench-app.sh
// reads `data-interactive-at` and the `kyc:interactive` mark), and awaited by what the first screen
// does not need to show itself (the update check), so it runs after, not before, the first paint.

let up: () => void = () => {};
/** Resolves once the first screen is usable. */
export const firstScreenUp = new Promise<void>((resolve) => (up = resolve));

export function markInteractive() {
  if (document.documentElement.dataset.interactiveAt) return;
  document.documentElement.dataset.interactiveAt = String(Date.now());
  performance.mark('kyc:interactive');
  up();
}
