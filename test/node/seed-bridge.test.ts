/**
 * Our `<display-sync>` against the original Flask bridge itself (the seed's own Python code):
 * wire compatibility from the display side.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { BUNDLE, dropInRoutes } from '../support/display-page.js';
import { billWith, SEED_BILL, SEED_SHOW_MODAL } from '../support/fixtures.js';
import { findFlaskPython, startSeedBridge, type SeedBridge } from '../support/seed-bridge.js';
import { postJson } from '../support/sse-client.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { summarize } from '../support/stats.js';

const API = '/api/customer-display';
const python = findFlaskPython();

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('<display-sync> against the original Flask bridge', { skip: python ? false : 'Python with Flask and Flask-CORS not found (Debian: apt-get install python3-flask python3-flask-cors)' }, () => {
  let bridge: SeedBridge;
  let site: StaticServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const panel = () => page.evaluate(() => document.querySelector('bill-panel')!.shadowRoot!.textContent ?? '');
  const state = () => page.evaluate(() => {
    const s = document.querySelector('display-sync')!.displayState;
    return { status: s.status, bill: s.bill?.bill_number ?? null, modal: s.modal?.modal_type ?? null, clear: s.lastClear?.reason ?? null };
  });

  before(async () => {
    assert.ok(existsSync(BUNDLE), 'dist/customer-display.js is missing: run `npm run build` first (npm test does)');
    bridge = await startSeedBridge(python!);
    site = await serveStatic({
      ...dropInRoutes(),
      '/': {
        html: `<!doctype html><html lang="id"><head><link rel="icon" href="data:,"><script src="/customer-display.js"></script></head>
          <body><display-sync src="${bridge.url}"><bill-panel></bill-panel></display-sync>
          <script>window.displayErrors = []; document.addEventListener('display-error', (e) => displayErrors.push(e.detail));</script></body></html>`,
      },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${site.url}/`);
    await waitUntil('connected to the seed bridge', async () => (await state()).status === 'live');
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await bridge?.stop();
  });

  // After each test, so each stands alone: the bridge's events all passed validation, and
  // the page raised nothing.
  afterEach(async () => {
    assert.deepEqual(await page.evaluate(() => (window as any).displayErrors.splice(0)), [], 'events the display rejected');
    assert.deepEqual(errors.splice(0), [], 'page errors');
  });

  it('shows the bill the seed cashier posts', async () => {
    const reply = await postJson(`${bridge.url}${API}/update-bill`, SEED_BILL);
    assert.equal(reply.body.status, 'success');
    await waitUntil('the bill', async () => (await panel()).includes('Nasi Goreng'));
    assert.match(await panel(), /Rp\s27\.750/);
  });

  it('follows modal-show, modal-hide and clear', async () => {
    await postJson(`${bridge.url}${API}/show-modal`, SEED_SHOW_MODAL);
    await waitUntil('the modal', async () => (await state()).modal === 'payment');
    await postJson(`${bridge.url}${API}/hide-modal`, { modal_type: 'payment' });
    await waitUntil('the modal to hide', async () => (await state()).modal === null);
    await postJson(`${bridge.url}${API}/clear`, {});
    await waitUntil('the clear', async () => (await state()).bill === null);
    assert.equal((await state()).clear, 'payment_success');
  });

  it('follows 8 successive bills from the bridge, each replacing the last (publish → DOM latency printed, not asserted)', async () => {
    const samples: number[] = [];
    for (let n = 1; n <= 8; n++) {
      const marker = `SEED-${n}`;
      const started = performance.now();
      const reply = await postJson(`${bridge.url}${API}/update-bill`, billWith(n, { bill_number: marker }));
      assert.equal(reply.body.status, 'success');
      await waitUntil(marker, async () => (await panel()).includes(marker), 3000);
      samples.push(performance.now() - started);
      assert.equal((await state()).bill, marker);
      // Exactly this bill's lines: nothing of the previous bill stays on screen.
      const lines = await page.evaluate(() => document.querySelector('bill-panel')!.shadowRoot!.querySelectorAll('[part~=item]').length);
      assert.equal(lines, n, `${marker} has ${n} lines`);
    }
    assert.equal((await state()).status, 'live');
    console.log(`seed bridge publish→DOM latency (polled every 20 ms) ${JSON.stringify(summarize(samples))}`);
  });
});
