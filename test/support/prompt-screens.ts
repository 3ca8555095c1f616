/**
 * Every kind of prompt, and the states a shopper goes through (a pad open, the answer
 * received), on a real display (built bundle + `<customer-display>`, real hub) at the
 * sizes of a TV and of a till's touch screen. Shared by `npm run screenshots:prompts` and
 * the layout test.
 */
import type { Page } from 'puppeteer-core';
import { startHubServer } from '../../src/hub/node/server.js';
import { SAMPLE_PROMPTS, typicalBill } from '../../src/scenarios/samples.js';
import { launchChromium } from './chromium.js';
import { dropInRoutes, waitUntil } from './display-page.js';
import { PROMPT, promptDisplayHtml, promptText } from './prompt-pages.js';
import { serveStatic } from './static-server.js';

export const PROMPT_SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;

/** What is on screen: a kind, or a kind in a further state. */
export const PROMPT_SHOTS = [
  'tip',
  'tip-keypad',
  'receipt',
  'receipt-email',
  'phone',
  'confirm',
  'rating',
  'choice',
  'tip-received',
] as const;
export type PromptShot = (typeof PROMPT_SHOTS)[number];

export interface PromptScreen {
  page: Page;
  size: (typeof PROMPT_SIZES)[number];
  theme: 'light' | 'dark';
  shot: PromptShot;
}

const API = '/api/customer-display';
const LANE = 'till-1';

/** Opens the pad or answers, for the shots that are past the first view. */
async function advance(page: Page, shot: PromptShot): Promise<void> {
  // Waits for the button: the previous question's text can satisfy the caller's wait while
  // this one is still on its way (more so with <shopper-prompt> loaded on demand).
  const click = async (selector: string) => {
    await page.waitForSelector(`${PROMPT} >>> ${selector}`, { timeout: 10_000 });
    await page.click(`${PROMPT} >>> ${selector}`);
  };
  if (shot === 'tip-keypad') {
    await click('button[part=option][data-value=custom]');
    for (const key of ['2', '5', '000']) await click(`button[part=key][data-key="${key}"]`);
  } else if (shot === 'receipt-email') {
    await click('button[part=option][data-value=email]');
    for (const key of 'budi@warung') await click(`button[part=key][data-key="${key}"]`);
  } else if (shot === 'tip-received') {
    await click('button[part=option][data-value="20813"]');
    await waitUntil('received', async () => /sudah diterima|received/.test(await promptText(page)));
  }
}

const KIND: Record<PromptShot, keyof typeof SAMPLE_PROMPTS> = {
  tip: 'tip',
  'tip-keypad': 'tip',
  'tip-received': 'tip',
  receipt: 'receipt',
  'receipt-email': 'receipt',
  phone: 'phone',
  confirm: 'confirm',
  rating: 'rating',
  choice: 'choice',
};

export async function forEachPromptScreen(visit: (screen: PromptScreen) => Promise<void>, themes: Array<'light' | 'dark'> = ['light']): Promise<void> {
  const routes: Record<string, string | { html: string }> = dropInRoutes();
  const site = await serveStatic(routes);
  const hub = await startHubServer({ port: 0, heartbeatMs: 5000, allowOrigins: [site.url] });
  for (const theme of themes) routes[`/${theme}`] = { html: promptDisplayHtml(hub.url, LANE).replace('theme="light"', `theme="${theme}"`) };
  const browser = await launchChromium();
  const post = (path: string, body: unknown) =>
    fetch(`${hub.url}${API}/${path}?lane=${LANE}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  try {
    for (const theme of themes) {
      for (const size of PROMPT_SIZES) {
        const page = await browser.newPage();
        await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn');
        await page.setViewport({ width: size.width, height: size.height });
        await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
        await page.goto(`${site.url}/${theme}`);
        await post('update-bill', typicalBill);
        for (const shot of PROMPT_SHOTS) {
          await post('prompt', SAMPLE_PROMPTS[KIND[shot]]);
          await waitUntil(`prompt ${shot}`, async () => (await promptText(page)) !== '' && !(await promptText(page)).includes('sudah diterima'));
          await advance(page, shot);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          await visit({ page, size, theme, shot });
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await site.close();
    await hub.close();
  }
}
