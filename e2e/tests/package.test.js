// The .deb as a person installs it: `apt-get install` of the bundle `scripts/test.sh e2e` makes
// (`tauri build --debug --bundles deb rpm`), the installed binary and desktop entry (validated),
// the installed app started under Xvfb on its built-in sandbox showing its first screen, then the
// package removed with nothing of it left in /usr. The .rpm's contents are listed with `rpm -qlp`.
// Needs root (CI runs as root); the package is removed even when a step fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDriver, byTestId, root, shot } from './harness.js';

const bundles = process.env.KYC_BUNDLES ?? path.join(root, 'target/debug/bundle');
const PACKAGE = 'kyc-flow';
const BINARY = '/usr/bin/kyc-flow-app';
const DESKTOP = '/usr/share/applications/KYC Flow.desktop';
const ICON_SIZES = ['16x16', '24x24', '32x32', '48x48', '64x64', '128x128', '256x256', '512x512'];

/** The one bundle of a kind (a second would be a stale version: say so rather than pick one). */
function bundle(kind, ext) {
  const dir = path.join(bundles, kind);
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(ext)) : [];
  assert.equal(found.length, 1, `exactly one ${ext} in ${dir} (run ./scripts/test.sh e2e, which makes it): ${found}`);
  return path.join(dir, found[0]);
}

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const installed = () => spawnSync('dpkg-query', ['-W', '-f=${Status}', PACKAGE], { encoding: 'utf8' }).stdout.includes('install ok installed');
/** Everything under /usr named after the app. */
const leftovers = () =>
  run('find', ['/usr', '(', '-iname', '*kyc-flow*', '-o', '-iname', '*KYC Flow*', ')']).split('\n').filter(Boolean);

test('the .deb installs, its app starts on the sandbox and shows its first screen, and it removes cleanly', async () => {
  const deb = bundle('deb', '.deb');
  assert.equal(installed(), false, `${PACKAGE} is already installed: remove it first (apt-get remove ${PACKAGE})`);
  assert.deepEqual(leftovers(), [], 'nothing of the app in /usr before installing');
  const control = run('dpkg-deb', ['--field', deb, 'Package', 'Version', 'Depends', 'Installed-Size']);
  assert.match(control, /Depends: .*libwebkit2gtk-4\.1-0/, control);
  try {
    run('apt-get', ['install', '-y', '--no-install-recommends', deb]);
    assert.ok(installed(), 'dpkg lists the package as installed');
    const files = run('dpkg', ['-L', PACKAGE]).split('\n');
    for (const want of [BINARY, DESKTOP, `/usr/share/doc/${PACKAGE}/copyright`, ...ICON_SIZES.map((s) => `/usr/share/icons/hicolor/${s}/apps/kyc-flow-app.png`)]) {
      assert.ok(files.includes(want), `${want} installed`);
      assert.ok(fs.existsSync(want), `${want} exists`);
    }
    fs.accessSync(BINARY, fs.constants.X_OK);
    run('desktop-file-validate', [DESKTOP]); // throws with its complaints
    const entry = fs.readFileSync(DESKTOP, 'utf8');
    assert.match(entry, /^Exec=kyc-flow-app$/m);
    assert.match(entry, /^Icon=kyc-flow-app$/m);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-installed-'));
    const driver = await startDriver({ XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, KYC_CAMERA: 'synthetic' }, BINARY);
    try {
      const browser = await driver.open();
      const start = await byTestId(browser, 'screen-start');
      await start.waitForDisplayed({ timeout: 20000 });
      // On its built-in sandbox (no API configured), which it says.
      const badge = await byTestId(browser, 'sandbox-badge');
      await badge.waitForDisplayed({ timeout: 20000 });
      assert.equal(await badge.getText(), 'Sandbox');
      await shot(browser, 'installed-start');
      await browser.deleteSession();
    } finally {
      await driver.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (installed()) run('apt-get', ['remove', '--purge', '-y', PACKAGE]);
  }
  assert.equal(installed(), false);
  assert.deepEqual(leftovers(), [], 'nothing of the app left in /usr after removing it');
});

test('the .rpm holds the app, its desktop entry, icons at every size and the licence', () => {
  const rpm = bundle('rpm', '.rpm');
  const files = run('rpm', ['-qlp', rpm]).split('\n').filter(Boolean);
  const want = [
    BINARY,
    DESKTOP,
    `/usr/share/licenses/${PACKAGE}/LICENSE`,
    ...ICON_SIZES.map((s) => `/usr/share/icons/hicolor/${s}/apps/kyc-flow-app.png`),
  ];
  assert.deepEqual([...files].sort(), [...want].sort());
  const requires = run('rpm', ['-qpR', rpm]);
  assert.match(requires, /libwebkit2gtk-4\.1\.so\.0/);
  assert.match(run('rpm', ['-qp', '--queryformat', '%{NAME} %{VERSION} %{LICENSE}', rpm]), /^kyc-flow 0\.1\.0 MIT OR Apache-2\.0$/);
});
