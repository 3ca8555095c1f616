/**
 * The stream a page's loader opens ahead of the bundle. On a page written by hand (the
 * drop-in page: `customer-display.auto.js` and a `<display-sync>`), the display's stream used
 * to open only once the bundle had been fetched and run and `<display-sync>` had upgraded:
 * on a weak screen the hub's snapshot then arrived 200–300 ms after the bundle, while the
 * network sat idle during its download. `customer-display.auto.js` now opens that same
 * stream (same URL) as soon as it runs, keeps what arrives, and leaves it on the element;
 * `<display-sync>` takes it over at its first connection: the buffered events first, in
 * order, then the live ones on the same EventSource. Nothing is shown from it before then,
 * so the display's order of events is the stream's, as if it had opened it itself.
 *
 * A stream nobody takes over (the bundle failed, another URL, a page that left) closes on its
 * own; one that fails or overflows closes too, and `<display-sync>` opens its own as before.
 */
import { API_BASE_PATH } from './constants.js';

/** The `Symbol.for` key of the {@link EarlyStream} on the `<display-sync>` element it was opened for. */
export const EARLY_STREAM_KEY = 'customer-display:early-stream';

/**
 * Every event a display's stream carries: the display events (`EVENT_NAMES`, listed here
 * so the loader needs none of the schemas; a test checks they are the same) and the hub's
 * `config-changed`.
 */
export const STREAM_EVENT_NAMES = [
  'connected',
  'bill-update',
  'modal-show',
  'modal-hide',
  'clear',
  'payment-update',
  'ping',
  'prompt-show',
  'prompt-close',
  'config-changed',
] as const;

/** A stream taken over: the open EventSource and every event it delivered so far, oldest first. */
export interface ClaimedStream {
  readonly source: EventSource;
  readonly events: readonly MessageEvent[];
}

export interface EarlyStream {
  /** The URL it was opened with: taken over only by a connection to exactly this URL. */
  readonly url: string;
  /** Stops keeping events and hands the stream over, once; `undefined` when it has closed (failed, expired, overflowed) or was taken. */
  claim(): ClaimedStream | undefined;
}

/** The element's early stream, if the loader left one (a page script may have left anything there: checked). */
export function earlyStreamOf(element: object): EarlyStream | undefined {
  const early = (element as Record<symbol, unknown>)[Symbol.for(EARLY_STREAM_KEY)] as Partial<EarlyStream> | undefined;
  return early && typeof early.url === 'string' && typeof early.claim === 'function' ? (early as EarlyStream) : undefined;
}

/**
 * A lane endpoint's URL below the hub at `src` (`''`: the page's own origin); a paired
 * display's id and secret go in the query (EventSource sends no headers; the hub logs paths
 * only). The loader and `DisplayFeed` build the stream's URL with it, so they agree.
 */
export function laneEndpointUrl(src: string, name: string, params: { lane?: string; display?: string; key?: string }): string {
  const query = [['lane', params.lane], ['display', params.display], ['key', params.key]]
    .filter(([, value]) => value)
    .map(([param, value]) => `${param}=${encodeURIComponent(value!)}`)
    .join('&');
  return `${src.replace(/\/+$/, '')}${API_BASE_PATH}/${name}${query ? `?${query}` : ''}`;
}
