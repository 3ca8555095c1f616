/**
 * The built Storybook (npm run build-storybook, offline) opened in Chromium: every story
 * renders, without console errors; the scenario stories go live through MSW.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { waitUntil } from '../support/display-page.js';
import { serveDirectory, type StaticServer } from '../support/static-server.js';

const STATIC = new URL('../../storybook-static/', import.meta.url).pathname;

describe('built Storybook', () => {
  let site: StaticServer;
  let browser: Browser;
  before(async () => {
    assert.ok(existsSync(`${STATIC}index.json`), 'storybook-static is missing: run `npm run build-storybook` first (npm test does)');
    site = await serveDirectory(STATIC);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('renders every story without console errors', async () => {
    const index = JSON.parse(readFileSync(`${STATIC}index.json`, 'utf8')) as { entries: Record<string, { id: string; type: string; title: string }> };
    const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
    assert.ok(stories.length >= 40, `${stories.length} stories`);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const problems: string[] = [];
    let current = '';
    page.on('pageerror', (error) => problems.push(`${current}: ${String(error)}`));
    page.on('console', (message) => {
      // The story "HostileHtmlIsNeutralised" has an image whose src is stripped: no request, no error.
      if (message.type() === 'error') problems.push(`${current}: ${message.text()}`);
    });
    for (const story of stories) {
      current = story.id;
      await page.goto(`${site.url}/iframe.html?id=${story.id}&viewMode=story`, { waitUntil: 'load' });
      await waitUntil(`${story.id} to render`, () =>
        page.evaluate(() => {
          const root = document.querySelector('#storybook-root');
          return !!root && root.children.length > 0 && root.getBoundingClientRect().height > 0;
        }),
      );
      if (story.title.startsWith('Scenarios')) {
        await waitUntil(`${story.id}: the display goes live through MSW`, () =>
          page.evaluate(() => {
            const scenario = document.querySelector('story-scenario');
            return scenario?.shadowRoot?.querySelector('display-sync')?.getAttribute('status') === 'live';
          }),
        10_000);
      }
    }
    assert.deepEqual(problems, []);
    console.log(`storybook: ${stories.length} stories rendered`);
  });

  it('shows the Portrait story in a portrait viewport (540×960): the bill above the brand, as on a 1080×1920 screen', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 1600, height: 1400 }); // room for 960 px under the toolbar
      // tsx compiles evaluate() callbacks with esbuild's keepNames helper; give every frame one.
      await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn');
      await page.goto(`${site.url}/?path=/story/layout-customer-display--portrait`, { waitUntil: 'load' });
      const frameHandle = await page.waitForSelector('#storybook-preview-iframe', { timeout: 15_000 });
      const frame = (await frameHandle!.contentFrame())!;
      const layout = () =>
        frame.evaluate(() => {
          const display = document.querySelector('customer-display');
          const part = (name: string) => display?.shadowRoot?.querySelector(`[part=${name}]`)?.getBoundingClientRect();
          const [bill, aside] = [part('bill'), part('aside')];
          return { width: innerWidth, height: innerHeight, billAboveBrand: !!bill && !!aside && bill.height > 0 && bill.bottom <= aside.top };
        });
      await waitUntil('the story in its viewport', async () => (await layout()).width === 540, 15_000);
      assert.deepEqual(await layout(), { width: 540, height: 960, billAboveBrand: true });
    } finally {
      await page.close();
    }
  });
});
