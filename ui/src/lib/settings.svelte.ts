// The person's display choices: language and theme. Not personal data; kept in localStorage.
import { LANGUAGES, language, pickLanguage, setLanguage, type Language } from './i18n/index.svelte';
import { setServerLanguage } from './ipc';

export type Theme = 'light' | 'dark' | 'system';

const params = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
const stored = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};

export function initialLanguage(): Language {
  const asked = params.get('lang') ?? stored('kyc-lang');
  if (asked && LANGUAGES.some((l) => l.code === asked)) return asked as Language;
  return pickLanguage(navigator.languages ?? [navigator.language]);
}

/** Shows the page in `code`. The person's choice is remembered and told to the Rust side at once;
 *  the language the page starts in (`chosen` false) is told by the app with `tellServerLanguage`,
 *  after its first screen is drawn and before it asks for any data. */
export async function chooseLanguage(code: Language, chosen = true) {
  if (chosen) {
    // Server messages (the sandbox's errors) come back in the same language.
    setServerLanguage(code).catch(() => {});
    try {
      localStorage.setItem('kyc-lang', code);
    } catch {}
  }
  await setLanguage(code);
}

/** Tells the Rust side the page's language, which it sends as the Accept-Language of every API call. */
export const tellServerLanguage = () => setServerLanguage(language()).catch(() => {});

export function initialTheme(): Theme {
  const asked = params.get('theme') ?? stored('kyc-theme');
  return asked === 'light' || asked === 'dark' ? asked : 'system';
}

const systemDark = typeof matchMedia === 'undefined' ? null : matchMedia('(prefers-color-scheme: dark)');
let followSystem = false;
systemDark?.addEventListener('change', () => {
  if (followSystem) document.documentElement.dataset.theme = systemDark.matches ? 'dark' : 'light';
});

/** Applies a theme; "system" follows the system's light or dark setting as it changes. */
export function chooseTheme(theme: Theme, remember = true) {
  followSystem = theme === 'system';
  document.documentElement.dataset.theme = followSystem ? (systemDark?.matches ? 'dark' : 'light') : theme;
  if (remember) {
    try {
      localStorage.setItem('kyc-theme', theme);
    } catch {}
  }
}
