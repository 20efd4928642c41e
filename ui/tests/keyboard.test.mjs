// The whole flow in the browser preview with the keyboard alone: Tab to move, type to fill,
// arrows to choose, Enter or Space to press, the file chooser opened from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, openState } from './browser.mjs';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/submit');
let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

/** Presses Tab until the focused element matches `selector` (at most 80 times). */
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page, testId, text) {
  await tabTo(page, `[data-testid="${testId}"]`);
  await page.keyboard.type(text);
}

/** Chooses the option starting with `text` in a focused select, by typing it (as a keyboard user does). */
async function chooseIn(page, testId, text) {
  await tabTo(page, `[data-testid="${testId}"]`);
  await page.keyboard.type(text);
  const chosen = await page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`).selectedOptions[0].text, testId);
  assert.ok(chosen.startsWith(text), `chose ${chosen} for ${text}`);
}

/** Opens the file chooser from the keyboard and picks a file. */
async function pickFile(page, screen, file) {
  await tabTo(page, `[data-testid="photo-${screen}-input"]`);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(path.join(examples, file));
  await page.waitForSelector(`[data-testid="photo-${screen}-preview"]`);
}

/** Dates are typed as the field's segments in en-US order: month, day, year. */
const date = (iso) => {
  const [y, m, d] = iso.split('-');
  return `${m}${d}${y}`;
};

test('all three screens can be completed with the keyboard alone', async () => {
  const page = await session.browser.newPage({ locale: 'en-US' });
  await openState(page, session.base, { lang: 'en' });
  await page.keyboard.press('Tab');

  await tabTo(page, '[data-testid="start"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="screen-personal_details"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'personal-title', 'focus moves to the new screen');

  await chooseIn(page, 'field-identification_type', 'Passport');
  await typeInto(page, 'field-identification_value', 'SX1234567');
  await typeInto(page, 'field-identification_issuing_date', date('2021-06-18'));
  await typeInto(page, 'field-identification_doc_expiry', date('2031-06-17'));
  await chooseIn(page, 'field-identification_doc_issuance_country', 'Thailand');
  await typeInto(page, 'field-identification_doc_holder_name', 'Alex Sample');
  await typeInto(page, 'field-identification_issuing_authority', 'Sandbox Passport Office');
  await pickFile(page, 'personal_details', 'id-front.png');
  await tabTo(page, '[data-testid="submit"]');
  await page.keyboard.press('Enter');

  await page.waitForSelector('[data-testid="screen-selfie"]');
  // First what is collected, why and for how long; the camera opens only on agreement.
  await page.waitForSelector('[data-testid="consent"]');
  assert.equal(await page.locator('[data-testid="camera-preview"]').count(), 0, 'no camera before consent');
  await tabTo(page, '[data-testid="consent-agree"]');
  await page.keyboard.press('Enter');
  // The capture button takes focus once the camera runs.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'capture');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'confirm');
  await page.keyboard.press('Enter');

  await page.waitForSelector('[data-testid="screen-address"]');
  await typeInto(page, 'field-address_line_1', '221 Sample Road');
  await typeInto(page, 'field-city', 'Chiang Mai');
  await typeInto(page, 'field-zip_code', '50200');
  await chooseIn(page, 'field-identification_type', 'Electricity');
  await typeInto(page, 'field-identification_issuing_date', date('2026-10-21'));
  await typeInto(page, 'field-identification_issuing_authority', 'Sandbox Electricity Authority');
  await pickFile(page, 'address', 'address-proof.png');
  await tabTo(page, '[data-testid="submit"]');
  await page.keyboard.press('Enter');

  await page.waitForSelector('[data-testid="screen-status"]');
  for (const screen of ['personal_details', 'selfie', 'address']) {
    assert.equal(await page.getAttribute(`[data-testid="status-${screen}"]`, 'data-state'), 'pending');
  }
  const held = await page.textContent('[data-testid="held"]');
  assert.match(held, /SX1234567/);
  assert.match(held, /Jun 18, 2021/, 'the typed issue date arrived');
  await page.close();
});

test("a field's error goes once the field is changed; the others stay", async () => {
  const page = await session.browser.newPage();
  await openState(page, session.base, { screen: 'personal_details', state: 'error-required' });
  assert.equal(await page.locator('.field-error').count(), 8);
  await typeInto(page, 'field-identification_value', 'SX1234567');
  await page.waitForSelector('[data-testid="field-identification_value-error"]', { state: 'detached' });
  assert.equal(await page.getAttribute('[data-testid="field-identification_value"]', 'aria-invalid'), null);
  assert.equal(await page.locator('[data-testid="field-identification_type-error"]').count(), 1);
  await page.close();
});
