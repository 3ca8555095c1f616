/**
 * What a display page needs: every element (importing this registers them) and the display
 * state API. No cashier code: the publisher and the modal mirror are in `./publisher/`.
 */
export { DisplaySync, type DisplayErrorDetail, type DisplayEventDetails } from './sync/display-sync.js';
export { DisplayFeed, type DisplayFeedListener, type DisplayFeedOptions } from './sync/display-feed.js';
export { DisplaySyncController } from './sync/display-sync-controller.js';
export { BillPanel } from './components/bill-panel/bill-panel.js';
export { PaymentModalMirror } from './components/payment-modal-mirror/payment-modal-mirror.js';
export { PaymentView } from './components/payment-view/payment-view.js';
export { PaymentQr } from './components/payment-qr/payment-qr.js';
export { ThankYouPanel } from './components/thank-you-panel/thank-you-panel.js';
export { IdleSlideshow } from './components/idle-slideshow/idle-slideshow.js';
export { DisplayStatus } from './components/display-status/display-status.js';
export { CustomerDisplay } from './components/customer-display/customer-display.js';
export { ShopperPrompt, type PromptAnswerDetail } from './components/shopper-prompt/shopper-prompt.js';
export { PairingScreen } from './components/pairing-screen/pairing-screen.js';
export { displayContext, pairingContext } from './sync/display-context.js';
export { displayLocaleContext, LocaleProvider, type DisplayLocale } from './components/display-locale.js';
export { DisplayPairing, type DisplayPairingOptions, type PairingState } from './sync/display-pairing.js';
export {
  INITIAL_DISPLAY_STATE,
  reduceDisplayState,
  type ConnectionStatus,
  type DisplayPhase,
  type DisplayState,
  type PromptAnswer,
  type PromptView,
} from './sync/display-state.js';
export { formatMoney, formatQuantity } from './components/format.js';
export { STRINGS, type DisplayStrings } from './components/strings.js';
export * from './protocol/index.js';
export { validate, validateCommand, validateEvent } from './protocol/index.js';
