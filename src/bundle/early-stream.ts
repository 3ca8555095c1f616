/**
 * The loader's half of `src/protocol/early-stream.ts`: opens the stream of each
 * `<display-sync>` already in the page, the URL `<display-sync>` itself would open, while the
 * bundle downloads and runs, and keeps what arrives for `<display-sync>` to take over.
 *
 * Only the plain case: a `<display-sync>` that pairs or uses the BroadcastChannel is left
 * alone. One whose state a page script sets before the upgrade (`initialState`), or whose
 * attributes it changes, resumes or opens another URL: it closes the early stream and opens
 * its own. (The hub's display app builds its `<display-sync>` after the loader has run.)
 * Kept small and in the oldest JavaScript the loader serves.
 */
import { EARLY_STREAM_KEY, STREAM_EVENT_NAMES, laneEndpointUrl, type ClaimedStream, type EarlyStream } from '../protocol/early-stream.js';
import { BROADCAST_PREFIX } from '../protocol/broadcast.js';

/** Unclaimed for this long (the bundle failed or never came): closed, so it holds no connection. */
const UNCLAIMED_MS = 20_000;
/** More events than a snapshot and a burst of changes: closed, the display opens its own. */
const MAX_BUFFERED = 64;
/** Streams opened early at most; further `<display-sync>` open theirs as before (the browser allows 6 connections per host). */
const MAX_EARLY_STREAMS = 2;

export function openEarlyStreams(): void {
  if (typeof EventSource !== 'function' || typeof Symbol !== 'function') return;
  const elements = document.getElementsByTagName('display-sync');
  for (let i = 0, opened = 0; i < elements.length && opened < MAX_EARLY_STREAMS; i++) {
    const element = elements[i]!;
    const src = element.getAttribute('src') || '';
    if (element.hasAttribute('pairing') || src.indexOf(BROADCAST_PREFIX) === 0) continue;
    // Whatever an attribute holds (a script may set a lone surrogate encodeURIComponent
    // refuses) or EventSource refuses (a malformed src) throws here: nothing is opened early,
    // the loader goes on loading the bundle, and <display-sync> reports the problem as before.
    try {
      const url = laneEndpointUrl(src, 'stream', { lane: element.getAttribute('lane') || '', key: element.getAttribute('read-key') || '' });
      (element as unknown as Record<symbol, EarlyStream>)[Symbol.for(EARLY_STREAM_KEY)] = openEarlyStream(url);
      opened++;
    } catch {
      /* the display opens its own */
    }
  }
}

function openEarlyStream(url: string): EarlyStream {
  let source: EventSource | undefined = new EventSource(url);
  const events: MessageEvent[] = [];
  const keep = (event: Event) => {
    events.push(event as MessageEvent);
    if (events.length > MAX_BUFFERED) close();
  };
  const detach = () => {
    clearTimeout(timer);
    removeEventListener('pagehide', close);
    for (let i = 0; i < STREAM_EVENT_NAMES.length; i++) source!.removeEventListener(STREAM_EVENT_NAMES[i]!, keep);
    source!.onerror = null;
  };
  // Closed for good: failed (the display then opens its own, with its backoff), expired,
  // overflowed, or the page left (a cached page must hold no stream).
  function close(): void {
    if (!source) return;
    detach();
    source.close();
    source = undefined;
  }
  for (let i = 0; i < STREAM_EVENT_NAMES.length; i++) source.addEventListener(STREAM_EVENT_NAMES[i]!, keep);
  source.onerror = close;
  addEventListener('pagehide', close);
  const timer = setTimeout(close, UNCLAIMED_MS);
  return {
    url,
    claim(): ClaimedStream | undefined {
      if (!source) return undefined;
      detach();
      const claimed = { source, events };
      source = undefined;
      return claimed;
    },
  };
}
