// The phone's camera path (the page's own `getUserMedia`, as Android and iOS builds use it), run in
// Chromium: with Chromium's fake camera it shows a live preview, takes a still and hands it on as
// JPEG bytes; with no camera, and with the permission refused, it shows the same screens as the
// desktop camera's errors. The preview opens this path with `?camera=webview`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './browser.mjs';

const fakeCamera = ['--use-fake-device-for-media-stream'];
const grantAll = ['--use-fake-ui-for-media-stream'];

async function selfie(args, { grant = false } = {}) {
  const session = await openBrowser(args);
  const context = await session.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  if (grant) await context.grantPermissions(['camera'], { origin: session.base });
  const page = await context.newPage();
  return { session, page };
}

/** The selfie screen, consent given, on the page's own camera (a phone build's path). */
const openWebview = async (page, base) => {
  await page.goto(`${base}index.html?screen=selfie&state=live&camera=webview`);
  await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
};

test('with a camera: a live preview from the page, a still taken, handed on as JPEG bytes', async () => {
  const { session, page } = await selfie([...fakeCamera, ...grantAll], { grant: true });
  try {
    await openWebview(page, session.base);
    const preview = page.locator('[data-testid="camera-preview"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="camera-preview"]')?.dataset.frames) >= 3, null, { timeout: 15000 });
    const size = await preview.evaluate((c) => [c.width, c.height]);
    assert.ok(size[0] > 0 && size[1] > 0, `frames are drawn: ${size}`);
    assert.match(await page.locator('[data-testid="camera-name"]').innerText(), /\S/);
    await page.locator('[data-testid="capture"]').click();
    const still = page.locator('[data-testid="selfie-still"]');
    await still.waitFor();
    const head = await still.evaluate(async (img) => [...new Uint8Array(await (await fetch(img.src)).arrayBuffer()).slice(0, 3)]);
    assert.deepEqual(head, [0xff, 0xd8, 0xff], 'the still is a JPEG');
  } finally {
    await session.close();
  }
});

/** The camera error screen the selfie shows with these Chromium switches, by its code. */
async function cameraErrorWith(args) {
  const { session, page } = await selfie(args);
  try {
    await openWebview(page, session.base);
    const error = page.locator('[data-testid="camera-error"]');
    await error.waitFor();
    return await error.getAttribute('data-code');
  } finally {
    await session.close();
  }
}

test('with no camera: the no-camera screen', async () => {
  assert.equal(await cameraErrorWith(grantAll), 'no_camera');
});

test('with the permission refused: the permission-denied screen', async () => {
  assert.equal(await cameraErrorWith(fakeCamera), 'permission_denied');
});

test("a phone's document pickers also offer the rear camera; a desktop's do not", async () => {
  const session = await openBrowser();
  try {
    const page = await session.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${session.base}index.html?screen=personal_details&state=empty&camera=webview`);
    await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
    const camera = page.locator('[data-testid="photo-personal_details-camera"]');
    assert.equal(await camera.getAttribute('capture'), 'environment');
    assert.equal(await camera.getAttribute('accept'), 'image/*');
    // A photo taken this way goes the way a chosen file goes: prepared and shown.
    await camera.setInputFiles(new URL('../../examples/submit/id-front.png', import.meta.url).pathname);
    await page.locator('[data-testid="photo-personal_details-preview"]').waitFor();

    await page.goto(`${session.base}index.html?screen=personal_details&state=empty`);
    await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
    assert.equal(await page.locator('[data-testid="photo-personal_details-camera"]').count(), 0);
    assert.equal(await page.locator('[data-testid="photo-personal_details-input"]').count(), 1);
  } finally {
    await session.close();
  }
});

/** Tells the page it went to the background (or came back), as a phone's webview does. */
const setHidden = (page, hidden) =>
  page.evaluate((hidden) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

test("a phone's page is covered while the app is in the background; a desktop's is not", async () => {
  const session = await openBrowser();
  try {
    const page = await session.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${session.base}index.html?screen=personal_details&state=filled&camera=webview`);
    await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
    const cover = page.locator('[data-testid="privacy-cover"]');
    assert.equal(await cover.count(), 0, 'nothing covers the page in use');
    await setHidden(page, true);
    await cover.waitFor();
    const box = await cover.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 390, 844], 'the whole screen is covered');
    const topmost = await page.evaluate(() => document.elementFromPoint(195, 300)?.dataset.testid);
    assert.equal(topmost, 'privacy-cover', 'above every field');
    await setHidden(page, false);
    await cover.waitFor({ state: 'detached' });

    await page.goto(`${session.base}index.html?screen=personal_details&state=filled`);
    await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
    await setHidden(page, true);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    assert.equal(await cover.count(), 0, 'a desktop window in the background is left alone');
  } finally {
    await session.close();
  }
});

/** Waits until the selfie screen shows this guidance. */
const shows = (page, guidance) =>
  page.waitForFunction((g) => document.querySelector('[data-testid="guidance"]')?.dataset.guidance === g, guidance, { timeout: 15000 });

test("the page camera's small frames go to the live check: guidance follows it and the photo is taken by itself", async () => {
  const { session, page } = await selfie([...fakeCamera, ...grantAll], { grant: true });
  try {
    // The preview's stand-in check refuses a frame that is not the RGBA of its stated size, or larger
    // than 640 px, as the shell's does: guidance only appears for well-formed frames.
    await page.goto(`${session.base}index.html?screen=selfie&state=auto_capture&camera=webview`);
    for (const guidance of ['face_in_oval', 'centre_face', 'hold_still']) await shows(page, guidance);
    const rate = await page.evaluate(
      () =>
        new Promise((done) => {
          const canvas = document.querySelector('[data-testid="camera-preview"]');
          if (!canvas) return done(null);
          const start = Number(canvas.dataset.checks);
          const t0 = performance.now();
          setTimeout(() => done((Number(canvas.dataset.checks) - start) / ((performance.now() - t0) / 1000)), 500);
        }),
    );
    console.log(`page camera: ${rate?.toFixed(1)} live checks per second (320 px RGBA frames)`);
    // Nobody pressed the button: the photo is taken once the check says so.
    await page.locator('[data-testid="selfie-still"]').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('[data-testid="capture"]').count(), 0);
  } finally {
    await session.close();
  }
});

test('with auto-capture turned off the photo waits for the button, and guidance reaches screen readers calmly', async () => {
  const session = await openBrowser();
  try {
    const page = await session.browser.newPage();
    await page.goto(`${session.base}index.html?screen=selfie&state=auto_capture`);
    await page.locator('[data-testid="auto-capture"]').uncheck();
    await shows(page, 'face_in_oval');
    // A message is told once it has held for a second: the first one, not every change.
    const announced = page.locator('[data-testid="guidance-announced"]');
    await announced.waitFor({ state: 'attached' });
    assert.equal(await announced.innerText(), 'Put your face in the oval');
    assert.equal(await page.locator('[aria-live] [data-testid="guidance-announced"]').count(), 1, 'in the polite live region');
    await shows(page, 'ready');
    assert.equal(await page.locator('[data-testid="selfie-still"]').count(), 0, 'not taken by itself');
    await page.locator('[data-testid="capture"]').click();
    await page.locator('[data-testid="selfie-still"]').waitFor();
  } finally {
    await session.close();
  }
});
