/**
 * `<payment-view>`, registered: the package entry `pos-customer-display/payment-view`. The class alone, which
 * registers nothing, is in `./payment-view-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
// The elements its shadow DOM renders, registered with it.
import '../payment-qr/payment-qr.js';
import { PaymentView } from './payment-view-element.js';

export * from './payment-view-element.js';

defineElement('payment-view', PaymentView);

declare global {
  interface HTMLElementTagNameMap {
    'payment-view': PaymentView;
  }
}
