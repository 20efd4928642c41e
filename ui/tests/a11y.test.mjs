// axe-core on every state of the preview, in English and Arabic (right to left), light and dark:
// zero violations of WCAG 2.0/2.1/2.2 A and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { openBrowser, openState, states } from './browser.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

for (const lang of ['en', 'ar']) {
  for (const theme of ['light', 'dark']) {
    test(`no axe violations in any state (${lang}, ${theme})`, async () => {
      const page = await session.browser.newPage({ viewport: { width: 960, height: 900 } });
      const failures = [];
      for (const { screen, state } of states) {
        await openState(page, session.base, { screen, state, lang, theme });
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
          });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        if (violations.length) failures.push(`${screen} · ${state}: ${violations.join('; ')}`);
      }
      await page.close();
      assert.deepEqual(failures, []);
    });
  }
}
