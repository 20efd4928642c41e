// Every state of the preview on a phone: 390×844 CSS px, touch, in English, German (long words) and
// Arabic (right to left). The page is never wider than the screen, every control a finger can
// use is at least 44 px tall, and axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { openBrowser, openState, states } from './browser.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
let session;
before(async () => (session = await openBrowser()));
after(async () => session?.close());

for (const lang of ['en', 'de', 'ar']) {
  test(`every state fits a 390 px phone, with 44 px touch targets and no axe violations (${lang})`, async () => {
    const context = await session.browser.newContext(phone);
    const page = await context.newPage();
    const failures = [];
    for (const { screen, state } of states) {
      await openState(page, session.base, { screen, state, lang });
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(async () => {
        const problems = [];
        const wide = document.documentElement.scrollWidth;
        if (wide > window.innerWidth) {
          const culprits = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 || e.getBoundingClientRect().left < -0.5)
            .slice(0, 3)
            .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}`);
          problems.push(`${wide} px wide (${culprits.join(', ')})`);
        }
        const small = [...document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]):not([type=file]), textarea, a[href]')]
          .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
          .filter((e) => !e.closest('.visually-hidden'))
          .filter((e) => e.getBoundingClientRect().height < 44)
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''} ${Math.round(e.getBoundingClientRect().height)} px`);
        if (small.length) problems.push(`under 44 px: ${small.join(', ')}`);
        const result = await window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        });
        problems.push(...result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
        return problems;
      });
      if (found.length) failures.push(`${screen} · ${state}: ${found.join('; ')}`);
    }
    await context.close();
    assert.deepEqual(failures, []);
  });
}

test('on a phone the language and theme are behind one menu button that opens and works by touch', async () => {
  const context = await session.browser.newContext(phone);
  const page = await context.newPage();
  await openState(page, session.base, { screen: 'start', state: 'fresh' });
  const language = page.locator('[data-testid="language"]');
  assert.equal(await language.isVisible(), false, 'folded away');
  const menu = page.locator('[data-testid="settings-menu"]');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  await menu.tap();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  assert.ok(await language.isVisible());
  for (const id of ['language', 'theme']) {
    const box = await page.locator(`[data-testid="${id}"]`).boundingBox();
    assert.ok(box.height >= 44 && box.x >= 0 && box.x + box.width <= 390, `${id}: ${JSON.stringify(box)}`);
  }
  await language.selectOption('de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
  await context.close();
});

test('on a desktop the menu button is not there and the selects are', async () => {
  const page = await session.browser.newPage({ viewport: { width: 960, height: 900 } });
  await openState(page, session.base, { screen: 'start', state: 'fresh' });
  assert.equal(await page.locator('[data-testid="settings-menu"]').isVisible(), false);
  assert.ok(await page.locator('[data-testid="language"]').isVisible());
  await page.close();
});
