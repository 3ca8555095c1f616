/**
 * End to end, the payment moment: a cashier page (publisher + mirrorModals from the
 * drop-in bundle) and a display page, each in its own Chromium window, a real hub between.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { KeyInput, Page } from 'puppeteer-core';
import { waitUntil } from '../support/display-page.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';
import { startPaymentScene, type PaymentScene } from '../support/payment-pages.js';
import { summarize } from '../support/stats.js';

describe('end to end: the payment moment', () => {
  let scene: PaymentScene;
  let cashier: Page;
  let display: Page;
  const errors: string[] = [];
  const mirrorText = () =>
    display.evaluate(() => {
      const root = document.querySelector('payment-modal-mirror')!.shadowRoot!;
      const view = root.querySelector('payment-view');
      return (root.querySelector('[part=overlay]') ? root.textContent ?? '' : '') + (view?.shadowRoot?.textContent ?? '');
    });
  const thanksText = () => display.evaluate(() => document.querySelector('thank-you-panel')!.shadowRoot!.textContent ?? '');

  before(async () => {
    scene = await startPaymentScene();
    display = scene.display;
    cashier = await scene.cashierBrowser.newPage();
    cashier.on('pageerror', (error) => errors.push(String(error)));
    await cashier.goto(`${scene.site.url}/cashier`);
    const reply = await cashier.evaluate((bill) => (window as any).publisher.updateBill(bill), billWith(3, { bill_number: 'INV-7', total: 81030 }));
    assert.equal(reply.ok, true, JSON.stringify(reply));
  });

  afterEach(() => assert.deepEqual([...scene.errors.splice(0), ...errors.splice(0)], [], 'page errors'));

  after(async () => {
    await scene?.close();
  });

  it('a cash payment: what the cashier types reaches the display, keystroke by keystroke', async () => {
    await cashier.evaluate(() => {
      document.getElementById('paymentModal')!.hidden = false;
    });
    await waitUntil('the mirrored dialog', async () => (await mirrorText()).includes('Pembayaran'));
    assert.doesNotMatch(await mirrorText(), /approve/, 'the cashier-only part is not mirrored');
    await cashier.focus('#tendered');
    const latencies: number[] = [];
    let typed = '';
    const press = async (key: KeyInput) => {
      typed = key === 'Backspace' ? typed.slice(0, -1) : typed + key;
      const shown = display.evaluate((value) => (window as any).whenTendered(value), typed);
      await cashier.keyboard.press(key);
      const shownAt = (await shown) as number;
      const inputs = (await cashier.evaluate(() => (window as any).inputTimes)) as Array<{ value: string; at: number }>;
      latencies.push(shownAt - inputs.findLast((entry) => entry.value === typed)!.at);
    };
    // 26 keystrokes: a typo corrected, then the real amount.
    for (const key of '1234567890') await press(key as KeyInput);
    for (let i = 0; i < 10; i++) await press('Backspace');
    for (const key of '100000') await press(key as KeyInput);
    console.log(`input → display latency per keystroke (ms) ${JSON.stringify(summarize(latencies))}`);
    await waitUntil('the change', async () => (await mirrorText()).includes('18.970'));

    // Confirm: as the original, hide the modal, then /clear.
    await cashier.evaluate(async () => {
      document.getElementById('paymentModal')!.hidden = true;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await (window as any).publisher.clear();
    });
    await waitUntil('the thank-you with the change', async () => /Terima kasih/.test(await thanksText()) && /18\.970/.test(await thanksText()));
    await waitUntil('idle after thanks-duration', async () => (await display.evaluate(() => document.querySelector('display-sync')!.phase)) === 'idle', 5000);
  });

  it('a QR payment: the code, a decline, an approval, the thank-you', async () => {
    await cashier.evaluate((bill) => (window as any).publisher.updateBill(bill), billWith(2, { bill_number: 'INV-8', total: 27750 }));
    const pay = (status: string, extra = {}) => cashier.evaluate((payment) => (window as any).publisher.payment(payment), { ...QRIS_PAYMENT, status, ...extra, qr: { ...QRIS_PAYMENT.qr, expires_at: Date.now() / 1000 + 120 } });
    await pay('pending');
    await waitUntil('the QR code', () =>
      display.evaluate(
        (payload) => {
          const view = document.querySelector('payment-modal-mirror')!.shadowRoot!.querySelector('payment-view');
          return view?.shadowRoot?.querySelector('payment-qr')?.value === payload;
        },
        QRIS_PAYMENT.qr.payload,
      ),
    );
    await pay('declined', { message: 'Saldo tidak mencukupi' });
    await waitUntil('the decline', async () => /Pembayaran ditolak/.test(await mirrorText()) && /Saldo tidak mencukupi/.test(await mirrorText()));
    await pay('approved');
    await waitUntil('the approval', async () => /Pembayaran diterima/.test(await mirrorText()));
    await cashier.evaluate(() => (window as any).publisher.clear());
    await waitUntil('the thank-you', async () => /Terima kasih/.test(await thanksText()));
    assert.doesNotMatch(await thanksText(), /Kembalian/, 'no change line for a QR payment');
  });
});
