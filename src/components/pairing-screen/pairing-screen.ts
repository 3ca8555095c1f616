/**
 * `<pairing-screen>`, registered: the package entry `pos-customer-display/pairing-screen`. The class alone, which
 * registers nothing, is in `./pairing-screen-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { PairingScreen } from './pairing-screen-element.js';

export * from './pairing-screen-element.js';

defineElement('pairing-screen', PairingScreen);

declare global {
  interface HTMLElementTagNameMap {
    'pairing-screen': PairingScreen;
  }
}
