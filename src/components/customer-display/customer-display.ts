/**
 * `<customer-display>`, registered: the package entry `pos-customer-display/customer-display`. The class alone, which
 * registers nothing, is in `./customer-display-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
// The elements its shadow DOM renders, registered with it.
import '../bill-panel/bill-panel.js';
import '../display-status/display-status.js';
import '../idle-slideshow/idle-slideshow.js';
import '../pairing-screen/pairing-screen.js';
import '../payment-modal-mirror/payment-modal-mirror.js';
import '../shopper-prompt/shopper-prompt.js';
import '../thank-you-panel/thank-you-panel.js';
import { CustomerDisplay } from './customer-display-element.js';

export * from './customer-display-element.js';

defineElement('customer-display', CustomerDisplay);

declare global {
  interface HTMLElementTagNameMap {
    'customer-display': CustomerDisplay;
  }
}
