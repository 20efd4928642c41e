import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { chooseLanguage, chooseTheme, initialLanguage, initialTheme } from './lib/settings.svelte';
import { loadPreview } from './lib/ipc';

chooseTheme(initialTheme(), false);
// Only the person's language is loaded, alongside the preview backend when this is the preview.
await Promise.all([chooseLanguage(initialLanguage(), false), loadPreview()]);
mount(App, { target: document.getElementById('app')! });
