/**
 * The display app's page script (`/display/display-page.js`): reads the hub's configuration
 * and the query, builds `<display-sync><customer-display>`, and registers the service worker
 * that keeps the display for offline use. Built for ES2017 (old Android WebViews) and kept
 * small: the elements do the work.
 *
 * Query: `?lane=till-1` (the lane to follow; without it the screen pairs: it shows a code
 * to assign on `/admin/`), `?theme=light|dark`, `?lang=en`, `?debug`; they win over the
 * configuration.
 */
import { screenOf, type ServedConfig } from '../../protocol/display-app.js';
import { CONFIG_ELEMENT_ID, FIRST_PAINT_ELEMENT_ID, INITIAL_STATE_ELEMENT_ID } from '../../protocol/initial-state.js';

/** How long the page waits for the configuration before it starts with what it has. */
const CONFIG_WAIT_MS = 5000;

const params = new URLSearchParams(location.search);
const lane = params.get('lane') || '';

/** JSON the hub put in the page (`<script type="application/json">`), or undefined. */
function pageData(id: string): unknown {
  const element = document.getElementById(id);
  if (!element || !element.textContent) return undefined;
  try {
    return JSON.parse(element.textContent);
  } catch (error) {
    console.warn(`display: ignoring #${id} (${(error as Error).message})`);
    return undefined;
  }
}

/** The configuration the page carries (no request before the first screen), else `config.json`. */
function loadConfig(): Promise<Partial<ServedConfig>> {
  const carried = pageData(CONFIG_ELEMENT_ID);
  if (carried && typeof carried === 'object') return Promise.resolve(carried as Partial<ServedConfig>);
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CONFIG_WAIT_MS));
  return Promise.race([fetchConfig(), timeout]).catch((error: Error) => {
    console.warn(`display: starting without the configuration (${error.message})`);
    return {};
  });
}

function setOrRemove(element: Element, name: string, value: string | number | undefined): void {
  if (value === undefined || value === '') element.removeAttribute(name);
  else element.setAttribute(name, String(value));
}

type DisplayElement = HTMLElement & { slides: unknown };

/** Applies the configuration as `laneId`'s overrides shape it (again when a paired screen learns or changes its lane). */
function applyScreen(sync: Element, display: DisplayElement, config: Partial<ServedConfig>, laneId: string): void {
  const screen = screenOf(config, laneId);
  const theme = params.get('theme') || screen.theme;
  document.documentElement.lang = params.get('lang') || screen.language || 'id';
  if (screen.shopName) document.title = screen.shopName;
  setOrRemove(sync, 'thanks-duration', screen.thanksDuration);
  setOrRemove(display, 'shop-name', screen.shopName);
  setOrRemove(display, 'logo', screen.logo);
  setOrRemove(display, 'tagline', screen.tagline);
  setOrRemove(display, 'theme', theme === 'light' || theme === 'dark' ? theme : undefined);
  setOrRemove(display, 'locale', screen.locale);
  setOrRemove(display, 'currency', screen.currency);
  setOrRemove(display, 'interval', screen.slideInterval);
  setOrRemove(display, 'mirror-stylesheet', screen.mirrorStylesheet);
  // The shop's clock for scheduled slides and sleep hours, whatever zone the screen is set to.
  setOrRemove(display, 'time-zone', config.timeZone);
  setOrRemove(display, 'sleep', screen.sleep ? JSON.stringify(screen.sleep) : undefined);
  display.slides = screen.slides || [];
  const old = display.querySelector(':scope > [slot=footer]');
  if (old) display.removeChild(old);
  if (screen.footer) {
    const footer = document.createElement('span');
    footer.slot = 'footer';
    footer.textContent = screen.footer; // text, never HTML
    display.appendChild(footer);
  }
}

/** `config.json` as the hub serves it now (the service worker keeps a copy, and its media, as it passes). */
function fetchConfig(): Promise<ServedConfig> {
  return fetch('config.json', { cache: 'no-cache' }).then((response) => {
    if (!response.ok) throw new Error(`config.json: ${response.status}`);
    return response.json() as Promise<ServedConfig>;
  });
}

