import { expect } from '@open-wc/testing';
import * as classes from '../../src/elements.js';

const TAGS = {
  'display-sync': 'DisplaySync',
  'bill-panel': 'BillPanel',
  'customer-display': 'CustomerDisplay',
  'display-status': 'DisplayStatus',
  'idle-slideshow': 'IdleSlideshow',
  'pairing-screen': 'PairingScreen',
  'payment-modal-mirror': 'PaymentModalMirror',
  'payment-qr': 'PaymentQr',
  'payment-view': 'PaymentView',
  'shopper-prompt': 'ShopperPrompt',
  'thank-you-panel': 'ThankYouPanel',
} as const;

// Each test file runs in a page of its own: nothing else has registered anything here.
describe('element registration', () => {
  it('imports every class without registering any tag', () => {
    for (const [tag, name] of Object.entries(TAGS)) {
      expect(classes[name], name).to.be.a('function');
      expect(customElements.get(tag), tag).to.equal(undefined);
    }
  });

  it('a page may register a class under a name of its own', async () => {
    customElements.define('my-bill', class extends classes.BillPanel {});
    const el = document.createElement('my-bill') as InstanceType<typeof classes.BillPanel>;
    el.bill = { bill_id: 1, items: [{ name: 'Kopi', quantity: 1, subtotal: 5000 }], subtotal: 5000, tax: 0, discount: 0, total: 5000 };
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=item-name]')!.textContent).to.equal('Kopi');
    expect(customElements.get('bill-panel')).to.equal(undefined);
    el.remove();
  });

  it('an element entry registers its tag and the elements it renders, once', async () => {
    await import('../../src/components/payment-modal-mirror/payment-modal-mirror.js');
    expect(customElements.get('payment-modal-mirror')).to.equal(classes.PaymentModalMirror);
    expect(customElements.get('payment-view')).to.equal(classes.PaymentView);
    expect(customElements.get('payment-qr')).to.equal(classes.PaymentQr);
    expect(customElements.get('bill-panel')).to.equal(undefined);
    const { defineElement } = await import('../../src/define.js');
    expect(() => defineElement('payment-view', class extends HTMLElement {})).not.to.throw();
    expect(customElements.get('payment-view')).to.equal(classes.PaymentView);
  });
});
