/**
 * `dist/customer-display.auto.js`: one script tag for every screen. Loads the modern bundle
 * where the browser has what it needs natively, else the legacy build (ES2017 with
 * polyfills: Chrome/Android WebView 61+, Safari 12+, Firefox 63+), from beside itself.
 * Kept tiny and free of anything newer than the oldest browser it serves.
 */
import { MODERN_FEATURES } from './modern-features.js';
import { warmIntlOffMainThread } from './warm-intl.js';
import { FIRST_PAINT_ELEMENT_ID } from '../protocol/initial-state.js';
import { nextFrame } from '../next-frame.js';
import { openEarlyStreams } from './early-stream.js';

const self = document.currentScript as HTMLScriptElement | null;
// First, so ICU is ready (off the main thread) by the time the bundle renders the bill.
warmIntlOffMainThread();
// The displays' streams, open while the bundle downloads and runs: the hub's snapshot is
// waiting when <display-sync> upgrades (src/protocol/early-stream.ts). Its elements exist
// once the page is parsed (a deferred loader runs then); never after the bundle has run.
const openStreams = () => {
  try {
    if (!(typeof customElements === 'object' && customElements.get('display-sync'))) openEarlyStreams();
  } catch {
    /* only a head start: never in the way of the bundle below */
  }
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', openStreams);
else openStreams();
const modern = MODERN_FEATURES.every((test) => test());
const script = document.createElement('script');
const name = modern ? 'customer-display.js' : 'customer-display.legacy.js';
script.src = self?.src ? new URL(name, self.src).href : name;
// In document order with other dynamically inserted scripts; the elements upgrade when it runs.
script.async = false;
if (self?.nonce) script.nonce = self.nonce;
const parent = self?.parentNode ?? document.head;
// The hub put the bill in the page as HTML (the display app's first paint): let the browser
// paint it first. Fetched and run at once, the bundle's evaluation (100-300 ms on a weak
// screen) came before the page's first frame and held the bill back.
// After the frame's paint (a task queued at its start runs after it); a hidden page gets no
// frames: a second later it loads all the same.
if (document.getElementById(FIRST_PAINT_ELEMENT_ID) && typeof requestAnimationFrame === 'function') {
  void nextFrame(1000).then(() => setTimeout(() => parent.appendChild(script), 0));
} else {
  parent.appendChild(script);
}
