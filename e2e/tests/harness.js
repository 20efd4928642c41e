// Starts tauri-driver (which starts WebKitWebDriver) and opens the built app in a real window.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
/** The app under test: KYC_APP, else the debug build `./scripts/test.sh e2e` makes. */
export const app = process.env.KYC_APP ?? path.join(root, 'target/debug/kyc-flow-app');
export const kyc = process.env.KYC_BIN ?? path.join(root, 'target/debug/kyc');
export const screenshots = path.join(root, 'e2e/screenshots');
export const example = (name) => path.join(root, 'examples/submit', name);

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves once something accepts connections on the port (the driver has no readiness signal), within 30 s. */
async function accepting(port, child) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`tauri-driver did not accept connections on port ${port} within 30 s`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A tauri-driver whose app processes get `env` (on top of this process's environment). */
export async function startDriver(env, application = app) {
  const port = await freePort();
  const nativePort = await freePort();
  // Installed by scripts/setup.sh (cargo install tauri-driver); TAURI_DRIVER overrides.
  const bin = process.env.TAURI_DRIVER ?? 'tauri-driver';
  const child = spawn(bin, ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  await accepting(port, child);
  return {
    /** Launches the app (with `args`) in a window and opens a WebDriver session on it. */
    open: (args = []) =>
      remote({
        hostname: '127.0.0.1',
        port,
        logLevel: 'warn',
        capabilities: { 'tauri:options': { application, args } },
      }),
    stop: async () => {
      // SIGTERM to the whole group: after SIGKILL, WebKitWebDriver lingers.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

export async function shot(browser, name) {
  fs.mkdirSync(screenshots, { recursive: true });
  await browser.saveScreenshot(path.join(screenshots, `${name}.png`));
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Sets a field as typing would: value, then the input event the UI listens to. */
export async function fill(browser, id, value) {
  const element = await byTestId(browser, id);
  await element.waitForExist({ timeout: 10000 });
  await browser.execute(
    (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    },
    element,
    value,
  );
}

/** The sandbox's view of the demo user, read from the app's data directory with the `kyc` command. */
export function sandboxProfile(dir) {
  return JSON.parse(execFileSync(kyc, ['sandbox', '--data-dir', dir, 'profile'], { encoding: 'utf8' }));
}

export function sandboxReview(dir, target, status, reason) {
  return JSON.parse(
    execFileSync(kyc, ['sandbox', '--data-dir', dir, 'review', '--target', target, '--status', status, '--reason', reason], {
      encoding: 'utf8',
    }),
  );
}

export const isoDate = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);

/** Fills screen 1 as a person would (the values are synthetic). */
export async function fillPersonal(browser, { number = 'SX1234567', name = 'Alex Sample' } = {}) {
  await fill(browser, 'field-identification_type', 'Passport');
  await fill(browser, 'field-identification_value', number);
  await fill(browser, 'field-identification_issuing_date', isoDate(-400));
  await fill(browser, 'field-identification_doc_expiry', isoDate(3000));
  await fill(browser, 'field-identification_doc_issuance_country', 'Thailand');
  await fill(browser, 'field-identification_doc_holder_name', name);
  await fill(browser, 'field-identification_issuing_authority', 'Sandbox Passport Office');
}

/**
 * Gives a file to the file picker's input. A person clicks the "Choose a photo" label, which
 * opens the system dialog; WebDriver can only type a path into the input, and only when it
 * is visible, so the visually hidden input is shown first.
 */
export async function pick(browser, screenName, file) {
  const input = await byTestId(browser, `photo-${screenName}-input`);
  await browser.execute((el) => el.classList.remove('visually-hidden'), input);
  await input.addValue(file);
}

/** Picks a file and waits for the prepared photo to show. */
export async function choose(browser, screenName, file) {
  await pick(browser, screenName, file);
  await (await byTestId(browser, `photo-${screenName}-preview`)).waitForDisplayed({ timeout: 20000 });
}

/** The process ids of the app runs started with exactly `args` (read from /proc, not matched by pattern). */
export function appProcesses(args) {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      let argv;
      try {
        argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
      } catch {
        return false; // gone meanwhile
      }
      return argv.length === args.length + 1 && path.resolve(argv[0]) === path.resolve(app) && args.every((a, i) => argv[i + 1] === a);
    })
    .map(Number);
}

/** `kyc sandbox` on a free port; resolves with its API address and demo token. */
export async function startSandbox(dir) {
  const child = spawn(kyc, ['sandbox', '--addr', '127.0.0.1:0', '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let banner = '';
  // Given up (and the sandbox stopped) if it has not said where it listens within 30 s.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    for await (const chunk of child.stdout) {
      banner += chunk;
      const api = banner.match(/KYC_API=(\S+)/)?.[1];
      const token = banner.match(/KYC_TOKEN=(\S+)/)?.[1];
      if (api && token) return { child, api, token };
    }
  } finally {
    clearTimeout(deadline);
  }
  throw new Error(`kyc sandbox did not start within 30 s: ${banner}`);
}

/**
 * A data directory of its own whose sandbox already holds the demo user's whole submission,
 * pending (sent by `kyc submit` with the example photos and fields), for a test that starts there.
 */
export async function submittedDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const sandbox = await startSandbox(dir);
  try {
    const files = ['--id-front', example('id-front.png'), '--selfie', example('selfie.jpg'), '--address-proof', example('address-proof.png')];
    execFileSync(kyc, ['submit', ...files, '--fields', example('fields.json')], {
      env: { ...process.env, KYC_API: sandbox.api, KYC_TOKEN: sandbox.token },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } finally {
    sandbox.child.kill('SIGTERM');
    if (sandbox.child.exitCode === null) await once(sandbox.child, 'exit');
  }
  return dir;
}
