// Screen 1's document read, in the preview (whose stand-in "reads" the sample passport from any ID
// photo, as the app reads the machine-readable zone): choosing the photo fills the empty fields and
// marks each, a typed number that differs is pointed out (and the warning follows an edit), nothing
// typed is overwritten, and the preview's states show each case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openState } from './browser.mjs';

const idFront = new URL('../../examples/submit/passport.jpg', import.meta.url).pathname;
let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

const value = (page, wire) => page.locator(`[data-testid="field-${wire}"]`).inputValue();

test('a chosen passport photo fills the empty fields, marks them, and points out a typed number that differs', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'personal_details', state: 'empty' });
  await page.locator('[data-testid="field-identification_value"]').fill('SX9999999');
  await page.locator('[data-testid="field-identification_issuing_authority"]').fill('Sandbox Passport Office');
  await page.locator('[data-testid="photo-personal_details-input"]').setInputFiles(idFront);
  await page.waitForFunction(() => document.querySelector('[data-testid="document-read"]')?.dataset.state === 'read');
  assert.match(await page.locator('[data-testid="document-read"]').innerText(), /4 details were filled in from your document/);
  assert.equal(await value(page, 'identification_doc_expiry'), '2031-06-17');
  assert.equal(await value(page, 'identification_doc_holder_name'), 'Alex Sample');
  assert.equal(await value(page, 'identification_doc_issuance_country'), 'Thailand');
  assert.equal(await value(page, 'identification_value'), 'SX9999999', 'what was typed stays');
  assert.equal(await value(page, 'identification_issuing_authority'), 'Sandbox Passport Office');
  for (const wire of ['identification_doc_expiry', 'identification_doc_holder_name', 'identification_doc_issuance_country']) {
    assert.equal(await page.locator(`[data-testid="field-${wire}-note"]`).innerText(), 'Read from your document');
  }
  const warning = page.locator('[data-testid="field-identification_value-warning"]');
  assert.equal(await warning.innerText(), 'Your document says SX1234567. Check what you typed.');
  const describedBy = await page.locator('[data-testid="field-identification_value"]').getAttribute('aria-describedby');
  assert.ok(describedBy.includes('field-identification_value-warning'), 'screen readers hear the warning with the field');
  // The person corrects the number: the warning goes. Editing a filled field removes its mark.
  await page.locator('[data-testid="field-identification_value"]').fill('SX1234567');
  await warning.waitFor({ state: 'detached' });
  await page.locator('[data-testid="field-identification_doc_holder_name"]').fill('Alexander Sample');
  await page.locator('[data-testid="field-identification_doc_holder_name-note"]').waitFor({ state: 'detached' });
  await page.close();
});

test('the preview shows the prefilled, mismatch and no-document states', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'personal_details', state: 'prefilled' });
  assert.equal(await page.locator('[data-testid="field-identification_value-note"]').innerText(), 'Read from your document');
  await openState(page, session.base, { screen: 'personal_details', state: 'mismatch' });
  assert.match(await page.locator('[data-testid="field-identification_value-warning"]').innerText(), /SX1234567/);
  await openState(page, session.base, { screen: 'personal_details', state: 'no_document' });
  assert.match(await page.locator('[data-testid="document-read"]').innerText(), /dark, plain surface/);
  await page.close();
});

test('screen 1 asks for the photo first, names the check that failed, and leaves a name read unsurely to type', async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'personal_details', state: 'empty' });
  // The photo comes before the first field, and the page says why.
  const photoFirst = await page.evaluate(() => {
    const photo = document.querySelector('[data-testid="photo-personal_details-input"]');
    const field = document.querySelector('[data-testid="field-identification_value"]');
    return Boolean(photo.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(photoFirst, 'the photo is asked for before the fields');
  assert.match(await page.locator('[data-testid="document-read"]').innerText(), /Start with the photo/);
  await openState(page, session.base, { screen: 'personal_details', state: 'checks_fail' });
  assert.equal(
    await page.locator('[data-testid="checks-failed"]').innerText(),
    'The machine-readable lines did not pass their check of the expiry date, lines as a whole, so nothing was filled in. Take a sharper photo, or type the details.',
  );
  assert.equal(await value(page, 'identification_doc_expiry'), '', 'nothing is filled from a zone whose checks fail');
  await openState(page, session.base, { screen: 'personal_details', state: 'unsure' });
  assert.match(await page.locator('[data-testid="unsure"]').innerText(), /could not be read for sure/);
  assert.equal(await value(page, 'identification_value'), 'SX1234567');
  assert.equal(await value(page, 'identification_doc_holder_name'), '', 'a name read unsurely is left to type');
  await page.close();
});
