// Every user-facing string comes from the catalogues in ./locales, in i18next's JSON format, read by
// ./translate.ts (held to i18next itself by tests/translate.test.mjs) rather than by i18next, whose
// 45 KB were a third of the page's script at start-up (ARCHITECTURE.md). Numbers and dates go
// through Intl in the chosen language. The language follows the system locale, can be changed in
// the app, and is told to the Rust side, which sends it as the Accept-Language of every API call.
import type { ApiCode, CameraCode, Guidance, ImageCode, Problem, Rule, UpdateCode } from '../ipc/bindings';
import en from './locales/en.json';
import { translate, type Catalogue, type TOptions } from './translate';

// English is in the page (it is every other language's fallback); each other catalogue is its
// own file, fetched and parsed only when that language is chosen.
const others = import.meta.glob<{ default: object }>(['./locales/*.json', '!./locales/en.json']);

export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'th', name: 'ไทย', dir: 'ltr' },
  { code: 'ja', name: '日本語', dir: 'ltr' },
  { code: 'zh', name: '简体中文', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', dir: 'ltr' },
  { code: 'id', name: 'Bahasa Indonesia', dir: 'ltr' },
  { code: 'vi', name: 'Tiếng Việt', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/** Words for every code the Rust side sends: a code added or renamed there (bindings.ts) fails the
 *  type check until the English catalogue words it (the catalogue test holds the other languages to English). */
type Worded<K extends string> = { [key in K]: string };
en satisfies {
  rules: Worded<Rule>;
  errors: {
    image: Worded<ImageCode>;
    camera: Worded<CameraCode>;
    api: Worded<Exclude<ApiCode, 'rejected'>>;
    update: Worded<UpdateCode>;
  };
  quality: Worded<Problem>;
  guidance: Worded<Guidance>;
};

const catalogues: Partial<Record<Language, Catalogue>> = { en };

let current: Language = $state('en');

/** The best supported language for a list of BCP 47 tags (navigator.languages). */
export function pickLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    const found = LANGUAGES.find((l) => l.code === base);
    if (found) return found.code;
  }
  return 'en';
}

export const language = () => current;
export const direction = () => LANGUAGES.find((l) => l.code === current)?.dir ?? 'ltr';

let asked = 0;

/** Loads the language's catalogue (once) and switches the UI to it, with the page's lang and dir.
 *  Of quick successive choices the last wins. Should a catalogue fail to load, its strings fall
 *  back to English. */
export async function setLanguage(code: Language) {
  const ask = ++asked;
  const load = others[`./locales/${code}.json`];
  if (load && !catalogues[code]) {
    try {
      catalogues[code] = (await load()).default as Catalogue;
    } catch {
      // English it is (every missing string falls back to it).
    }
  }
  if (ask !== asked) return;
  current = code;
  document.documentElement.lang = code === 'zh' ? 'zh-CN' : code;
  document.documentElement.dir = direction();
}

/** A string in the current language (else English, else `defaultValue`, else the key itself), its
 *  `{{name}}` placeholders filled; reading it in a template re-renders on a language change. */
export function t(key: string, options: TOptions = {}): string {
  return translate([catalogues[current], catalogues.en], [current, 'en'], key, options);
}

/** A date (YYYY-MM-DD) in the current language's style; the text itself when it is not a date. */
export function formatDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A country's name in the current language (from the browser's CLDR data), else the given name. */
export function countryName(code: string, fallback: string): string {
  try {
    return new Intl.DisplayNames([current], { type: 'region' }).of(code) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Options for a country list in the current language, sorted for it. */
export function countryOptions<T>(countries: { name: string; code: string }[], value: (c: { name: string; code: string }) => T) {
  const collator = new Intl.Collator(current);
  return countries
    .map((c) => ({ value: value(c), label: countryName(c.code, c.name) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}
