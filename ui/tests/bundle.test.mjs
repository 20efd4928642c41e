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
