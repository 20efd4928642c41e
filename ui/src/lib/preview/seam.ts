// Everything the app's page takes from the designers' preview, in one module: the preview
// backend and the state the URL asks for. `ipc/index.ts` loads it only in a plain browser and
// only outside the app's production build, which therefore carries none of it.
export { previewBackend } from './backend';
export { scenario, seed } from './scenario';
export { applyScenario } from './setup';
