import { readFileSync } from 'node:fs';
// The designers' preview build (`npm run build:preview`) served by `vite preview`, in Debian's
// Chromium driven by playwright-core.
import { preview } from 'vite';
import { chromium } from 'playwright-core';

/** `args`: more Chromium switches (e.g. a fake camera). */
export async function openBrowser(args = []) {
  const server = await preview({
    mode: 'preview',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  const base = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.httpServer.close(resolve));
    },
  };
}

/** Opens a state of a screen and waits until the page says it is ready. */
export async function openState(page, base, { screen, state, lang = 'en', theme = 'light' }) {
  const query = new URLSearchParams({ lang, theme, ...(screen ? { screen } : {}), ...(state ? { state } : {}) });
  await page.goto(`${base}index.html?${query}`);
  await page.waitForFunction(() => document.documentElement.dataset.interactiveAt !== undefined);
}

/** Every screen and state of the preview, as the gallery lists them. */
export const states = Object.entries(
  JSON.parse(readFileSync(new URL('../src/lib/preview/states.json', import.meta.url), 'utf8')),
).flatMap(([screen, list]) => list.map((state) => ({ screen, state })));
