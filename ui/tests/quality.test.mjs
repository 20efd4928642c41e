// The quality gate on the document screens, in the preview (whose backend refuses the photo as the
// app's does on the `quality` state: blurred, refused on the first two tries, then a warning the
// person may accept): the reason is said with what to do, nothing chosen before is lost, and from
// the third try "Use this photo anyway" keeps it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
