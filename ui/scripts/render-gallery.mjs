// Renders every screen state in every language (light theme; dark too in English and Arabic) to PNG
// with headless Chromium, and on a phone (390×844, touch) in English, German and Arabic, into
// gallery-renders/ with an index.html for designers to browse.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, openState, states } from '../tests/browser.mjs';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../gallery-renders');
const languages = ['en', 'th', 'ja', 'zh', 'es', 'fr', 'de', 'id', 'vi', 'ar'];
const desktop = { viewport: { width: 960, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const runs = [
  ...languages.map((lang) => ({ lang, theme: 'light', device: desktop, name: `${lang}-light` })),
  { lang: 'en', theme: 'dark', device: desktop, name: 'en-dark' },
  { lang: 'ar', theme: 'dark', device: desktop, name: 'ar-dark' },
  ...['en', 'de', 'ar'].map((lang) => ({ lang, theme: 'light', device: phone, name: `${lang}-light-phone` })),
];

rmSync(out, { recursive: true, force: true });
const session = await openBrowser();
const started = Date.now();
const index = [];
for (const { lang, theme, device, name } of runs) {
  const context = await session.browser.newContext(device);
  const page = await context.newPage();
  const folder = name;
  mkdirSync(path.join(out, folder), { recursive: true });
  for (const { screen, state } of states) {
    await openState(page, session.base, { screen, state, lang, theme });
    const file = `${folder}/${screen}--${state}.png`;
    await page.screenshot({ path: path.join(out, file), fullPage: true, animations: 'disabled' });
    index.push({ folder, screen, state, file });
  }
  await context.close();
}
await session.close();

const sections = runs
  .map(({ name }) => {
    const folder = name;
    const items = index
      .filter((i) => i.folder === folder)
      .map((i) => `<figure><a href="${i.file}"><img src="${i.file}" alt="${i.screen} ${i.state}" loading="lazy"></a><figcaption>${i.screen} · ${i.state}</figcaption></figure>`)
      .join('\n');
    return `<h2 id="${folder}">${folder.replaceAll('-', ' · ')}</h2>\n<div class="grid">${items}</div>`;
  })
  .join('\n');
writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html><meta charset="utf-8"><title>KYC Flow · rendered states</title>
<style>body{font-family:system-ui,sans-serif;margin:20px;background:#eef1f5}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
figure{margin:0;background:#fff;padding:6px;border-radius:6px}img{width:100%;height:auto}figcaption{font-size:13px}nav a{margin-right:10px}</style>
<h1>KYC Flow · every state in every language (${index.length} renders)</h1>
<nav>${runs.map(({ name }) => `<a href="#${name}">${name.replaceAll('-', ' · ')}</a>`).join('')}</nav>
${sections}`,
);
console.log(`gallery: ${index.length} renders in ${out} (${((Date.now() - started) / 1000).toFixed(0)} s); open index.html there`);
