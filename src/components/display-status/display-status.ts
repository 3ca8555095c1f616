/**
 * `<display-status>`, registered: the package entry `pos-customer-display/display-status`. The class alone, which
 * registers nothing, is in `./display-status-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { DisplayStatus } from './display-status-element.js';

export * from './display-status-element.js';

defineElement('display-status', DisplayStatus);

declare global {
  interface HTMLElementTagNameMap {
    'display-status': DisplayStatus;
  }
}
