import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'es2022',
    // The app's page, and the designers' gallery of every screen and state.
    rollupOptions: { input: { index: 'index.html', gallery: 'gallery.html' } },
  },
});
