// Where a start-up's time goes, for builds compared side by side (taking turns, medians):
// process start to the page's navigation (`nav`), the page's HTML in (`html`), its script running
// (`kyc:script`), the first screen usable (`kyc:interactive`), and the whole (`total`), all in ms.
// APPS=<binary>,<binary>… RUNS=n (NOBUS=1: no session bus, so no keychain) under Xvfb, e.g.
//   APPS=$PWD/target/release/kyc-flow-app,$PWD/target/release/empty-window RUNS=21 \
//     ./scripts/with-keyring.sh xvfb-run -a node e2e/bench/parts.js
// scripts/bench-app.sh gives the figures of record; this is for finding where they come from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDriver } from '../tests/harness.js';

const apps = process.env.APPS.split(',');
const runs = Number(process.env.RUNS ?? 9);
const noBus = process.env.NOBUS ? { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } : {};

const bootMs = Number(/btime (\d+)/.exec(fs.readFileSync('/proc/stat', 'utf8'))[1]) * 1000;
const startedAtMs = (pid) =>
  bootMs + (Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]) * 1000) / 100;
const newest = (name) =>
  fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === name.slice(0, 15);
      } catch {
        return false;
      }
    })
    .sort((a, b) => startedAtMs(b) - startedAtMs(a))[0];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = apps.map(() => []);
for (let i = 0; i < runs; i++) {
  for (const [k, app] of apps.entries()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-parts-'));
    const driver = await startDriver({ KYC_SANDBOX_DIR: dir, XDG_DATA_HOME: dir, KYC_CAMERA: 'synthetic', ...noBus }, app);
    try {
      const browser = await driver.open();
      const parts = await browser.executeAsync((done) => {
        const check = () =>
          document.documentElement.dataset.interactiveAt
            ? done({
                at: Number(document.documentElement.dataset.interactiveAt),
                origin: performance.timeOrigin,
                html: performance.getEntriesByType('navigation')[0].responseEnd,
                ...Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
              })
            : setTimeout(check, 2);
        check();
      });
      const started = startedAtMs(newest(path.basename(app)));
      const { at, origin, ...rest } = parts;
      results[k].push({ nav: origin - started, ...rest, total: at - started });
      await browser.deleteSession();
    } finally {
      await driver.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
for (const [k, app] of apps.entries()) {
  const names = [...new Set(results[k].flatMap((r) => Object.keys(r)))];
  const figures = names.map((name) => `${name} ${median(results[k].map((r) => r[name] ?? NaN)).toFixed(0)}`);
  console.log(`${path.basename(app)} (medians of ${runs}, ms): ${figures.join(', ')}`);
}
