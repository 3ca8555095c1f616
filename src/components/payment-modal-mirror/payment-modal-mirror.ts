/**
 * `<payment-modal-mirror>`, registered: the package entry `pos-customer-display/payment-modal-mirror`. The class alone, which
 * registers nothing, is in `./payment-modal-mirror-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
// The elements its shadow DOM renders, registered with it.
import '../payment-view/payment-view.js';
import { PaymentModalMirror } from './payment-modal-mirror-element.js';

export * from './payment-modal-mirror-element.js';

defineElement('payment-modal-mirror', PaymentModalMirror);

declare global {
  interface HTMLElementTagNameMap {
    'payment-modal-mirror': PaymentModalMirror;
  }
}
