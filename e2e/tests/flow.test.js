// The built app in a real window, against its in-process sandbox with the synthetic camera:
// all three screens, the status screen, a restart that resumes, and a rejected document sent again.
// Each test has its own data directory; those that start from a finished submission get one made
// by `kyc submit` (submittedDir).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, startDriver, submittedDir, shot, byTestId, fill, fillPersonal, pick, choose, example, sandboxProfile, sandboxReview, isoDate } from './harness.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-e2e-'));
let driver;

before(async () => {
  driver = await startDriver({ KYC_DATA_DIR: dataDir, KYC_SANDBOX_DIR: dataDir, KYC_CAMERA: 'synthetic', KYC_API: '', KYC_TOKEN: '' });
});

after(async () => {
  await driver?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `body` with an app of its own on `dir` (its sandbox there too), then closes it. */
async function withAppOn(dir, body, camera = 'synthetic') {
  const own = await startDriver({ KYC_DATA_DIR: dir, KYC_SANDBOX_DIR: dir, KYC_CAMERA: camera, KYC_API: '', KYC_TOKEN: '' });
  try {
    const browser = await own.open();
    try {
      await body(browser);
    } finally {
      await browser.deleteSession();
    }
  } finally {
    await own.stop();
  }
}

/** Runs `body` with the app open, and closes the app after. */
async function withApp(body) {
  const browser = await driver.open();
  try {
    await body(browser);
  } finally {
    await browser.deleteSession();
  }
}

const screen = async (browser, name) => {
  const element = await byTestId(browser, `screen-${name}`);
  await element.waitForDisplayed({ timeout: 20000 });
  return element;
};

/** Drops a file on a drop zone, as dragging it from a file manager does. */
async function drop(browser, screenName, file) {
  const base64 = fs.readFileSync(file).toString('base64');
  const zone = await byTestId(browser, `photo-${screenName}-dropzone`);
  await browser.execute(
    (el, data, name) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'image/png' }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    zone,
    base64,
    path.basename(file),
  );
  await (await byTestId(browser, `photo-${screenName}-preview`)).waitForDisplayed({ timeout: 20000 });
}

const state = async (browser, name) => (await byTestId(browser, `status-${name}`)).getAttribute('data-state');

test('a first run goes through the three screens to the status screen', async () => {
  await withApp(async (browser) => {
    await screen(browser, 'start');
    assert.equal(await (await byTestId(browser, 'sandbox-badge')).getText(), 'Sandbox');
    await shot(browser, '01-start');
    await (await byTestId(browser, 'start')).click();

    // 1. Personal details: a form sent empty shows what to fix, field by field, and sends nothing.
    await screen(browser, 'personal_details');
    await (await byTestId(browser, 'submit')).click();
    const numberError = await byTestId(browser, 'field-identification_value-error');
    await numberError.waitForDisplayed({ timeout: 10000 });
    assert.match(await numberError.getText(), /Document number/);
    await shot(browser, '02-personal-details-errors');
    await fillPersonal(browser);
    // A PDF is refused with a message; the form keeps what was typed.
    const pdf = path.join(os.tmpdir(), `kyc-e2e-${process.pid}.pdf`);
    fs.writeFileSync(pdf, '%PDF-1.7\n% not a photo\n');
    await pick(browser, 'personal_details', pdf);
    const photoError = await byTestId(browser, 'photo-personal_details-error');
    await photoError.waitForDisplayed({ timeout: 10000 });
    assert.match(await photoError.getText(), /PDF/);
    fs.rmSync(pdf);
    assert.equal(await (await byTestId(browser, 'field-identification_value')).getValue(), 'SX1234567');
    await choose(browser, 'personal_details', example('id-front.png'));
    await shot(browser, '03-personal-details-filled');
    await (await byTestId(browser, 'submit')).click();

    // 2. Selfie: first what is collected, why and for how long; then the live preview from the
    // synthetic camera, capture, retake, confirm.
    await screen(browser, 'selfie');
    const consent = await byTestId(browser, 'consent');
    await consent.waitForDisplayed({ timeout: 20000 });
    assert.match(await consent.getText(), /What we collect/);
    assert.equal(await (await byTestId(browser, 'camera-preview')).isExisting(), false, 'no camera before consent');
    await shot(browser, '04a-selfie-consent');
    await (await byTestId(browser, 'consent-agree')).click();
    const recorded = JSON.parse(fs.readFileSync(path.join(dataDir, 'consent.json'), 'utf8'));
    assert.ok(recorded.version && recorded.given_at, 'the consent is kept with its version and time');
    // The synthetic scene's face waits at the side, comes into the oval and stays: the guidance
    // follows it and the photo is taken by itself, with nobody pressing the button.
    const seen = [];
    await browser.waitUntil(
      async () => {
        const [now, taken] = await browser.execute(() => [
          document.querySelector('[data-testid="guidance"]')?.dataset.guidance,
          document.querySelector('[data-testid="selfie-still"]') !== null,
        ]);
        if (now && seen.at(-1) !== now) seen.push(now);
        return now === 'hold_still' || taken;
      },
      { timeout: 20000, interval: 50, timeoutMsg: 'the guidance did not follow the face' },
    );
    await shot(browser, '04-selfie-guidance');
    await (await byTestId(browser, 'selfie-still')).waitForDisplayed({ timeout: 20000 });
    assert.equal(seen[0], 'centre_face', `told to centre the face first: ${seen}`);
    assert.ok(seen.includes('hold_still'), `then to hold still: ${seen}`);
    console.log(`guidance seen: ${seen.join(' → ')}, then taken by itself`);

    // Retake, with auto-capture off: the preview (with its live check running) and the button.
    await (await byTestId(browser, 'retake')).click();
    await (await byTestId(browser, 'auto-capture')).click();
    const preview = await byTestId(browser, 'camera-preview');
    await browser.waitUntil(async () => Number(await preview.getAttribute('data-frames')) >= 10, {
      timeout: 20000,
      timeoutMsg: 'the preview did not come back after retake',
    });
    // The figures for the note: frames reaching the page, and live checks, over two seconds of the page's own clock.
    const [fps, checks] = await browser.executeAsync((done) => {
      const canvas = document.querySelector('[data-testid="camera-preview"]');
      const [frames, checked] = [Number(canvas.dataset.frames), Number(canvas.dataset.checks)];
      const t0 = performance.now();
      setTimeout(() => {
        const seconds = (performance.now() - t0) / 1000;
        done([(Number(canvas.dataset.frames) - frames) / seconds, (Number(canvas.dataset.checks) - checked) / seconds]);
      }, 2000);
    });
    console.log(`preview: ${fps.toFixed(1)} frames per second reached the page with ${checks.toFixed(1)} live checks per second (640×480, synthetic camera)`);
    assert.ok(fps > 0 && checks > 0);
    assert.match(await (await byTestId(browser, 'camera-name')).getText(), /synthetic camera/);
    await shot(browser, '04-selfie-preview');
    assert.equal(await (await byTestId(browser, 'selfie-still')).isExisting(), false, 'not taken by itself when turned off');
    await (await byTestId(browser, 'capture')).click();
    await (await byTestId(browser, 'selfie-still')).waitForDisplayed({ timeout: 20000 });
    await shot(browser, '05-selfie-captured');
    await (await byTestId(browser, 'confirm')).click();

    // 3. Address: the photo by drag-and-drop.
    await screen(browser, 'address');
    await fill(browser, 'field-address_line_1', '221 Sample Road');
    await fill(browser, 'field-city', 'Chiang Mai');
    await fill(browser, 'field-zip_code', '50200');
    await fill(browser, 'field-country_code', 'TH');
    await fill(browser, 'field-identification_type', 'Electricity bill');
    await fill(browser, 'field-identification_issuing_date', isoDate(-20));
    await fill(browser, 'field-identification_issuing_authority', 'Sandbox Electricity Authority');
    await drop(browser, 'address', example('address-proof.png'));
    await shot(browser, '06-address-filled');
    await (await byTestId(browser, 'submit')).click();

    // The status screen: what the server holds.
    await screen(browser, 'status');
    for (const name of ['personal_details', 'selfie', 'address']) assert.equal(await state(browser, name), 'pending');
    assert.match(await (await byTestId(browser, 'overall')).getText(), /Being checked/);
    const held = await (await byTestId(browser, 'held')).getText();
    assert.match(held, /SX1234567/);
    assert.match(held, /221 Sample Road/);
    await shot(browser, '07-status');
  });

  // The server agrees, and holds one of each document.
  const profile = sandboxProfile(dataDir);
  assert.deepEqual(profile.documents.map((d) => d.document_type).sort(), ['address_proof', 'id_proof_front', 'id_proof_live']);

  // Closed and started again, the app resumes at the status screen.
  await withApp(async (browser) => {
    await screen(browser, 'status');
    assert.equal(await (await byTestId(browser, 'screen-start')).isExisting(), false);
  });
});

test('an app whose submission the server holds opens at the status screen', async () => {
  const dir = await submittedDir('kyc-e2e-resume-');
  try {
    await withAppOn(dir, async (browser) => {
      await screen(browser, 'status');
      assert.equal(await (await byTestId(browser, 'screen-start')).isExisting(), false);
      for (const name of ['personal_details', 'selfie', 'address']) assert.equal(await state(browser, name), 'pending');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a rejected document is sent again on its own', async () => {
  const dir = await submittedDir('kyc-e2e-rejected-');
  const before = sandboxReview(dir, 'id_proof_front', 'rejected', 'The photo is blurred');
  const reference = (profile, type) => profile.documents.find((d) => d.document_type === type).document_reference;

  await withAppOn(dir, async (browser) => {
    // The app opens at the status screen's first problem: the rejected document, its reason, the form filled in.
    await screen(browser, 'personal_details');
    assert.match(await (await byTestId(browser, 'rejected-reason')).getText(), /The photo is blurred/);
    assert.equal(await (await byTestId(browser, 'field-identification_value')).getValue(), 'SX1234567');
    await shot(browser, '08-personal-details-rejected');
    // The rejected photo is not kept: sending without a new one asks for it.
    await (await byTestId(browser, 'submit')).click();
    const photoError = await byTestId(browser, 'photo-personal_details-error');
    await photoError.waitForDisplayed({ timeout: 10000 });
    await choose(browser, 'personal_details', example('id-front.png'));
    await (await byTestId(browser, 'submit')).click();
    // Straight back to the status screen: the selfie and the address are not asked again.
    await screen(browser, 'status');
    assert.equal(await state(browser, 'personal_details'), 'pending');
    await shot(browser, '09-status-after-resend');
  });

  const after = sandboxProfile(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.notEqual(reference(after, 'id_proof_front'), reference(before, 'id_proof_front'), 'the document was sent again');
  assert.equal(reference(after, 'id_proof_live'), reference(before, 'id_proof_live'), 'the selfie was not');
  assert.equal(reference(after, 'address_proof'), reference(before, 'address_proof'), 'the proof of address was not');
});

test('without a camera the selfie screen explains what to do, through the real camera code', async () => {
  const dir = await submittedDir('kyc-e2e-no-camera-');
  sandboxReview(dir, 'id_proof_live', 'rejected', 'Face not visible');
  try {
    // This machine has no webcam: the default camera choice goes through nokhwa and finds none.
    await withAppOn(
      dir,
      async (browser) => {
        await screen(browser, 'selfie');
        assert.match(await (await byTestId(browser, 'rejected-reason')).getText(), /Face not visible/);
        // A data directory of its own: the person agrees to the camera here first.
        const agree = await byTestId(browser, 'consent-agree');
        await agree.waitForDisplayed({ timeout: 20000 });
        await agree.click();
        const error = await byTestId(browser, 'camera-error');
        await error.waitForDisplayed({ timeout: 20000 });
        assert.match(await error.getText(), /No camera was found\. Connect a webcam/);
        assert.ok(await (await byTestId(browser, 'camera-retry')).isDisplayed());
        assert.equal(await (await byTestId(browser, 'camera-preview')).isExisting(), false, 'no empty preview is left');
        await shot(browser, '10-selfie-no-camera');
      },
      'device',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a camera picture with no face is refused on the selfie screen, and the camera can be tried again', async () => {
  const dir = await submittedDir('kyc-e2e-no-face-');
  sandboxReview(dir, 'id_proof_live', 'rejected', 'Face not visible');
  const noFace = path.join(root, 'crates/kyc-vision/tests/data/coffee.png');
  try {
    await withAppOn(
      dir,
      async (browser) => {
        await screen(browser, 'selfie');
        const agree = await byTestId(browser, 'consent-agree');
        await agree.waitForDisplayed({ timeout: 20000 });
        await agree.click();
        const guidance = await byTestId(browser, 'guidance');
        await browser.waitUntil(async () => (await guidance.getAttribute('data-guidance')) === 'face_in_oval', {
          timeout: 20000,
          timeoutMsg: 'no "put your face in the oval"',
        });
        await (await byTestId(browser, 'capture')).click();
        const error = await byTestId(browser, 'camera-error');
        await error.waitForDisplayed({ timeout: 20000 });
        assert.equal(await error.getAttribute('data-code'), 'quality');
        assert.match(await error.getText(), /No face was found/);
        await shot(browser, '10b-selfie-no-face');
        await (await byTestId(browser, 'camera-retry')).click();
        await (await byTestId(browser, 'camera-preview')).waitForDisplayed({ timeout: 20000 });
      },
      `files:${noFace}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a passport photo on screen 1 fills the empty fields, points out a typed number that differs, and the screen is sent', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-e2e-read-'));
  try {
    await withAppOn(dir, async (browser) => {
      await screen(browser, 'start');
      await (await byTestId(browser, 'start')).click();
      await screen(browser, 'personal_details');
      // The person typed a number with two digits swapped, the issue date and the authority.
      await fill(browser, 'field-identification_value', 'SX1234576');
      await fill(browser, 'field-identification_issuing_date', '2021-06-18');
      await fill(browser, 'field-identification_issuing_authority', 'Sandbox Passport Office');
      await choose(browser, 'personal_details', example('passport.jpg'));
      const read = await byTestId(browser, 'document-read');
      await browser.waitUntil(async () => (await read.getAttribute('data-state')) === 'read', {
        timeout: 30000,
        timeoutMsg: 'the passport was not read',
      });
      const value = async (wire) => (await byTestId(browser, `field-${wire}`)).getValue();
      assert.equal(await value('identification_doc_expiry'), '2031-06-17');
      assert.equal(await value('identification_doc_holder_name'), 'Alex Sample');
      assert.equal(await value('identification_doc_issuance_country'), 'Thailand');
      assert.equal(await value('identification_type'), 'Passport');
      assert.equal(await value('identification_value'), 'SX1234576', 'what was typed stays');
      for (const wire of ['identification_doc_expiry', 'identification_doc_holder_name', 'identification_doc_issuance_country']) {
        assert.equal(await (await byTestId(browser, `field-${wire}-note`)).getText(), 'Read from your document');
      }
      const warning = await byTestId(browser, 'field-identification_value-warning');
      assert.match(await warning.getText(), /Your document says SX1234567/);
      await shot(browser, '03b-personal-details-read-from-passport');
      // The person has the last word: they correct the number, the warning goes, and the screen is sent.
      await fill(browser, 'field-identification_value', 'SX1234567');
      await warning.waitForExist({ reverse: true, timeout: 10000 });
      await (await byTestId(browser, 'submit')).click();
      await screen(browser, 'selfie');
    });
    const held = sandboxProfile(dir).documents.find((d) => d.document_type === 'id_proof_front');
    assert.equal(held.identification_value, 'SX1234567');
    assert.equal(held.identification_doc_expiry, '2031-06-17');
    assert.equal(held.identification_doc_holder_name, 'Alex Sample');
    assert.equal(held.identification_doc_issuance_country, 'Thailand');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('what was typed survives closing the app, encrypted, and can be deleted', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-e2e-draft-'));
  const draft = path.join(dir, 'draft', 'draft.bin');
  const own = await startDriver({ KYC_DATA_DIR: dir, KYC_CAMERA: 'synthetic', KYC_API: '', KYC_TOKEN: '' });
  try {
    let browser = await own.open();
    try {
      await screen(browser, 'start');
      await (await byTestId(browser, 'start')).click();
      await screen(browser, 'personal_details');
      await fillPersonal(browser);
      await browser.waitUntil(async () => fs.existsSync(draft), { timeout: 10000, timeoutMsg: 'the draft was not saved' });
      assert.ok(!fs.readFileSync(draft).includes('Alex Sample'), 'the draft is not plain text');
    } finally {
      await browser.deleteSession();
    }
    browser = await own.open();
    try {
      await screen(browser, 'start');
      await (await byTestId(browser, 'start')).click();
      await screen(browser, 'personal_details');
      assert.equal(await (await byTestId(browser, 'field-identification_doc_holder_name')).getValue(), 'Alex Sample');
    } finally {
      await browser.deleteSession();
    }
    browser = await own.open();
    try {
      await screen(browser, 'start');
      await (await byTestId(browser, 'forget')).click();
      await (await byTestId(browser, 'forgotten')).waitForDisplayed({ timeout: 10000 });
      assert.equal(fs.existsSync(draft), false, 'deleting removes the file');
      await shot(browser, '11-start-draft-forgotten');
    } finally {
      await browser.deleteSession();
    }
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
