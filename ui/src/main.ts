import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { chooseLanguage, chooseTheme, initialLanguage, initialTheme } from './lib/settings.svelte';
import { loadPreview } from './lib/ipc';

chooseLanguage(initialLanguage(), false);
chooseTheme(initialTheme(), false);
await loadPreview();
mount(App, { target: document.getElementById('app')! });
