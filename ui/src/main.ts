// Start-up marks, read by the start-up bench (e2e/bench/app.js): script run, data in, screen usable.
performance.mark('kyc:script');
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { chooseLanguage, chooseTheme, initialLanguage, initialTheme } from './lib/settings.svelte';
import { askEarly, loadPreview } from './lib/ipc';

chooseTheme(initialTheme(), false);
await loadPreview(); // the designers' preview backend, in a plain browser only
// Only the person's language is loaded; meanwhile the first screen's data is already asked for.
const language = chooseLanguage(initialLanguage(), false);
askEarly();
await language;
mount(App, { target: document.getElementById('app')! });
