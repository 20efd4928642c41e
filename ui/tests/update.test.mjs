// The start screen's update notice, in the preview (whose backend offers version 0.2.0 in the
// `update` states and refuses its install for a bad signature): nothing is shown without an
// update, the offer names the version, and a refused install says why in the person's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openState } from './browser.mjs';

let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

test('no update, no notice; an offered update names its version and installs only when pressed', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'start', state: 'fresh' });
  assert.equal(await page.locator('[data-testid="update"]').count(), 0);
  await openState(page, session.base, { screen: 'start', state: 'update' });
  const notice = page.locator('[data-testid="update"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /An update is ready: version 0\.2\.0/);
  assert.equal(await page.locator('[data-testid="update-failed"]').count(), 0, 'nothing is installed unasked');
  await page.locator('[data-testid="update-install"]').click();
  const failed = page.locator('[data-testid="update-failed"]');
  await failed.waitFor();
  assert.match(await failed.innerText(), /not signed by the app's makers/);
  assert.equal(await page.locator('[data-testid="update-install"]').isEnabled(), true, 'the person may try again');
  await page.close();
});

test('the refused state is worded in the chosen language', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'start', state: 'update-refused', lang: 'de' });
  const failed = page.locator('[data-testid="update-failed"]');
  await failed.waitFor();
  assert.match(await failed.innerText(), /nicht von den Machern der App signiert/);
  await page.close();
});
