import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { chooseLanguage, chooseTheme, initialLanguage, initialTheme } from './lib/settings.svelte';

chooseLanguage(initialLanguage(), false);
chooseTheme(initialTheme(), false);
mount(App, { target: document.getElementById('app')! });
