/**
 * `npm run storybook` as a designer runs it: the dev server (Vite, lit's development build)
 * on the port given with `-p`, and stories that load one Lit, with nothing in the console.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { waitUntil } from '../support/display-page.js';
import { freePort } from '../support/hub-process.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('Storybook dev server (npm run storybook)', () => {
  let server: ChildProcess;
  let browser: Browser;
  let url = '';
  let output = '';

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Its own process group, so the npm → storybook → esbuild tree is stopped as one.
    server = spawn('npm', ['run', 'storybook', '--', '-p', String(port), '--host', '127.0.0.1', '--ci', '--exact-port'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [server.stdout!, server.stderr!]) stream.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
    await waitUntil(
      `storybook dev on port ${port}`,
      async () => (await fetch(`${url}/index.json`).catch(() => undefined))?.ok === true,
      120_000,
      500,
    ).catch((error) => assert.fail(`${error.message}\n${output}`));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  });

  for (const id of ['elements-bill-panel--typical', 'layout-customer-display--payment-cash-mirrored']) {
    it(`${id}: rendered with one Lit and no console warning or error`, async () => {
      const page = await browser.newPage();
      const console: string[] = [];
      page.on('console', (message) => {
        // Lit announces its development build once: expected in a dev server.
        if (['warn', 'error'].includes(message.type()) && !message.text().startsWith('Lit is in dev mode')) console.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => console.push(`pageerror: ${String(error)}`));
      try {
        await page.goto(`${url}/iframe.html?id=${id}&viewMode=story`, { waitUntil: 'load', timeout: 90_000 });
        await waitUntil(`${id} to render`, () => page.evaluate(() => (document.querySelector('#storybook-root')?.children.length ?? 0) > 0), 60_000);
        const versions = await page.evaluate(() => (window as unknown as { litHtmlVersions?: string[] }).litHtmlVersions ?? []);
        assert.equal(versions.length, 1, `lit-html loaded ${versions.length} times`);
        assert.deepEqual(console, []);
      } finally {
        await page.close();
      }
    });
  }
});
