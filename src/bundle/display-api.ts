/**
 * `window.CustomerDisplay` from `dist/customer-display.js`: what a classic-script page may
 * need beside the elements themselves, and nothing more (the wire schemas and validators
 * are the hub's and the npm package's: `pos-customer-display` exports them to ES modules).
 *
 * - `DisplayFeed`: the display state without any element, for a page that renders itself;
 * - the element classes registered at once, to subclass or test with `instanceof`;
 * - `formatMoney`, `formatQuantity`, `STRINGS`: the display's numbers and words;
 * - `loadElements()`: resolves when the elements loaded on demand (payment, prompt,
 *   pairing, slideshow) are registered too, for a page that uses one of them on its own.
 */
import { BillPanel } from '../components/bill-panel/bill-panel-element.js';
import { CustomerDisplay } from '../components/customer-display/customer-display-element.js';
import { DisplayStatus } from '../components/display-status/display-status-element.js';
import { formatMoney, formatQuantity } from '../components/format.js';
import { STRINGS } from '../components/strings.js';
import { ThankYouPanel } from '../components/thank-you-panel/thank-you-panel-element.js';
import { DisplayFeed } from '../sync/display-feed.js';
import { DisplaySync } from '../sync/display-sync-element.js';
import { loadLaterElements } from './later-elements.js';

export const displayApi = {
  DisplayFeed,
  DisplaySync,
  CustomerDisplay,
  BillPanel,
  DisplayStatus,
  ThankYouPanel,
  formatMoney,
  formatQuantity,
  STRINGS,
  loadElements: loadLaterElements,
};
