/**
 * `<bill-panel>`, registered: the package entry `pos-customer-display/bill-panel`. The class alone, which
 * registers nothing, is in `./bill-panel-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { BillPanel } from './bill-panel-element.js';

export * from './bill-panel-element.js';

defineElement('bill-panel', BillPanel);

declare global {
  interface HTMLElementTagNameMap {
    'bill-panel': BillPanel;
  }
}
