import { emulateMedia } from '@web/test-runner-commands';
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/payment-modal-mirror/payment-modal-mirror.js';
import { FADE_OUT_MS, type PaymentModalMirror } from '../../src/components/payment-modal-mirror/payment-modal-mirror.js';
import type { ModalShowEvent } from '../../src/protocol/index.js';

const MODAL: ModalShowEvent = {
  visible: true,
  modal_type: 'payment',
  html: `<div class="modal-box" data-sync-to-customer="true" style="position:fixed;display:none">
    <h2>Pembayaran</h2>
    <label>Uang diterima <input id="tendered" value="50000"></label>
    <select><option>Tunai</option></select><textarea>x</textarea>
    <button class="confirm">Konfirmasi</button><button class="modal-close">×</button>
    <input type="submit" value="Kirim">
  </div>`,
  data: { bill_id: '42', total: 27750 },
};

/** WCAG contrast ratio of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const overlay = (el: PaymentModalMirror) => el.shadowRoot!.querySelector<HTMLElement>('[part=overlay]');

describe('<payment-modal-mirror>', () => {
  afterEach(async () => {
    sinon.restore();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows the mirrored dialog read-only: fields disabled, action buttons hidden except .modal-close', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    const content = el.shadowRoot!.querySelector<HTMLElement>('[part=content]')!;
    expect(content.inert).to.equal(true);
    for (const field of content.querySelectorAll<HTMLInputElement>('input, select, textarea')) {
      expect(field.disabled, field.outerHTML).to.equal(true);
    }
    expect(content.querySelector<HTMLInputElement>('#tendered')!.readOnly).to.equal(true);
    expect(getComputedStyle(content.querySelector('.confirm')!).display).to.equal('none');
    expect(getComputedStyle(content.querySelector('input[type=submit]')!).display).to.equal('none');
    expect(getComputedStyle(content.querySelector('.modal-close')!).display).not.to.equal('none');
    // The cashier's own positioning of its modal box does not hide it here.
    expect(getComputedStyle(content.querySelector('.modal-box')!).display).to.equal('block');
    expect(overlay(el)!.classList.contains('open')).to.equal(true);
  });

  it('the dialog is named: by the mirrored heading, else "Payment" in its language', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    const dialog = () => el.shadowRoot!.querySelector('[role=dialog]')!;
    expect(dialog().getAttribute('aria-label')).to.equal('Pembayaran');
    el.modal = { ...MODAL, html: MODAL.html!.replace('<h2>Pembayaran</h2>', '<h3>Bayar tunai</h3>') };
    await el.updateComplete;
    expect(dialog().getAttribute('aria-label'), 'follows the new dialog').to.equal('Bayar tunai');
    el.setAttribute('lang', 'en');
    el.modal = { ...MODAL, html: '<div class="modal-box">Total 27.750</div>' };
    await el.updateComplete;
    expect(dialog().getAttribute('aria-label'), 'no heading: the word').to.equal('Payment');
  });

  it('adopts the cashier stylesheet inside its shadow root only', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror stylesheet="/demo/mirror.css" .modal=${MODAL}></payment-modal-mirror>`);
    const link = el.shadowRoot!.querySelector('link[rel=stylesheet]')!;
    expect(link.getAttribute('href')).to.equal('/demo/mirror.css');
    expect(document.head.querySelector('link[href="/demo/mirror.css"]')).to.equal(null);
  });

  it(`fades out over ${FADE_OUT_MS} ms on hide, then removes the content`, async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    el.modal = null;
    await el.updateComplete;
    expect(overlay(el), 'still there while fading').to.exist;
    expect(overlay(el)!.classList.contains('open')).to.equal(false);
    expect(getComputedStyle(overlay(el)!).transitionDuration).to.equal('0.3s');
    clock.tick(FADE_OUT_MS - 1);
    await el.updateComplete;
    expect(overlay(el)).to.exist;
    clock.tick(1);
    await el.updateComplete;
    expect(overlay(el)).to.equal(null);
  });

  it('a new modal during the fade-out cancels it', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    el.modal = null;
    await el.updateComplete;
    clock.tick(100);
    el.modal = { ...MODAL, html: '<p>Second</p>' };
    await el.updateComplete;
    clock.tick(FADE_OUT_MS);
    await el.updateComplete;
    expect(overlay(el)!.classList.contains('open')).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part=content]')!.textContent).to.contain('Second');
  });

  it('under prefers-reduced-motion: no transition, and gone at once on hide', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    expect(getComputedStyle(overlay(el)!).transitionDuration).to.equal('0s');
    el.modal = null;
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(overlay(el)).to.equal(null);
  });

  it('shows the structured payment view for a modal with data but no HTML, and for a payment', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror lang="en"
      .modal=${{ visible: true, modal_type: 'payment', html: null, data: { total: 27750, payment_method: 'cash', tendered: 30000, change: 2250 } }}
    ></payment-modal-mirror>`);
    const view = el.shadowRoot!.querySelector('payment-view')!;
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('[part=amount]')!.textContent).to.match(/27\.750/);
    expect(view.shadowRoot!.querySelector('[part=change]')!.textContent).to.match(/2\.250/);
    el.payment = { bill_id: 1, amount_due: 10000, method: 'qris', status: 'pending', qr: { payload: 'PAY-ME' } };
    await el.updateComplete;
    const payment = el.shadowRoot!.querySelector('payment-view')!;
    await payment.updateComplete;
    expect(payment.shadowRoot!.querySelector('payment-qr')!.value).to.equal('PAY-ME');
  });

  it('its structured payment view speaks its locale, currency and words, and follows them when they change', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror lang="en" locale="en-US" currency="USD"
      .strings=${{ amountDue: 'To pay now' }}
      .payment=${{ bill_id: 1, amount_due: 27.5, method: 'cash', status: 'pending' }}
    ></payment-modal-mirror>`);
    const view = el.shadowRoot!.querySelector('payment-view')!;
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('[part=amount]')!.textContent).to.equal('$27.50');
    expect(view.shadowRoot!.textContent).to.contain('To pay now');
    el.currency = 'EUR';
    await el.updateComplete;
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('[part=amount]')!.textContent).to.equal('€27.50');
  });

  it('shows nothing (no overlay) when there is nothing to show', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${null}></payment-modal-mirror>`);
    expect(overlay(el)).to.equal(null);
    el.modal = { visible: true, modal_type: 'notice', html: null, data: {} };
    await el.updateComplete;
    expect(overlay(el), 'a modal with neither HTML nor an amount has nothing for the shopper').to.equal(null);
  });

  it('HTML the sanitizer can make nothing of (a frameset) shows an empty dialog, never the previous one, and the next dialog renders', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror .modal=${MODAL}></payment-modal-mirror>`);
    const content = () => el.shadowRoot!.querySelector<HTMLElement>('[part=content]');
    expect(content()!.textContent).to.contain('Pembayaran');
    el.modal = { ...MODAL, html: '<frameset onload="window.__framesetRan=1"><frame src="javascript:window.__framesetRan=2"></frameset>' };
    await el.updateComplete;
    expect(overlay(el)!.classList.contains('open')).to.equal(true);
    expect(content(), 'an (empty) dialog is shown').to.exist;
    expect(content()!.textContent!.trim(), 'nothing of the previous dialog stays').to.equal('');
    expect(content()!.children.length).to.equal(0);
    el.modal = { ...MODAL, html: '<p>Kembalian Rp 2.250</p>' };
    await el.updateComplete;
    expect(content()!.textContent).to.equal('Kembalian Rp 2.250');
    expect((window as unknown as { __framesetRan?: number }).__framesetRan).to.equal(undefined);
  });

  it('draws mirrored radio buttons and checkboxes legibly: sized with the text, full contrast, the checked one filled', async () => {
    const el = await fixture<PaymentModalMirror>(html`<payment-modal-mirror style="font-size: 28px" .modal=${{
      ...MODAL,
      html: `<fieldset class="methods"><legend>Metode</legend><label><input type="radio" name="m" checked> Tunai</label><label><input type="radio" name="m"> QRIS</label><label><input type="checkbox" checked> Struk</label><label><input type="checkbox"> Member</label></fieldset>`,
    }}></payment-modal-mirror>`);
    const content = el.shadowRoot!.querySelector<HTMLElement>('[part=content]')!;
    const background = getComputedStyle(content).backgroundColor;
    const [radioOn, radioOff, boxOn, boxOff] = [...content.querySelectorAll<HTMLInputElement>('input')];
    for (const control of [radioOn!, radioOff!, boxOn!, boxOff!]) {
      const label = parseFloat(getComputedStyle(control.parentElement!).fontSize);
      const { width, height } = control.getBoundingClientRect();
      expect(width, `${control.outerHTML} width at a ${label} px text`).to.be.at.least(label * 0.9);
      expect(height).to.be.at.least(label * 0.9);
      const style = getComputedStyle(control);
      expect(style.opacity).to.equal('1');
      expect(contrast(style.borderTopColor, background), `${control.outerHTML} outline contrast`).to.be.at.least(7);
    }
    for (const [on, off] of [[radioOn!, radioOff!], [boxOn!, boxOff!]] as const) {
      expect(on.checked && !off.checked).to.equal(true);
      expect(contrast(getComputedStyle(on).backgroundColor, background), 'the checked one is filled').to.be.at.least(7);
      expect(getComputedStyle(off).backgroundColor, 'the unchecked one is not').to.equal('rgba(0, 0, 0, 0)');
    }
  });
});
