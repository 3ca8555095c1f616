/**
 * Entry of `dist/customer-display.js` (and, after its polyfills, the legacy build): what a
 * screen needs for its first bill, and the rest on demand.
 *
 * At once: `<display-sync>`, `<customer-display>`, `<bill-panel>`, `<display-status>`,
 * `<thank-you-panel>`. Later, each from a chunk beside this file (later-elements.ts):
 * `<payment-modal-mirror>` + `<payment-view>` + `<payment-qr>`, `<shopper-prompt>`,
 * `<pairing-screen>` (with the pairing's control stream), `<idle-slideshow>`; the sanitizer
 * and the QR encoder are fetched ahead and run once a payment or a dialog is on screen; the
 * BroadcastChannel transport only on a `broadcast:` display (src/bundle/lazy-sync-chunks.ts). The ES module entries (`pos-customer-display`, `…/customer-display`)
 * still import every element at once: a bundler of the page's own decides there.
 */
// Before anything else runs (a page that loads this file without the auto loader).
import './warm-intl-now.js';
import './shared-modules.js';
import '../sync/display-sync.js';
import '../components/bill-panel/bill-panel.js';
import '../components/display-status/display-status.js';
import '../components/thank-you-panel/thank-you-panel.js';
import { CustomerDisplay } from '../components/customer-display/customer-display-element.js';
import { defineElement } from '../define.js';
import { exposeGlobally } from './global-api.js';
import { displayApi } from './display-api.js';
import { loadLaterElementsFor, prefetchLaterElements } from './later-elements.js';

loadLaterElementsFor(CustomerDisplay);
defineElement('customer-display', CustomerDisplay);
exposeGlobally(displayApi);
prefetchLaterElements();
