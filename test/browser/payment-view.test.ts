import { expect, fixture, html } from '@open-wc/testing';
import 'jsqr';
import sinon from 'sinon';
import '../../src/components/payment-view/payment-view.js';
import type { PaymentView, PaymentLike } from '../../src/components/payment-view/payment-view.js';
import type { PaymentQr } from '../../src/components/payment-qr/payment-qr.js';
import { crc16ccitt, demoQrisPayload } from '../../src/scenarios/qris.js';
import { isAnnounced } from './live-region.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string; binaryData: number[] } | null;
const jsQR = (window as unknown as { jsQR: JsQr }).jsQR;

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`);
const text = (el: HTMLElement, name: string) => (part(el, name) as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').trim() ?? null;

/** Rasterises a rendered <payment-qr> and decodes it, as a phone camera would. */
async function decode(qr: PaymentQr): Promise<{ data: string; binaryData: number[] } | null> {
  const svg = qr.shadowRoot!.querySelector('svg')!;
  const markup = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const size = qr.moduleCount * 8;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(image, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size);
  return jsQR(pixels.data, size, size);
}

const base: PaymentLike = { bill_id: 'b', amount_due: 81030, method: 'cash', status: 'pending' };

describe('<payment-view>', () => {
  afterEach(() => sinon.restore());

  it('shows amount due, method, what was paid and the change', async () => {
    const el = await fixture<PaymentView>(html`<payment-view lang="id" .payment=${{ ...base, tendered: 100000, change: 18970 }}></payment-view>`);
    expect(text(el, 'amount')).to.equal('Rp 81.030');
    expect(text(el, 'method')).to.equal('Tunai');
    expect(text(el, 'figures')).to.contain('Dibayar Rp 100.000');
    expect(text(el, 'change')).to.equal('Kembalian Rp 18.970');
    expect(text(el, 'status')).to.contain('Menunggu pembayaran');
    el.payment = { ...base, tendered: 200000, change: 118970 };
    await el.updateComplete;
    expect(text(el, 'change')).to.equal('Kembalian Rp 118.970', 'updates live');
  });

  it('less received than due: the shortfall ("Kurang" / "Short"), never "change Rp 0"', async () => {
    const el = await fixture<PaymentView>(html`<payment-view lang="id" .payment=${{ ...base, tendered: 50000, change: 0 }}></payment-view>`);
    expect(text(el, 'figures')).to.contain('Dibayar Rp 50.000');
    expect(text(el, 'shortfall')).to.equal('Kurang Rp 31.030');
    expect(part(el, 'change'), 'no change row').to.equal(null);
    el.payment = { ...base, tendered: 81030, change: 0 };
    await el.updateComplete;
    expect(part(el, 'shortfall'), 'paid in full').to.equal(null);
    expect(text(el, 'change')).to.equal('Kembalian Rp 0');
    const en = await fixture<PaymentView>(html`<payment-view lang="en" .payment=${{ ...base, tendered: 80000 }}></payment-view>`);
    expect(text(en, 'shortfall')).to.match(/^Short IDR\s1,030$|^Short Rp\s?1[.,]030$/);
  });

  it('says clearly when a payment is declined, with the reason, and when it went through', async () => {
    const el = await fixture<PaymentView>(html`<payment-view lang="en" .payment=${{ ...base, method: 'card', status: 'declined', message: 'Insufficient funds' }}></payment-view>`);
    expect(part(el, 'status')!.getAttribute('role')).to.equal('alert');
    expect(text(el, 'status')).to.contain('Payment declined');
    expect(text(el, 'status')).to.contain('Insufficient funds');
    el.payment = { ...base, status: 'approved' };
    await el.updateComplete;
    expect(text(el, 'status')).to.contain('Payment received');
  });

  it('renders a QR code that decodes to exactly the QRIS payload', async () => {
    const payload = demoQrisPayload(81030, 'INV-2026-0042');
    expect(payload.slice(-4)).to.equal(crc16ccitt(payload.slice(0, -4)), 'the demo payload carries a valid CRC');
    const el = await fixture<PaymentView>(html`<payment-view .payment=${{ ...base, method: 'qris', qr: { payload, label: 'QRIS' } }}></payment-view>`);
    const qr = el.shadowRoot!.querySelector('payment-qr')!;
    await qr.updateComplete;
    const decoded = await decode(qr);
    expect(decoded?.data).to.equal(payload);
  });

  it('names the method once: a QR label that repeats it gives way to "scan to pay"; another label is shown', async () => {
    const qris = { ...base, method: 'qris', qr: { payload: 'X', label: 'QRIS' } };
    const el = await fixture<PaymentView>(html`<payment-view lang="id" .payment=${qris}></payment-view>`);
    expect(text(el, 'base')!.match(/QRIS/g), 'QRIS on screen').to.have.length(1);
    expect(text(el, 'qr')).to.equal('Pindai untuk membayar');
    el.payment = { ...qris, qr: { payload: 'X', label: 'GoPay · OVO · DANA' } };
    await el.updateComplete;
    expect(text(el, 'qr')).to.equal('GoPay · OVO · DANA');
  });

  it('encodes non-ASCII text exactly (UTF-8 bytes)', async () => {
    const payload = 'Warung Bu Sri — Bandung ☕ Rp 27.750';
    const qr = await fixture<PaymentQr>(html`<payment-qr .value=${payload}></payment-qr>`);
    const decoded = await decode(qr);
    expect(decoded?.binaryData).to.deep.equal([...new TextEncoder().encode(payload)]);
  });

  it('counts down to the expiry, then says the code expired and hides it', async () => {
    const clock = sinon.useFakeTimers({ now: Date.parse('2026-11-25T10:00:00Z'), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const expires = Date.parse('2026-11-25T10:01:05Z') / 1000;
    const el = await fixture<PaymentView>(html`<payment-view lang="en" .payment=${{ ...base, method: 'qris', qr: { payload: 'X', expires_at: expires } }}></payment-view>`);
    expect(text(el, 'countdown')).to.equal('Expires in 1:05');
    expect(isAnnounced(part(el, 'countdown')!), 'the ticking countdown is not read out each second').to.equal(false);
    expect(isAnnounced(part(el, 'amount')!), 'the amount due still is, when it changes').to.equal(true);
    clock.tick(5000);
    await el.updateComplete;
    expect(text(el, 'countdown')).to.equal('Expires in 1:00');
    clock.tick(60_000);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('payment-qr')).to.equal(null);
    expect(text(el, 'status')).to.contain('expired');
    expect(clock.countTimers(), 'no timer keeps running after expiry... until the payment changes').to.be.at.most(1);
    el.remove();
    expect(clock.countTimers(), 'no timer left after removal').to.equal(0);
  });

  it('accepts an ISO 8601 expiry', async () => {
    sinon.useFakeTimers({ now: Date.parse('2026-11-25T10:00:00Z'), toFake: ['setInterval', 'clearInterval', 'Date'] });
    const el = await fixture<PaymentView>(html`<payment-view lang="en" .payment=${{ ...base, method: 'qris', qr: { payload: 'X', expires_at: '2026-11-25T17:02:00+07:00' } }}></payment-view>`);
    expect(text(el, 'countdown')).to.equal('Expires in 2:00');
  });
});
