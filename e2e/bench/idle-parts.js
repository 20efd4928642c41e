// Idle memory, process by process (PSS and its anonymous, file-backed and shared parts, MB) after
// IDLE_SECONDS (10), for builds compared side by side RUNS times, with the median of the first
// build's total over the second's. APPS=<binary>,<binary>… under Xvfb, e.g.
//   APPS=$PWD/target/release/kyc-flow-app,$PWD/target/release/empty-window RUNS=6 \
//     ./scripts/with-keyring.sh xvfb-run -a node e2e/bench/idle-parts.js
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const apps = process.env.APPS.split(',');
const runs = Number(process.env.RUNS ?? 3);
const idleSeconds = Number(process.env.IDLE_SECONDS ?? 10);

const parent = (pid) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
const children = (pid) =>
  fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return parent(p) === String(pid);
      } catch {
        return false;
      }
    });
const tree = (pid) => [String(pid), ...children(pid).flatMap((c) => tree(c))];
const rollup = (pid) =>
  Object.fromEntries(
    [...fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').matchAll(/^(Pss\w*):\s+(\d+) kB/gm)].map((m) => [
      m[1],
      Number(m[2]) / 1024,
    ]),
  );
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const totals = apps.map(() => []);
for (let i = 0; i < runs; i++) {
  const line = [];
  for (const [k, app] of apps.entries()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-idle-'));
    const env = { ...process.env, KYC_SANDBOX_DIR: dir, XDG_DATA_HOME: dir, KYC_CAMERA: 'synthetic' };
    const child = spawn(app, [], { env, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    let total = 0;
    const parts = tree(child.pid).map((p) => {
      const m = rollup(p);
      total += m.Pss;
      const name = fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      return `${name} ${m.Pss.toFixed(1)} (anon ${m.Pss_Anon.toFixed(1)}, file ${m.Pss_File.toFixed(1)}, shmem ${m.Pss_Shmem.toFixed(1)})`;
    });
    totals[k].push(total);
    line.push(`${path.basename(app)} ${total.toFixed(1)} MB: ${parts.join(', ')}`);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(line.join(' | '));
}
if (apps.length > 1) {
  const ratios = totals[0].map((t, i) => t / totals[1][i]);
  console.log(`${path.basename(apps[0])} / ${path.basename(apps[1])}: median ${median(ratios).toFixed(3)} (${ratios.map((r) => r.toFixed(3)).join(', ')})`);
}
