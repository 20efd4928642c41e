// Start-up marks, read by the start-up bench (e2e/bench/app.js): script run, data in, screen usable.
performance.mark('kyc:script');
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { chooseLanguage, chooseTheme, initialLanguage, initialTheme } from './lib/settings.svelte';
import { loadPreview } from './lib/ipc';

// A function rather than top-level await: a module awaiting at its top level keeps the bundler
// from putting the code it shares with the later screens into this file (one more to fetch).
async function start() {
  chooseTheme(initialTheme(), false);
  await loadPreview(); // the designers' preview backend, in a plain browser only
  // Only the person's language is loaded. The first screen's data is asked for by the app as it
  // mounts: after the first screen is drawn on a first run, before it otherwise.
  await chooseLanguage(initialLanguage(), false);
  mount(App, { target: document.getElementById('app')! });
}
start();
