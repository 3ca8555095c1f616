/**
 * The package's main entry: every element (importing it registers them), the display API,
 * and the cashier side (publisher, modal mirror). The drop-in bundles split these two:
 * `dist/customer-display.js` is `./display.ts`, `dist/customer-display-publisher.js` the rest.
 */
export * from './display.js';
export { createDisplayPublisher, type DisplayPublisher, type DisplayPublisherOptions, type PublishResult, type SendOptions } from './publisher/publisher.js';
export { mirrorModals } from './publisher/mirror-modals.js';
export { openCustomerDisplay } from './publisher/open-display.js';
