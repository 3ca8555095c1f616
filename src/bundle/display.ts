/** Entry of `dist/customer-display.js` (and, after its polyfills, the legacy build): the display. */
import * as display from '../display.js';
import { qrEncoder, sanitizer } from '../components/lazy.js';
import { exposeGlobally } from './global-api.js';

exposeGlobally(display);

/**
 * The payment moment's code is not needed for the first bill; fetch it a little after the
 * page has loaded, so the first mirrored dialog or QR code does not wait for the network.
 * A failure here is retried at first use.
 */
const PREFETCH_DELAY_MS = 2000;
const prefetch = () =>
  setTimeout(() => {
    for (const module of [sanitizer, qrEncoder]) module.load().catch(() => {});
  }, PREFETCH_DELAY_MS);
if (document.readyState === 'complete') prefetch();
else addEventListener('load', prefetch, { once: true });
