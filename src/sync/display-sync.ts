/**
 * `<display-sync>`, registered: the package entry `pos-customer-display/display-sync`. The class alone, which
 * registers nothing, is in `./display-sync-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../define.js';
import { DisplaySync } from './display-sync-element.js';

export * from './display-sync-element.js';

defineElement('display-sync', DisplaySync);

declare global {
  interface HTMLElementTagNameMap {
    'display-sync': DisplaySync;
  }
}
