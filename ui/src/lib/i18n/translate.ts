// How a string is found in the catalogues: i18next's JSON format (nested keys, `{{name}}`
// placeholders, plural forms as `key_zero`, `key_one`, … `key_other` chosen by Intl.PluralRules),
// resolved in i18next's order. Plain TypeScript with no Svelte state, so tests/translate.test.mjs can
// hold it to i18next itself on every catalogue.

export type Catalogue = { [key: string]: string | Catalogue };

/** What a string may be given: `count` picks the plural form, `defaultValue` stands in for a key no
 *  catalogue has, any other name fills its `{{name}}`. */
export type TOptions = { count?: number; defaultValue?: string; [name: string]: unknown };

const lookup = (catalogue: Catalogue | undefined, key: string): string | undefined => {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

const rules = new Map<string, Intl.PluralRules>();
const pluralForm = (language: string, count: number) => {
  let r = rules.get(language);
  if (!r) rules.set(language, (r = new Intl.PluralRules(language)));
  return r.select(count);
};

/** With a count: `key_zero` (for 0), then the language's plural form, then the plain key. */
function resolve(catalogue: Catalogue | undefined, language: string, key: string, count: number | undefined) {
  if (count === undefined) return lookup(catalogue, key);
  return (
    (count === 0 ? lookup(catalogue, `${key}_zero`) : undefined) ??
    lookup(catalogue, `${key}_${pluralForm(language, count)}`) ??
    lookup(catalogue, key)
  );
}

/** The string for `key` from the first catalogue that has it (each read with its language's plural
 *  rules), else `defaultValue`, else the key itself; its `{{name}}` placeholders filled. */
export function translate(
  catalogues: (Catalogue | undefined)[],
  languages: string[],
  key: string,
  options: TOptions = {},
): string {
  let text: string | undefined;
  for (let i = 0; i < catalogues.length && text === undefined; i++) {
    text = resolve(catalogues[i], languages[i], key, options.count);
  }
  return (text ?? options.defaultValue ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    String(options[name] ?? ''),
  );
}
