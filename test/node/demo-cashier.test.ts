/**
 * The demo's cashier simulator as a user meets it: demo/cashier.html and its script (built
 * here with esbuild, as Vite would serve it), a real hub, and a display page with the
 * drop-in bundle showing the mirrored payment dialog.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { dropInRoutes, waitUntil } from '../support/display-page.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const DEMO = new URL('../../demo/', import.meta.url).pathname;

async function cashierScript(): Promise<string> {
  const result = await build({
    entryPoints: [`${DEMO}cashier.ts`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    define: { 'import.meta.env': '{"MODE":"test"}' },
    tsconfig: new URL('../../tsconfig.json', import.meta.url).pathname,
  });
  return result.outputFiles[0]!.text;
}

const displayPage = (hubUrl: string) => `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head><body>
<display-sync src="${hubUrl}"><payment-modal-mirror stylesheet="/mirror.css"></payment-modal-mirror><shopper-prompt></shopper-prompt></display-sync></body></html>`;

describe('demo cashier simulator', () => {
  let hub: RunningHub;
  let site: StaticServer;
  let browser: Browser;
  let cashier: Page;
  let display: Page;
  const errors: string[] = [];

  /** The mirrored tendered field and change on the display, as the shopper sees them. */
  const mirrored = () =>
    display.evaluate(() => {
      const root = document.querySelector('payment-modal-mirror')!.shadowRoot!;
      return {
        tendered: root.querySelector<HTMLInputElement>('#tendered')?.value ?? null,
        change: root.querySelector('#change')?.textContent ?? null,
      };
    });
  const visible = (page: Page, selector: string) => page.$eval(selector, (element) => element.checkVisibility());

  before(async () => {
    const html = (await readFile(`${DEMO}cashier.html`, 'utf8')).replace('src="./cashier.ts"', 'src="./cashier.js"');
    const routes: Record<string, string | { html: string }> = {
      '/cashier.html': { html },
      '/cashier.css': `${DEMO}cashier.css`,
      '/mirror.css': `${DEMO}mirror.css`,
      ...dropInRoutes(),
    };
    site = await serveStatic(routes);
    hub = await startHubServer({ port: 0, heartbeatMs: 5000, allowOrigins: [site.url] });
    routes['/display'] = { html: displayPage(hub.url) };
    const script = await cashierScript();
    browser = await launchChromium();
    display = await browser.newPage();
    cashier = await browser.newPage();
    for (const page of [display, cashier]) page.on('pageerror', (error) => errors.push(String(error)));
    // Served as a module script, as Vite serves cashier.ts.
    await cashier.setRequestInterception(true);
    cashier.on('request', (request) =>
      request.url().endsWith('/cashier.js')
        ? void request.respond({ status: 200, contentType: 'text/javascript', body: script })
        : void request.continue(),
    );
  });

  // Each test starts from an empty lane: the simulator takes up the lane's bill after a reload.
  beforeEach(async () => void (await fetch(`${hub.url}/api/customer-display/clear`, { method: 'POST' })));
  afterEach(() => assert.deepEqual(errors.splice(0), [], 'page errors'));

  after(async () => {
    await browser?.close();
    await site?.close();
    await hub?.close();
  });

  /** A fresh sale: one Nasi Goreng (Rp 25.000 + 11 % tax = Rp 27.750), payment dialog open. */
  async function openPayment(): Promise<void> {
    await display.goto(`${site.url}/display`);
    await cashier.goto(`${site.url}/cashier.html?hub=${encodeURIComponent(hub.url)}`);
    await cashier.waitForSelector('#product-grid button');
    await cashier.click('#product-grid button');
    await cashier.click('#pay');
    await waitUntil('the dialog on the display', async () => (await mirrored()).tendered !== null);
  }

  it('the amount received is grouped as the change is, on the cashier and on the display; the dialog data keeps the number', async () => {
    await openPayment();
    await cashier.bringToFront();
    await cashier.focus('#tendered');
    await cashier.keyboard.type('100000');
    assert.equal(await cashier.$eval('#tendered', (input) => (input as HTMLInputElement).value), '100.000');
    assert.equal(await cashier.$eval('#paymentModal', (modal) => (modal as HTMLElement).dataset.tendered), '100000');
    await waitUntil('the display shows what was typed', async () => (await mirrored()).tendered === '100.000');
    assert.deepEqual(await mirrored(), { tendered: '100.000', change: 'Rp\u00a072.250' });
  });

  it('less received than the total: the dialog, and so the shopper\'s screen, says what is still owed, never "Kembalian Rp 0"', async () => {
    await openPayment();
    await cashier.bringToFront();
    await cashier.focus('#tendered');
    await cashier.keyboard.type('20000');
    const shopperSees = () =>
      display.evaluate(() => {
        const root = document.querySelector('payment-modal-mirror')!.shadowRoot!;
        return `${root.querySelector('#change-label')?.textContent} ${root.querySelector('#change')?.textContent}`;
      });
    await waitUntil('the shortfall on the display', async () => (await shopperSees()) === 'Kurang Rp\u00a07.750');
    assert.equal(await cashier.$eval('#paymentModal', (modal) => (modal as HTMLElement).dataset.change), undefined, 'no change announced');
    await cashier.keyboard.type('0');
    await waitUntil('the change once paid in full', async () => (await shopperSees()) === 'Kembalian Rp\u00a0172.250');
  });

  it('a digit typed in the middle keeps the caret after it', async () => {
    await openPayment();
    await cashier.focus('#tendered');
    await cashier.keyboard.type('5000');
    // Caret after "5": type 0 → "50.000", the caret still before the last three digits.
    await cashier.$eval('#tendered', (input) => (input as HTMLInputElement).setSelectionRange(1, 1));
    await cashier.keyboard.type('0');
    assert.equal(await cashier.$eval('#tendered', (input) => (input as HTMLInputElement).value), '50.000');
    assert.equal(await cashier.$eval('#tendered', (input) => (input as HTMLInputElement).selectionStart), 2);
  });

  it('shows the QRIS simulator buttons only while QRIS is chosen, and the cash field only while cash is', async () => {
    await openPayment();
    for (const id of ['#qris-decline', '#qris-retry', '#qris-approve']) assert.equal(await visible(cashier, id), false, `${id} with Cash chosen`);
    assert.equal(await visible(cashier, '#tendered'), true);
    await cashier.click('#method-qris');
    for (const id of ['#qris-decline', '#qris-retry', '#qris-approve']) assert.equal(await visible(cashier, id), true, `${id} with QRIS chosen`);
    assert.equal(await visible(cashier, '#tendered'), false, 'the cash field with QRIS chosen');
  });

  it('asks for a tip before payment and the receipt after it, when ticked: the tip becomes a line, untaxed', async () => {
    await display.goto(`${site.url}/display`);
    await cashier.goto(`${site.url}/cashier.html?hub=${encodeURIComponent(hub.url)}`);
    await cashier.waitForSelector('#product-grid button');
    await cashier.click('#product-grid button');
    await cashier.click('#ask-tip');
    await cashier.click('#ask-receipt');
    await cashier.click('#pay');
    const option = (value: string) => display.evaluate((v) => !!document.querySelector('shopper-prompt')!.shadowRoot!.querySelector(`button[part=option][data-value="${v}"]`), value);
    const tap = (value: string) => display.evaluate((v) => document.querySelector('shopper-prompt')!.shadowRoot!.querySelector<HTMLButtonElement>(`button[part=option][data-value="${v}"]`)!.click(), value);
    // 15 % of Rp 27.750 (Nasi Goreng + 11 % tax).
    await waitUntil('the tip question on the display', () => option('4163'));
    await tap('4163');
    await waitUntil('the payment dialog with the tip', async () => (await mirrored()).tendered !== null);
    assert.equal(await cashier.$eval('#modal-total', (element) => element.textContent), 'Rp\u00a031.913', 'Rp 27.750 + a Rp 4.163 tip, not taxed');
    await cashier.bringToFront();
    await cashier.click('[data-quick="exact"]');
    await cashier.click('#confirm-cash');
    await waitUntil('the receipt question', () => option('print'));
    await tap('print');
    await waitUntil('the sale cleared', () => cashier.$eval('#log', (log) => log.textContent!.includes('POST /clear')));
    assert.match(await cashier.$eval('#log', (log) => log.textContent!), /ask receipt → answered channel: print/);
  });

  it('clears the custom-line form after adding, logs show-modal/hide-modal, and after a reload takes up the bill the display still shows', async () => {
    await display.goto(`${site.url}/display`);
    const page = `${site.url}/cashier.html?hub=${encodeURIComponent(hub.url)}`;
    await cashier.goto(page);
    await cashier.waitForSelector('#product-grid button');
    await cashier.click('#product-grid button');
    await cashier.type('#custom-item input[name=name]', 'Kerupuk');
    await cashier.$eval('#custom-item input[name=price]', (input) => ((input as HTMLInputElement).value = '3000'));
    await cashier.click('#custom-item button[type=submit]');
    const form = () => cashier.$$eval('#custom-item input', (inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    assert.deepEqual(await form(), ['', '15000', ''], 'name and notes empty, price back to its default');
    assert.equal(await cashier.$$eval('#lines li', (rows) => rows.length), 2);
    const total = await cashier.$eval('#total', (element) => element.textContent);

    await cashier.click('#pay');
    await waitUntil('the dialog on the display', async () => (await mirrored()).tendered !== null);
    await cashier.click('#paymentModal .modal-close');
    const log = () => cashier.$eval('#log', (element) => element.textContent!);
    await waitUntil('show-modal and hide-modal in the log', async () => /POST \/show-modal → 200/.test(await log()) && /POST \/hide-modal → 200/.test(await log()));

    await waitUntil('the bill on the display', () => display.evaluate(() => (document.querySelector('display-sync') as unknown as { displayState: { bill: { items: unknown[] } | null } }).displayState.bill?.items.length === 2));
    await cashier.reload();
    await waitUntil('the bill taken up again', async () => (await cashier.$$eval('#lines li', (rows) => rows.length)) === 2);
    assert.equal(await cashier.$eval('#total', (element) => element.textContent), total);
    assert.match(await log(), /resumed INV-\d{4}-0001 from the hub \(2 lines\)/);
    // The next line extends that bill, not a new one.
    await cashier.click('#product-grid button');
    assert.deepEqual(await cashier.$$eval('#lines li .qty', (rows) => rows.map((row) => row.textContent!.replace(/[^0-9]/g, ''))), ['2', '1']);
  });
});
