// The app killed (SIGKILL) while its upload is in flight, then started again: it finds what was
// typed and chosen in its encrypted draft and sends the same photo under the same idempotency key,
// so the server ends with one copy. The server is the `kyc sandbox` command (a real HTTP server with
// its SQLite file); between the app and it, a small proxy forwards everything but holds back the
// answer to the first upload, as a connection lost at the worst moment would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDriver, startSandbox, appProcesses, byTestId, fillPersonal, choose, example, kyc, shot } from './harness.js';

/** Forwards to `target`; the first upload is forwarded and its answer held back for good. */
async function startProxy(target) {
  const seen = { uploads: [], held: null };
  const server = http.createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const upstream = await fetch(new URL(request.url, target), {
      method: request.method,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))),
      body: request.method === 'GET' ? undefined : Buffer.concat(chunks),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (request.url.startsWith('/upload-KYC-document')) {
      seen.uploads.push(request.headers['idempotency-key']);
      if (seen.uploads.length === 1) {
        seen.held = response; // stored by the server; the app never hears back
        return;
      }
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, seen, url: `http://127.0.0.1:${server.address().port}/` };
}

const filesUnder = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [e.name]));

test('killed mid-upload and started again, the app sends once and nothing typed is lost', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-e2e-kill-'));
  const serverDir = path.join(root, 'server');
  const appDir = path.join(root, 'app');
  const sandbox = await startSandbox(serverDir);
  const proxy = await startProxy(sandbox.api);
  // The data directory is passed as an argument, so this app run (and no other) is found by its arguments and killed by its PID.
  const args = ['--data-dir', appDir];
  const driver = await startDriver({ KYC_API: proxy.url, KYC_TOKEN: sandbox.token, KYC_CAMERA: 'synthetic' });
  try {
    let browser = await driver.open(args);
    await (await byTestId(browser, 'screen-start')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'first run: no start screen' });
    await (await byTestId(browser, 'start')).click();
    await (await byTestId(browser, 'screen-personal_details')).waitForDisplayed({ timeout: 20000 });
    await fillPersonal(browser, { number: 'KL7654321', name: 'Kim Killtest' });
    await choose(browser, 'personal_details', example('id-front.png'));
    await (await byTestId(browser, 'submit')).click();
    await browser.waitUntil(async () => proxy.seen.held !== null, { timeout: 30000, timeoutMsg: 'the upload never reached the server' });

    const pids = appProcesses(args);
    assert.equal(pids.length, 1, `one app run with ${args.join(' ')}: ${pids}`);
    process.kill(pids[0], 'SIGKILL');
    await browser.deleteSession().catch(() => {});

    browser = await driver.open(args);
    try {
      await (await byTestId(browser, 'screen-start')).waitForDisplayed({ timeout: 20000, timeoutMsg: 'second run: no start screen' });
      await (await byTestId(browser, 'start')).click();
      await (await byTestId(browser, 'screen-personal_details')).waitForDisplayed({ timeout: 20000 });
      assert.equal(await (await byTestId(browser, 'field-identification_doc_holder_name')).getValue(), 'Kim Killtest');
      assert.equal(await (await byTestId(browser, 'field-identification_value')).getValue(), 'KL7654321');
      await (await byTestId(browser, 'photo-personal_details-preview')).waitForDisplayed({ timeout: 20000 });
      await shot(browser, '12-restarted-after-kill');
      await (await byTestId(browser, 'submit')).click();
      await (await byTestId(browser, 'screen-selfie')).waitForDisplayed({ timeout: 30000 });
    } finally {
      await browser.deleteSession();
    }
    assert.equal(proxy.seen.uploads.length, 2, 'the upload was sent again after the restart');
    assert.equal(proxy.seen.uploads[0], proxy.seen.uploads[1], 'under the same idempotency key');
    assert.deepEqual(filesUnder(path.join(serverDir, 'files')).length, 1, 'one stored file on the server');
    const profile = JSON.parse(execFileSync(kyc, ['sandbox', '--data-dir', serverDir, 'profile'], { encoding: 'utf8' }));
    const fronts = profile.documents.filter((d) => d.document_type === 'id_proof_front');
    assert.equal(fronts.length, 1);
    assert.equal(fronts[0].identification_doc_holder_name, 'Kim Killtest');
  } finally {
    proxy.seen.held?.destroy();
    proxy.server.close();
    await driver.stop();
    sandbox.child.kill('SIGTERM');
    fs.rmSync(root, { recursive: true, force: true });
  }
});
