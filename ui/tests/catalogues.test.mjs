// Every user-facing string is in every catalogue, translated: the same keys as English (plural
// forms as each language's plural rules need them), the same placeholders, and no value left
// identical to English unless listed in same-as-english.json as intended. Every key the code
// uses exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'src/lib/i18n/locales');
const load = (code) => JSON.parse(readFileSync(path.join(dir, `${code}.json`), 'utf8'));
const languages = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
const sameAsEnglish = JSON.parse(readFileSync(path.join(root, 'src/lib/i18n/same-as-english.json'), 'utf8'));

function flatten(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const placeholders = (text) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const english = new Map(flatten(load('en')));

test('every error code and rule the Rust side can send has its words', () => {
  // The codes are enums in Rust, exported to bindings.ts: a new one without words fails here.
  const bindings = readFileSync(path.join(root, 'src/lib/ipc/bindings.ts'), 'utf8');
  const members = (name) => {
    const declared = bindings.match(new RegExp(`export type ${name} = ([^;]+);`));
    assert.ok(declared, `${name} is in bindings.ts`);
    return [...declared[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  };
  const expected = [
    ...members('Rule').map((code) => `rules.${code}`),
    ...members('ImageCode').map((code) => `errors.image.${code}`),
    ...members('CameraCode').map((code) => `errors.camera.${code}`),
    // `rejected` carries the server's own sentence, in the asked language; it is shown as it is.
    ...members('ApiCode').filter((code) => code !== 'rejected').map((code) => `errors.api.${code}`),
  ];
  assert.ok(expected.length > 35, `${expected.length} codes`);
  assert.deepEqual(expected.filter((key) => !english.has(key)), []);
});

test('there are at least ten languages, one of them right to left', () => {
  assert.ok(languages.length >= 10, languages.join(', '));
  assert.ok(languages.includes('ar'));
});

for (const code of languages.filter((c) => c !== 'en')) {
  test(`${code}: every string is there and translated`, () => {
    const strings = new Map(flatten(load(code)));
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    const problems = [];
    const expected = new Set();
    for (const [key, value] of english) {
      const base = key.replace(pluralSuffix, '');
      if (base !== key) {
        for (const category of categories) expected.add(`${base}_${category}`);
        continue;
      }
      expected.add(key);
    }
    for (const key of expected) {
      const plural = pluralSuffix.test(key);
      const value = strings.get(key);
      const source = english.get(key) ?? english.get(key.replace(pluralSuffix, '_other'));
      if (value === undefined || value === '') problems.push(`missing ${key}`);
      else if (value === source && !sameAsEnglish[code]?.includes(key) && !sameAsEnglish['*'].includes(key))
        problems.push(`untranslated ${key}: "${value}"`);
      // A plural form may spell its number out ("one", "two"), so {{count}} is optional there.
      else if (placeholders(value).filter((p) => !plural || p !== 'count').join() !== placeholders(source).filter((p) => !plural || p !== 'count').join())
        problems.push(`placeholders differ in ${key}: ${placeholders(value)} vs ${placeholders(source)}`);
    }
    for (const key of strings.keys()) if (!expected.has(key)) problems.push(`unknown key ${key}`);
    assert.deepEqual(problems, []);
  });
}

test('every key the code asks for exists in English', () => {
  const files = [];
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : /\.(svelte|ts)$/.test(e.name) && files.push(path.join(d, e.name)),
    );
  walk(path.join(root, 'src'));
  const missing = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, key] of text.matchAll(/\bt\('([\w.]+)'/g)) {
      const plural = [...english.keys()].some((k) => k.startsWith(`${key}_`));
      if (!english.has(key) && !plural) missing.push(`${path.relative(root, file)}: ${key}`);
    }
    // Keys built from a prefix (t(`steps.${screen}`)) need the prefix to exist.
    for (const [, prefix] of text.matchAll(/\bt\(`([\w.]+)\.\$\{/g)) {
      if (![...english.keys()].some((k) => k.startsWith(`${prefix}.`))) missing.push(`${path.relative(root, file)}: ${prefix}.*`);
    }
  }
  assert.deepEqual(missing, []);
});
