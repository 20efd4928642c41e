import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `vite build` makes the app's page alone (dist/, what Tauri bundles): no preview backend, no
// fixtures, no gallery. `vite build --mode preview` makes the designers' preview (dist-preview/):
// the same page on the preview backend, and the gallery of every screen and state.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    outDir: mode === 'preview' ? 'dist-preview' : 'dist',
    rollupOptions: {
      input: mode === 'preview' ? { index: 'index.html', gallery: 'gallery.html' } : { index: 'index.html' },
    },
  },
}));
