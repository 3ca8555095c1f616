/**
 * Every element's class, none registered (see `src/define.ts`): for a page that registers
 * them under names of its own, extends them, or loads them in a chunk of its own. The
 * element entries (`pos-customer-display/bill-panel`, …) and `./display.js` register them.
 */
export { DisplaySync } from './sync/display-sync-element.js';
export { BillPanel } from './components/bill-panel/bill-panel-element.js';
export { CustomerDisplay } from './components/customer-display/customer-display-element.js';
export { DisplayStatus } from './components/display-status/display-status-element.js';
export { IdleSlideshow } from './components/idle-slideshow/idle-slideshow-element.js';
export { PairingScreen } from './components/pairing-screen/pairing-screen-element.js';
export { PaymentModalMirror } from './components/payment-modal-mirror/payment-modal-mirror-element.js';
export { PaymentQr } from './components/payment-qr/payment-qr-element.js';
export { PaymentView } from './components/payment-view/payment-view-element.js';
export { ShopperPrompt } from './components/shopper-prompt/shopper-prompt-element.js';
export { ThankYouPanel } from './components/thank-you-panel/thank-you-panel-element.js';
