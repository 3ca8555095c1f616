/**
 * `<thank-you-panel>`, registered: the package entry `pos-customer-display/thank-you-panel`. The class alone, which
 * registers nothing, is in `./thank-you-panel-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { ThankYouPanel } from './thank-you-panel-element.js';

export * from './thank-you-panel-element.js';

defineElement('thank-you-panel', ThankYouPanel);

declare global {
  interface HTMLElementTagNameMap {
    'thank-you-panel': ThankYouPanel;
  }
}
