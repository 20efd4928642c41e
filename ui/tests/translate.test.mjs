// The page reads its catalogues with src/lib/i18n/translate.ts, not with i18next (45 KB the first
// screen no longer parses). It must find exactly what i18next finds: every key of every catalogue,
// with counts that reach every plural form (Arabic's six), placeholders filled, English for what a
// catalogue lacks, the default value or the key for what none has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import i18next from 'i18next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'src/lib/i18n/locales');
const languages = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
const catalogues = Object.fromEntries(
  languages.map((code) => [code, JSON.parse(readFileSync(path.join(dir, `${code}.json`), 'utf8'))]),
);

// translate.ts, compiled to JavaScript as it is (types stripped), loaded as a module.
const source = readFileSync(path.join(root, 'src/lib/i18n/translate.ts'), 'utf8');
const compiled = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
}).outputText;
const { translate } = await import(`data:text/javascript;base64,${Buffer.from(compiled).toString('base64')}`);

const reference = i18next.createInstance();
await reference.init({
  resources: Object.fromEntries(languages.map((code) => [code, { translation: catalogues[code] }])),
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

const flatten = (object, prefix = '') =>
  Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
const plural = /_(zero|one|two|few|many|other)$/;
// Every key any catalogue has, as the code asks for it (a plural key without its suffix).
const keys = [...new Set(languages.flatMap((code) => flatten(catalogues[code]).map((k) => k.replace(plural, ''))))];
// Values for every placeholder a catalogue uses, so a missed or misnamed one shows.
const names = new Set(
  languages.flatMap((code) =>
    flatten(catalogues[code]).flatMap((k) => {
      const value = k.split('.').reduce((node, part) => node[part], catalogues[code]);
      return [...value.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]);
    }),
  ),
);
const filled = Object.fromEntries([...names].filter((name) => name !== 'count').map((name) => [name, `«${name}»`]));
const ours = (code, key, options) => translate([catalogues[code], catalogues.en], [code, 'en'], key, options);
const theirs = (code, key, options) => reference.t(key, { ...options, lng: code });

test('every key of every catalogue reads as i18next reads it', () => {
  assert.ok(keys.length > 200, `${keys.length} keys`);
  for (const code of languages) {
    for (const key of keys) assert.equal(ours(code, key, filled), theirs(code, key, filled), `${code} ${key}`);
  }
});

test('plural forms: counts that reach every form of every language', () => {
  const counts = [0, 1, 2, 3, 5, 11, 21, 100, 102, 1.5];
  const counted = keys.filter((key) => languages.some((code) => flatten(catalogues[code]).some((k) => k.startsWith(`${key}_`))));
  assert.ok(counted.includes('status.received'), counted.join(', '));
  let forms = new Set();
  for (const code of languages) {
    for (const key of [...counted, 'send.fixFields', 'personal.filledFromDocument']) {
      for (const count of counts) {
        const options = { ...filled, count };
        assert.equal(ours(code, key, options), theirs(code, key, options), `${code} ${key} ${count}`);
        forms.add(`${code}:${new Intl.PluralRules(code).select(count)}`);
      }
    }
  }
  // Arabic's six forms were all asked for.
  for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) assert.ok(forms.has(`ar:${form}`), form);
});

test('a key no catalogue has: the default value, else the key; a missing placeholder is left empty', () => {
  for (const code of languages) {
    for (const options of [{}, { defaultValue: 'The server said no.' }, { count: 2, defaultValue: 'Two of {{count}}' }]) {
      assert.equal(ours(code, 'errors.api.not_a_code', options), theirs(code, 'errors.api.not_a_code', options));
    }
    assert.equal(ours(code, 'status.received', {}), theirs(code, 'status.received', {}));
  }
  assert.equal(ours('de', 'errors.api.not_a_code', { defaultValue: 'Nein.' }), 'Nein.');
  assert.equal(ours('de', 'no.such.key'), 'no.such.key');
});

test('what a catalogue lacks comes from English', () => {
  const partial = { status: {} };
  assert.equal(translate([partial, catalogues.en], ['fr', 'en'], 'status.received', { count: 1 }), ours('en', 'status.received', { count: 1 }));
});

test('a `_zero` form is used for 0 in any language, as i18next does', async () => {
  const made = { items_zero: 'Nothing yet', items_one: 'One item', items_other: '{{count}} items', n: { deep: '{{ a }}+{{b}}' } };
  const other = i18next.createInstance();
  await other.init({ resources: { en: { translation: made } }, lng: 'en', interpolation: { escapeValue: false } });
  for (const count of [0, 1, 2]) {
    assert.equal(translate([made], ['en'], 'items', { count }), other.t('items', { count }));
  }
  assert.equal(translate([made], ['en'], 'items', { count: 0 }), 'Nothing yet');
  assert.equal(translate([made], ['en'], 'n.deep', { a: 1, b: 2 }), other.t('n.deep', { a: 1, b: 2 }));
});
