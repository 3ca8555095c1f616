/**
 * The drop-in bundle's elements that no first bill needs, each in a chunk of its own
 * (`dist/customer-display.<chunk>.js`, built by scripts/build-bundle.mjs), loaded when the
 * display state first asks for one, and anyway a moment after the page has loaded, so the
 * first payment or question does not wait for the network (and an element a page uses
 * outside `<customer-display>` still arrives). Until its chunk has run, an element is an
 * unknown tag that shows nothing; it upgrades in place with the properties already set.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveControllerHost, ReactiveElement } from 'lit';
import { displayContext, pairingContext } from '../sync/display-context.js';
import type { DisplayState } from '../sync/display-state.js';
import { loadChunk, prefetchChunkFile } from './lazy-chunks.js';

export const LATER_CHUNKS = ['payment', 'prompt', 'pairing', 'slideshow'] as const;
type LaterChunk = (typeof LATER_CHUNKS)[number];

/** What a chunk hands over: the payment chunk, what to start once a payment is on screen. */
interface ChunkModule {
  paymentOnScreen?: () => void;
}

const loading = new Map<LaterChunk, Promise<ChunkModule>>();

/** Loads a chunk once; a failed load is forgotten, so the next state change asks again. */
export function needChunk(name: LaterChunk): Promise<ChunkModule> {
  let pending = loading.get(name);
  if (!pending) {
    pending = loadChunk<ChunkModule>(name);
    loading.set(name, pending);
    pending.catch((error: unknown) => {
      loading.delete(name);
      console.error(error);
    });
  }
  return pending;
}

/** Every element of the bundle, registered: for a page that uses `<payment-view>` or `<shopper-prompt>` on its own at once. */
export const loadLaterElements = (): Promise<void> => Promise.all(LATER_CHUNKS.map(needChunk)).then(() => undefined);

/** Which chunks a display state needs on screen now. */
function chunksFor(state: DisplayState): LaterChunk[] {
  const needed: LaterChunk[] = [];
  if (state.payment || state.modal) needed.push('payment');
  if (state.prompt) needed.push('prompt');
  return needed;
}

/** Watches the state a `<customer-display>` is given and asks for the chunks it needs. */
export function watchForLaterElements(host: ReactiveControllerHost & HTMLElement): void {
  // The slideshow is asked for by what the host rendered (it has slides), not by the state.
  host.addController({
    hostUpdated: () => {
      if (!customElements.get('idle-slideshow') && host.shadowRoot?.querySelector('idle-slideshow')) void needChunk('slideshow');
    },
  });
  new ContextConsumer(host, {
    context: displayContext,
    subscribe: true,
    callback: (state) =>
      chunksFor(state).forEach(
        (name) =>
          void needChunk(name)
            .then((module) => module.paymentOnScreen?.())
            .catch(() => {}),
      ),
  });
  new ContextConsumer(host, {
    context: pairingContext,
    subscribe: true,
    callback: (pairing) => {
      if (pairing) void needChunk('pairing');
    },
  });
}

/** `customer-display`'s class: every instance watches. */
export function loadLaterElementsFor(element: typeof ReactiveElement): void {
  element.addInitializer((host) => watchForLaterElements(host as ReactiveElement));
}

const PREFETCH_DELAY_MS = 2000;
/** Files the payment chunk evaluates only for a payment on screen: fetched ahead, not run. */
const FETCHED_AHEAD = ['sanitizer', 'qr'];

/**
 * A task of its own when the page is idle (or `setTimeout` where there is no
 * `requestIdleCallback`: Safari before 16.4). The timeout keeps a busy page from waiting forever.
 */
function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: PREFETCH_DELAY_MS });
  else setTimeout(run, 0);
}

/**
 * All of them, a little after the page has loaded: one after another, each asked for in an
 * idle moment once the one before has run, so each chunk's evaluation is a task of its own
 * (all four at once ran back to back, and their four script insertions made one task of
 * 45–170 ms at 4× CPU).
 */
export function prefetchLaterElements(): void {
  const next = (index: number): void => {
    const name = LATER_CHUNKS[index];
    if (!name) {
      FETCHED_AHEAD.forEach(prefetchChunkFile);
      return;
    }
    whenIdle(() => {
      needChunk(name).then(
        () => next(index + 1),
        () => next(index + 1),
      );
    });
  };
  const prefetch = () => setTimeout(() => next(0), PREFETCH_DELAY_MS);
  if (document.readyState === 'complete') prefetch();
  else addEventListener('load', prefetch, { once: true });
}
