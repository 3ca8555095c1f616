/**
 * The drop-in bundle's on-demand code after start (src/bundle/later-elements.ts): a while
 * after the page has loaded, the element chunks are fetched and run one after another (each
 * a task of its own), and the sanitizer and the QR encoder are only fetched ahead, not run
 * (DOMPurify's evaluation alone was a long task); they run when a payment or a dialog is on
 * screen. The pairing's control stream and the BroadcastChannel transport come in chunks
 * too, asked for at once by the displays that use them (a screen without a lane, a
 * `broadcast:` src) and never by the others. Over the hub's `/display/` in Chromium. Run
 * `npm run build` first.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { dropInRoutes, waitUntil } from '../support/display-page.js';
import { billWith, SEED_SHOW_MODAL } from '../support/fixtures.js';
import { postJson } from '../support/sse-client.js';
import { serveStatic } from '../support/static-server.js';

const API = '/api/customer-display';
const ADMIN = 'admin-token-chunk-prefetch-0001';
const LATER_TAGS = ['payment-modal-mirror', 'payment-view', 'payment-qr', 'shopper-prompt', 'pairing-screen', 'idle-slideshow'];
const built = existsSync(new URL('../../dist/customer-display.js', import.meta.url));

/** Which of our scripts the page has asked for (script elements) and fetched ahead (prefetch links), by chunk name. */
const requested = (page: Page) =>
  page.evaluate(() => ({
    // (No named helper inside: tsx would wrap it in a function the page does not have.)
    scripts: [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((script) => /customer-display\.(\w+)\.js/.exec(script.src)?.[1] ?? '').filter(Boolean),
    prefetched: [...document.querySelectorAll<HTMLLinkElement>('link[rel=prefetch]')].map((link) => /customer-display\.(\w+)\.js/.exec(link.href)?.[1] ?? ''),
  }));

describe('on-demand chunks after start', { skip: !built && 'run `npm run build` first' }, () => {
  let hub: RunningHub;
  let browser: Browser;

  before(async () => {
    // An admin token: the hub takes pairing displays (a lane display works as without it).
    hub = await startHubServer({ port: 0, displayApp: {}, adminToken: ADMIN });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('runs the element chunks one by one at idle, fetches the sanitizer and the QR encoder without running them, and runs them for a dialog', async () => {
    await postJson(`${hub.url}${API}/update-bill?lane=chunks`, billWith(3, {}));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // Counts the chunk scripts inserted and not yet run (a script's load event follows its run).
    await page.evaluateOnNewDocument(`window.chunksPending = 0; window.chunksPendingMax = 0;
      new MutationObserver(function (records) {
        records.forEach(function (record) {
          record.addedNodes.forEach(function (node) {
            if (node.tagName !== 'SCRIPT' || !/customer-display\\.\\w+\\.js/.test(node.src)) return;
            window.chunksPendingMax = Math.max(window.chunksPendingMax, ++window.chunksPending);
            node.addEventListener('load', function () { window.chunksPending--; });
          });
        });
      }).observe(document, { childList: true, subtree: true });`);
    await page.goto(`${hub.url}/display/?lane=chunks`, { waitUntil: 'load' });

    await waitUntil('every element chunk run', async () => (await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), LATER_TAGS)).length === LATER_TAGS.length, 10_000);
    // No broadcast chunk: a display following a hub lane never asks for the BroadcastChannel transport.
    assert.deepEqual((await requested(page)).scripts.filter((name) => name !== 'auto' && name !== 'js'), ['payment', 'prompt', 'pairing', 'slideshow']);
    assert.equal(await page.evaluate('window.chunksPendingMax'), 1, 'one chunk at a time');
    await waitUntil('the sanitizer and the QR encoder fetched ahead', async () => (await requested(page)).prefetched.length === 2);
    const idle = await requested(page);
    assert.deepEqual(idle.prefetched.sort(), ['qr', 'sanitizer']);
    assert.equal(idle.scripts.includes('sanitizer'), false, 'the sanitizer is not run at idle');
    assert.equal(idle.scripts.includes('qr'), false, 'the QR encoder is not run at idle');

    // A mirrored dialog: the sanitizer runs, and the dialog shows.
    await postJson(`${hub.url}${API}/show-modal?lane=chunks`, { ...SEED_SHOW_MODAL, html: '<div><p>Bayar di kasir</p></div>' });
    await waitUntil('the sanitizer run for the dialog', async () => (await requested(page)).scripts.includes('sanitizer'));
    await waitUntil('the dialog shown', () =>
      page.evaluate(() => {
        const display = document.querySelector('customer-display');
        const mirror = display?.shadowRoot?.querySelector('payment-modal-mirror');
        return (mirror?.shadowRoot?.textContent ?? '').includes('Bayar di kasir');
      }),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a screen without a lane asks for the pairing chunk at once and shows its code; no broadcast chunk', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${hub.url}/display/`, { waitUntil: 'load' });
    await waitUntil('a pairing code on the screen', () =>
      page.evaluate(() => {
        const screen = document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen');
        return /^[A-Z0-9]{3} [A-Z0-9]{3}$/.test(screen?.shadowRoot?.querySelector('[part=code]')?.textContent?.trim() ?? '');
      }),
    );
    const { scripts } = await requested(page);
    // First, before the idle fetch of the element chunks (which starts with payment).
    assert.equal(scripts.filter((name) => name !== 'auto')[0], 'pairing', scripts.join(', '));
    assert.equal(scripts.filter((name) => name === 'pairing').length, 1, 'one pairing script for <display-sync> and <customer-display>');
    assert.equal(scripts.includes('broadcast'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a broadcast: display asks for the transport chunk at once and says hello over the channel', async () => {
    const display = `<!doctype html><html lang="id"><head><link rel="icon" href="data:,"><script src="/customer-display.js"></script></head><body>
<display-sync src="broadcast:chunks"><bill-panel></bill-panel></display-sync>
<script>window.heard = []; new BroadcastChannel('pos-customer-display:chunks').onmessage = (event) => heard.push(event.data.type);</script>
</body></html>`;
    const site = await serveStatic({ ...dropInRoutes(), '/broadcast': { html: display } });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${site.url}/broadcast`, { waitUntil: 'load' });
      await waitUntil('a hello from the display', async () => ((await page.evaluate('window.heard')) as string[]).includes('hello'));
      const { scripts } = await requested(page);
      // First, before the idle fetch of the element chunks.
      assert.equal(scripts[0], 'broadcast', scripts.join(', '));
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await site.close();
    }
  });
});
