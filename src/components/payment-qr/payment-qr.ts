/**
 * `<payment-qr>`, registered: the package entry `pos-customer-display/payment-qr`. The class alone, which
 * registers nothing, is in `./payment-qr-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { PaymentQr } from './payment-qr-element.js';

export * from './payment-qr-element.js';

defineElement('payment-qr', PaymentQr);

declare global {
  interface HTMLElementTagNameMap {
    'payment-qr': PaymentQr;
  }
}
