// Figures for the desktop app (printed, not asserted): start to first interactive screen, and idle
// memory (sum of PSS over the app and its WebKit processes) against an empty Tauri 2 window.
// Run by scripts/bench-app.sh, which builds the release binaries and provides the display.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDriver, root } from '../tests/harness.js';

const app = path.join(root, 'target/release/kyc-flow-app');
const empty = path.join(root, 'target/release/empty-window');
const runs = Number(process.env.RUNS ?? 9);
const idleSeconds = Number(process.env.IDLE_SECONDS ?? 10);

const ticks = 100; // USER_HZ on Linux
const bootMs = Number(/btime (\d+)/.exec(fs.readFileSync('/proc/stat', 'utf8'))[1]) * 1000;
const startedAtMs = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return bootMs + (Number(fields[19]) * 1000) / ticks;
};
const children = (pid) =>
  fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid);
    } catch {
      return false;
    }
  });
const tree = (pid) => [String(pid), ...children(pid).flatMap((c) => tree(c))];
const pssKb = (pid) => Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const newest = (name) => {
  const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === name.slice(0, 15);
    } catch {
      return false;
    }
  });
  return pids.sort((a, b) => startedAtMs(b) - startedAtMs(a))[0];
};

// Start-up: process start (from /proc) to the moment the page marked its first screen usable.
async function startOnce(binary, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-bench-'));
  const driver = await startDriver({ KYC_SANDBOX_DIR: dir, XDG_DATA_HOME: dir, ...env }, binary);
  try {
    const browser = await driver.open();
    // One script that waits inside the page: polling from outside (waitForDisplayed) would run
    // WebDriver commands through the app's UI thread just when the page's first calls need it.
    const [interactiveAt, pageOrigin, marks] = await browser.executeAsync((done) => {
      const check = () =>
        document.documentElement.dataset.interactiveAt
          ? done([
              Number(document.documentElement.dataset.interactiveAt),
              performance.timeOrigin,
              Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
            ])
          : setTimeout(check, 2);
      check();
    });
    await browser.$('[data-testid="screen-start"]').waitForDisplayed({ timeout: 20000 });
    if (process.env.MARKS) console.log(path.basename(binary), JSON.stringify(marks));
    const started = startedAtMs(newest(path.basename(binary))); // before the session ends the app
    await browser.deleteSession();
    return { total: interactiveAt - started, page: interactiveAt - pageOrigin };
  } finally {
    await driver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// All take turns, so a slow moment of the machine falls on all of them alike. "Keychain present": the
// Secret Service of the session bus (scripts/bench-app.sh runs this under scripts/with-keyring.sh);
// "no keychain": no session bus to ask. Each app run is compared with the empty window under the
// same bus, since the bus alone (GTK's accessibility bus is started through it) costs both time.
const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
const variants = [
  ['app, keychain present', app, { KYC_CAMERA: 'synthetic' }, 2],
  ['app, no keychain', app, { KYC_CAMERA: 'synthetic', ...noBus }, 3],
  ['empty Tauri 2 window, session bus', empty, {}],
  ['empty Tauri 2 window, no session bus', empty, noBus],
];
const times = variants.map(() => []);
const pages = variants.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [v, [, binary, env]] of variants.entries()) {
    const { total, page } = await startOnce(binary, env);
    times[v].push(total);
    pages[v].push(page);
  }
}
for (const [v, [name, , , baseline]] of variants.entries()) {
  const m = median(times[v]);
  const ratio =
    baseline === undefined ? '' : `, ${(m / median(times[baseline])).toFixed(2)}× the empty window (target ≤ 1.10)`;
  console.log(
    `start to first interactive screen, ${name}: median ${m.toFixed(0)} ms over ${runs} runs ` +
      `(${times[v].map((t) => t.toFixed(0)).join(', ')})${ratio}; the page's own part, from its navigation: ` +
      `median ${median(pages[v]).toFixed(0)} ms`,
  );
}

// Idle memory: each program on its own, after idling, summed over its process tree.
async function idlePss(binary, env) {
  const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const pids = tree(child.pid);
  const kb = pids.reduce((sum, p) => sum + pssKb(p), 0);
  const names = pids.map((p) => fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim());
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { mb: kb / 1024, names };
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-bench-'));
const ours = await idlePss(app, { KYC_SANDBOX_DIR: dir, KYC_CAMERA: 'synthetic' });
const base = await idlePss(empty, {});
fs.rmSync(dir, { recursive: true, force: true });
console.log(`idle PSS after ${idleSeconds} s: app ${ours.mb.toFixed(1)} MB (${ours.names.join(', ')})`);
console.log(`idle PSS after ${idleSeconds} s: empty Tauri 2 window ${base.mb.toFixed(1)} MB (${base.names.join(', ')})`);
console.log(`app / empty window: ${((ours.mb / base.mb - 1) * 100).toFixed(1)}%`);