function buildDisplay(initial: Partial<ServedConfig>): Element {
  let config = initial;
  let laneNow = lane;
  const sync = document.createElement('display-sync') as HTMLElement & { initialState?: unknown };
  setOrRemove(sync, 'lane', lane);
  // The lane's state as the hub served the page: the bill shows before the stream opens.
  // <display-sync> validates it and resumes the stream from it (a stale one is replaced).
  const seed = lane ? pageData(INITIAL_STATE_ELEMENT_ID) : undefined;
  if (seed !== undefined) sync.initialState = seed;
  const display = document.createElement('customer-display') as DisplayElement;
  if (params.has('debug')) display.setAttribute('debug', '');
  applyScreen(sync, display, config, lane);
  // An admin changed the configuration or media (the hub's `config-changed`): applied in
  // place, no reload (the slideshow keeps its slide when it is still in the list).
  let fetching: Promise<void> | undefined;
  let again = false;
  const refresh = (): void => {
    if (fetching) {
      again = true; // a change while reading: read once more after this one
      return;
    }
    fetching = fetchConfig()
      .then((fresh) => {
        config = fresh;
        applyScreen(sync, display, config, laneNow);
      })
      .catch((error: Error) => console.warn(`display: keeping the configuration (${error.message})`))
      .then(() => {
        fetching = undefined;
        if (again) {
          again = false;
          refresh();
        }
      });
  };
  sync.addEventListener('display-config-changed', refresh);
  if (!lane) {
    // No lane given: the screen shows a code and waits for an admin to assign it (/admin/);
    // once it has a lane, that lane's overrides apply.
    sync.setAttribute('pairing', '');
    sync.addEventListener('display-pairing', (event) => {
      const detail = (event as CustomEvent<{ lane: string | null }>).detail;
      laneNow = detail.lane || '';
      applyScreen(sync, display, config, laneNow);
    });
  }
  sync.appendChild(display);
  return sync;
}

function registerServiceWorker(): void {
  // Service workers need a secure context (HTTPS, or loopback); elsewhere the page works as is.
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('sw.js').catch((error: Error) => console.warn(`display: no offline copy (${error.message})`));
}

const manifest = document.querySelector('link[rel="manifest"]');
if (manifest && lane) manifest.setAttribute('href', `manifest.webmanifest?lane=${encodeURIComponent(lane)}`);
type Updating = Element & { updateComplete?: Promise<unknown> };

/** Resolves when `element` and every element rendered inside it (shadow roots included) have rendered. */
function rendered(element: Updating): Promise<void> {
  return Promise.resolve(element.updateComplete).then(() => {
    const inside = element.shadowRoot ? Array.prototype.slice.call(element.shadowRoot.querySelectorAll('*')) : [];
    return Promise.all(inside.filter((child: Updating) => child.updateComplete).map(rendered)).then(() => undefined);
  });
}

/**
 * The hub's copy of the first bill (`first-paint.ts`) stays over the page until the live
 * display has rendered, then goes in the frame the live one is painted: one bill throughout.
 */
function replaceFirstPaint(display: Element): void {
  const copy = document.getElementById(FIRST_PAINT_ELEMENT_ID);
  if (!copy) return;
  customElements
    .whenDefined('customer-display')
    .then(() => rendered(display))
    .then(() => requestAnimationFrame(() => copy.remove()));
}

loadConfig().then((config) => {
  // The display's first render in a task of its own, not in the one that ran the scripts:
  // two shorter tasks instead of one long one on a weak screen (the bill is already on
  // screen from the page when the hub put it there).
  setTimeout(() => {
    const sync = buildDisplay(config);
    document.body.appendChild(sync);
    replaceFirstPaint(sync.firstElementChild as Element);
    registerServiceWorker();
  }, 0);
});
