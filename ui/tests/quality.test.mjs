// The quality gate on the document screens, in the preview (whose backend refuses the photo as the
// app's does on the `quality` state: blurred, refused on the first two tries, then a warning the
// person may accept): the reason is said with what to do, nothing chosen before is lost, and from
// the third try "Use this photo anyway" keeps it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, openState } from './browser.mjs';

const idFront = new URL('../../examples/submit/id-front.png', import.meta.url).pathname;
let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

for (const screen of ['personal_details', 'address']) {
  test(`${screen}: a blurred photo is refused twice with what to do, then may be used anyway`, async () => {
    const page = await session.browser.newPage();
    await openState(page, session.base, { screen, state: 'quality' });
    const error = page.locator(`[data-testid="photo-${screen}-error"]`);
    const anyway = page.locator(`[data-testid="photo-${screen}-use-anyway"]`);
    const preview = page.locator(`[data-testid="photo-${screen}-preview"]`);
    // The state as the gallery shows it: the gate's reason, and the photo chosen before still there.
    assert.match(await error.innerText(), /blurred.*Hold the document still.*another photo/s);
    assert.equal(await error.getAttribute('role'), 'alert');
    const before = await preview.getAttribute('src');
    const input = page.locator(`[data-testid="photo-${screen}-input"]`);
    for (const attempt of [1, 2]) {
      await input.setInputFiles(idFront);
      await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}-preparing"]`), `photo-${screen}`);
      assert.match(await error.innerText(), /blurred/, `attempt ${attempt}`);
      assert.equal(await anyway.count(), 0, `no way around it on attempt ${attempt}`);
      assert.equal(await preview.getAttribute('src'), before, 'a refused photo never replaces the one before');
    }
    await input.setInputFiles(idFront);
    await anyway.waitFor();
    assert.match(await error.innerText(), /reviewer may then ask for a new one/);
    await anyway.click();
    await error.waitFor({ state: 'detached' });
    assert.notEqual(await preview.getAttribute('src'), before, 'kept once the person said so');
    assert.equal(await anyway.count(), 0);
    await page.close();
  });
}

test('the reason is in the chosen language', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'personal_details', state: 'quality', lang: 'de' });
  assert.match(await page.locator('[data-testid="photo-personal_details-error"]').innerText(), /unscharf/);
  await page.close();
});

/** A union or list of string codes in the generated bindings, by name. */
function codes(name) {
  const bindings = readFileSync(new URL('../src/lib/ipc/bindings.ts', import.meta.url), 'utf8');
  const line = bindings.split('\n').find((l) => l.startsWith(`export type ${name} =`));
  return [...line.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
}

test('the designers can see every finding and every guidance message, each in its words', async () => {
  const states = JSON.parse(readFileSync(new URL('../src/lib/preview/states.json', import.meta.url), 'utf8'));
  const shown = Object.values(states).flat();
  const en = JSON.parse(readFileSync(new URL('../src/lib/i18n/locales/en.json', import.meta.url), 'utf8'));
  for (const problem of codes('Problem')) assert.ok(shown.includes(`quality-${problem}`), `a state for ${problem}`);
  const page = await session.browser.newPage();
  for (const guidance of codes('Guidance')) {
    assert.ok(states.selfie.includes(`guidance-${guidance}`), `a state for ${guidance}`);
    await openState(page, session.base, { screen: 'selfie', state: `guidance-${guidance}` });
    const words = page.locator('[data-testid="guidance"]');
    await page.waitForFunction((g) => document.querySelector('[data-testid="guidance"]')?.dataset.guidance === g, guidance);
    assert.equal(await words.innerText(), en.guidance[guidance]);
  }
  for (const problem of ['no_face', 'several_faces', 'face_too_small', 'face_off_centre', 'face_cut_off']) {
    await openState(page, session.base, { screen: 'selfie', state: `quality-${problem}` });
    const error = page.locator('[data-testid="camera-error"]');
    assert.equal(await error.getAttribute('data-code'), 'quality');
    assert.ok((await error.innerText()).includes(en.quality[problem]), problem);
    assert.equal(await page.locator('[data-testid="camera-retry"]').innerText(), en.selfie.retake);
  }
  await page.close();
});
