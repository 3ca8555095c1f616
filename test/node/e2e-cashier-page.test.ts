/**
 * End to end, the cashier page's life: a payment dialog must not outlive the page that
 * mirrored it (reload, navigation, a crashed browser), and a successful publish must look
 * successful in DevTools. A real hub, the drop-in bundle, each page in its own Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { startPaymentScene, type PaymentScene } from '../support/payment-pages.js';

describe('end to end: the cashier page comes and goes', () => {
  let scene: PaymentScene;
  let display: Page;
  /** Cashier pages a test opened; closed before the next test. */
  const opened: Page[] = [];

  const displayPhase = () => display.evaluate(() => document.querySelector('display-sync')!.phase);
  const displayShowsDialog = () => display.evaluate(() => document.querySelector('display-sync')!.displayState.modal !== null);

  async function openCashier(browser = scene.cashierBrowser): Promise<Page> {
    const cashier = await browser.newPage();
    opened.push(cashier);
    await cashier.goto(`${scene.site.url}/cashier`);
    return cashier;
  }

  /** A fresh cashier page with the bill rung up, the cash dialog open and `amount` typed. */
  async function cashierMidPayment(amount: string, browser = scene.cashierBrowser): Promise<Page> {
    const cashier = await openCashier(browser);
    const reply = await cashier.evaluate((bill) => (window as any).publisher.updateBill(bill), billWith(3, { bill_number: 'INV-7', total: 81030 }));
    assert.equal(reply.ok, true, JSON.stringify(reply));
    await cashier.evaluate(() => {
      document.getElementById('paymentModal')!.hidden = false;
    });
    await cashier.type('#tendered', amount);
    await display.evaluate((value) => (window as any).whenTendered(value), amount);
    assert.equal(await displayPhase(), 'payment');
    return cashier;
  }

  before(async () => {
    scene = await startPaymentScene({ '/elsewhere': { html: '<!doctype html><title>elsewhere</title>' } });
    display = scene.display;
  });

  beforeEach(async () => {
    for (const page of opened.splice(0)) if (!page.isClosed()) await page.close().catch(() => {});
    await fetch(`${scene.hub.url}/api/customer-display/clear`, { method: 'POST', body: '{"reason":"void"}', headers: { 'Content-Type': 'application/json' } });
    await waitUntil('the display idle', async () => (await displayPhase()) === 'idle');
  });

  after(async () => {
    await scene?.close();
  });

  it('reloading the cashier page mid-payment takes the dialog off the display; the bill stays', async () => {
    const cashier = await cashierMidPayment('50000');
    await cashier.reload();
    await waitUntil('the display to leave the dialog', async () => !(await displayShowsDialog()));
    assert.equal(await displayPhase(), 'bill');
  });

  it('leaving the cashier page for one without the mirror (pagehide) hides the dialog', async () => {
    const cashier = await cashierMidPayment('75000');
    await cashier.goto(`${scene.site.url}/elsewhere`);
    await waitUntil('the display to leave the dialog', async () => !(await displayShowsDialog()));
  });

  it('a cashier browser that died mid-payment (no pagehide): the next cashier page hides the dialog when it starts', async () => {
    const doomed = await launchChromium();
    try {
      await cashierMidPayment('90000', doomed);
    } finally {
      doomed.process()!.kill('SIGKILL');
    }
    assert.equal(await displayShowsDialog(), true, 'a killed page sends nothing');
    await openCashier();
    await waitUntil('the display to leave the dialog', async () => !(await displayShowsDialog()));
  });

  it('successful publishes do not show as failed requests (net::ERR_ABORTED) in DevTools', async () => {
    const cashier = await scene.cashierBrowser.newPage();
    opened.push(cashier);
    const publishes = new Map<HTTPRequest, string>();
    const api = (url: string) => url.startsWith(`${scene.hub.url}/api/customer-display/`);
    cashier.on('request', (request) => api(request.url()) && publishes.set(request, 'pending'));
    cashier.on('requestfinished', (request) => api(request.url()) && publishes.set(request, 'finished'));
    cashier.on('requestfailed', (request) => api(request.url()) && publishes.set(request, `${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
    await cashier.goto(`${scene.site.url}/cashier`);
    const results = await cashier.evaluate(async (bill) => {
      const publisher = (window as any).publisher;
      const replies = [await publisher.updateBill(bill), await publisher.showModal({ modal_type: 'payment', html: '<p>Bayar</p>' })];
      replies.push(await publisher.hideModal(), await publisher.clear());
      return replies;
    }, billWith(2, { bill_number: 'INV-9' }));
    assert.deepEqual(results.map((result: { ok: boolean }) => result.ok), [true, true, true, true]);
    // DevTools learns how each request ended only after the publisher's result: wait for every one.
    await waitUntil('every publish to end', () => publishes.size >= 4 && [...publishes.values()].every((outcome) => outcome !== 'pending'));
    const failed = [...publishes.values()].filter((outcome) => outcome !== 'finished');
    assert.deepEqual(failed, []);
  });
});
