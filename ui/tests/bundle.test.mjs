// The app's own build (`npm run build`, what Tauri bundles) carries none of the designers'
// preview: no preview backend, no fixture data, no gallery page. The preview build has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

// Strings only the preview has: a fixture's holder and authority, the specimen drawing's text, a gallery state.
const markers = ['Sandbox Passport Office', 'Alex Sample', 'SPECIMEN · IDENTITY CARD', 'error-implausible_number'];

function holding(dir) {
  return files(dir).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return markers.filter((marker) => text.includes(marker)).map((marker) => `${path.relative(root, file)}: ${marker}`);
  });
}

test("the app's build holds no preview code, fixture or gallery", () => {
  const dist = path.join(root, 'dist');
  assert.ok(existsSync(path.join(dist, 'index.html')), 'run `npm run build` first');
  assert.ok(!existsSync(path.join(dist, 'gallery.html')), 'no gallery page');
  assert.deepEqual(holding(dist), []);
});

test('the preview build has them (so the markers above are real)', () => {
  const preview = path.join(root, 'dist-preview');
  assert.ok(existsSync(path.join(preview, 'gallery.html')), 'run `npm run build:preview` first');
  assert.ok(holding(preview).length >= markers.length, holding(preview).join('\n'));
});

// The longest string of a catalogue that English does not share (so finding it proves the language);
// for English, its longest string.
function ownString(code) {
  const read = (c) => JSON.parse(readFileSync(path.join(root, 'src/lib/i18n/locales', `${c}.json`), 'utf8'));
  const leaves = (o, prefix = '') =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
  const english = new Map(leaves(read('en')));
  return leaves(read(code))
    .filter(([key, value]) => (code === 'en' || english.get(key) !== value) && !value.includes('{{'))
    .map(([, value]) => value)
    .sort((a, b) => b.length - a.length)[0];
}

test("the app's page carries English only; each other language is its own file, loaded when chosen", () => {
  const dist = path.join(root, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  // What the page loads before it runs: its entry script and the chunks it preloads.
  const loaded = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => path.join(dist, m[1]));
  assert.ok(loaded.length >= 1, html);
  const entry = loaded.map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.ok(entry.includes(ownString('en')), 'English is in the page');
  const chunks = files(path.join(dist, 'assets')).filter((f) => f.endsWith('.js') && !loaded.includes(f));
  for (const code of ['th', 'ja', 'zh', 'es', 'fr', 'de', 'id', 'vi', 'ar']) {
    const own = ownString(code);
    assert.ok(!entry.includes(own), `${code} is not in the page`);
    const holding = chunks.filter((f) => readFileSync(f, 'utf8').includes(own));
    assert.equal(holding.length, 1, `${code} is in one file of its own: ${holding.join(', ')}`);
  }
});

// Start-up (issue 14): what the page fetches and parses before its first screen is its entry, one
// shared chunk and its style sheet. The budget keeps a library (i18next was 45 KB) or a later screen
// from slipping back in front of the first paint: today 82 KB of script.
test("the page's first paint loads two script files, within 90 KB, and no later screen", () => {
  const dist = path.join(root, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const loaded = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => path.join(dist, m[1]));
  assert.ok(loaded.length <= 2, loaded.join(', '));
  const bytes = loaded.reduce((sum, f) => sum + readFileSync(f).length, 0);
  assert.ok(bytes <= 90 * 1024, `${bytes} bytes of script before the first screen`);
  const text = loaded.map((f) => readFileSync(f, 'utf8')).join('\n');
  assert.ok(!text.includes('backendConnector'), 'i18next is not in the page');
  for (const testid of ['screen-selfie', 'screen-status']) {
    assert.ok(!text.includes(testid), `${testid} is a later chunk`);
  }
});
