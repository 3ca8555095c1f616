/**
 * `<idle-slideshow>`, registered: the package entry `pos-customer-display/idle-slideshow`. The class alone, which
 * registers nothing, is in `./idle-slideshow-element.js` (why: `src/define.ts`).
 */
import { defineElement } from '../../define.js';
import { IdleSlideshow } from './idle-slideshow-element.js';

export * from './idle-slideshow-element.js';

defineElement('idle-slideshow', IdleSlideshow);

declare global {
  interface HTMLElementTagNameMap {
    'idle-slideshow': IdleSlideshow;
  }
}
