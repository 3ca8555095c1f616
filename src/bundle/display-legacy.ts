/** Entry of `dist/customer-display.legacy.js`: the polyfills first, then the same display. */
import './legacy-polyfills.js';
import './display.js';
