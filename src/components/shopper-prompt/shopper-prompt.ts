/**
 * `<shopper-prompt>`, registered: the package entry `pos-customer-display/shopper-prompt`. The class alone, which
 * registers nothing, is in `./shopper-prompt-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { ShopperPrompt } from './shopper-prompt-element.js';

export * from './shopper-prompt-element.js';

defineElement('shopper-prompt', ShopperPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'shopper-prompt': ShopperPrompt;
  }
}
