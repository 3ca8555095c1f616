/**
 * The display app's service worker (`/display/sw.js`, scope `/display/`): keeps the page,
 * the bundle, the configuration and the shop's media, so a screen that (re)loads while the
 * hub is unreachable still shows the idle slideshow and its connection banner, and goes
 * live by itself (`<display-sync>` reconnects) when the hub is back.
 *
 * - Network first, always: whatever the hub answers is used and kept, so a new bundle,
 *   configuration or image shows on the next load that reaches the hub, never stale
 *   forever. The cache answers only when the hub cannot (refused, or no answer in time).
 * - Versioned: the hub prepends `self.DISPLAY_APP_BUILD = {version, shell}`; a new bundle
 *   is a new worker, whose install fills `display-shell-<version>` and whose activation
 *   deletes the older ones.
 * - Media lives in one cache bounded by the configuration's `offlineCacheBytes` (the
 *   files that fit, in the configuration's order); files it no longer names are dropped.
 * - The stream and the API are never touched (`/api/…` goes straight to the network).
 */

import { parseByteRange } from '../../protocol/byte-range.js';
import { FIRST_PAINT_END, FIRST_PAINT_START, INITIAL_STATE_ELEMENT_ID } from '../../protocol/initial-state.js';

// Only what this worker uses of the service worker types (the project compiles with the
// DOM library, which cannot be mixed with the WebWorker one).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  DISPLAY_APP_BUILD: { version: string; shell: string[] };
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
declare const self: WorkerScope;

const BUILD = self.DISPLAY_APP_BUILD;
const SHELL_PREFIX = 'display-shell-';
const SHELL_CACHE = SHELL_PREFIX + BUILD.version;
const MEDIA_CACHE = 'display-media-v1';
/** Longer than a LAN answer ever takes; shorter than a shop owner's patience. */
const NETWORK_TIMEOUT_MS = 3000;
/** After the hub failed to answer, the cache answers at once for this long (the network is still tried, in the background). */
const UNREACHABLE_MS = 15_000;
const SCOPE = new URL(self.registration.scope);
const CONFIG_URL = new URL('config.json', SCOPE).href;
const PAGE_URL = SCOPE.origin + SCOPE.pathname;
/** The lane's state the hub put in the page (as `page.ts` writes it); its JSON has no `<` (escaped). */
const LANE_STATE = new RegExp(`<script type="application/json" id="${INITIAL_STATE_ELEMENT_ID}">[^<]*</script>`, 'g');
/** The hub's copy of the lane's first bill (as `first-paint.ts` writes it): its text is escaped, so no end mark is inside. */
const FIRST_PAINT = new RegExp(`${FIRST_PAINT_START}[\\s\\S]*?${FIRST_PAINT_END}`, 'g');

interface OfflineConfig {
  offlineMedia?: string[];
  offlineCacheBytes?: number;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(BUILD.shell.map((path) => new URL(path, SCOPE).href)))
      .then(() => caches.match(CONFIG_URL, { cacheName: SHELL_CACHE }))
      .then((response) => response && response.json())
      .then((config: OfflineConfig | undefined) => config && keepMedia(config))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SCOPE.origin) return;
  const isMedia = url.pathname.startsWith('/media/');
  if (!isMedia && !url.pathname.startsWith(SCOPE.pathname)) return; // the API and the stream
  if (isMedia && request.headers.has('range')) {
    event.respondWith(fetch(request).catch(() => cachedRange(request)));
    return;
  }
  event.respondWith(networkFirst(event, url, isMedia));
});

/** The page is one for every lane and query: `/display/?lane=till-1` is kept as `/display/`. */
function cacheKey(url: URL): string {
  return url.pathname === SCOPE.pathname || url.pathname.endsWith('/index.html') || url.pathname.endsWith('.webmanifest')
    ? url.origin + url.pathname
    : url.href;
}

/**
 * Until when the hub counts as unreachable: a hung hub costs one timeout per load, not one
 * per file. The page itself always asks the hub first, so a hub that is back is seen at once.
 */
let unreachableUntil = 0;

function networkFirst(event: FetchEvent, url: URL, isMedia: boolean): Promise<Response> {
  const key = cacheKey(url);
  const fromNetwork = fetchInTime(event.request).then(
    (response) => {
      unreachableUntil = 0;
      if (response.status === 200) {
        const copy = response.clone();
        if (isMedia) event.waitUntil(readConfig().then((config) => putMedia(key, copy, config.offlineCacheBytes)));
        else event.waitUntil(putShell(key, copy));
      }
      return response;
    },
    (error) => {
      unreachableUntil = Date.now() + UNREACHABLE_MS;
      throw error;
    },
  );
  const fromCache = () => (isMedia ? cachedMedia(key) : caches.match(key)).then((cached) => cached || Response.error());
  if (Date.now() < unreachableUntil && event.request.mode !== 'navigate') {
    event.waitUntil(fromNetwork.catch(() => undefined));
    return caches.match(key).then((cached) => cached || fromNetwork.catch(fromCache));
  }
  return fromNetwork.catch(fromCache);
}

function putShell(key: string, response: Response): Promise<void> {
  if (key === PAGE_URL || key.endsWith('/index.html')) return withoutLaneState(response).then((page) => caches.open(SHELL_CACHE).then((cache) => cache.put(key, page)));
  if (key !== CONFIG_URL) return caches.open(SHELL_CACHE).then((cache) => cache.put(key, response));
  // A fresh configuration: keep it, and the media it names.
  const forMedia = response.clone();
  return caches
    .open(SHELL_CACHE)
    .then((cache) => cache.put(key, response))
    .then(() => forMedia.json())
    .then((config: OfflineConfig) => keepMedia(config));
}

/**
 * The page as kept offline: without the lane's state it carried (as data and as the first bill's HTML). That state was the bill
 * at the time the hub served it; a kept page is one for every lane and is shown when the
 * hub cannot be reached, so its state would be another lane's or an old bill shown as
 * current. Without it, an offline screen shows its banner and the stream brings the bill.
 */
function withoutLaneState(response: Response): Promise<Response> {
  return response.text().then((html) => {
    const headers = new Headers(response.headers);
    // The text is decoded and changed: its coding and length are no longer the hub's.
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(html.replace(LANE_STATE, '').replace(FIRST_PAINT, ''), { status: response.status, statusText: response.statusText, headers });
  });
}

function fetchInTime(request: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the hub did not answer in time')), NETWORK_TIMEOUT_MS);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function readConfig(): Promise<OfflineConfig> {
  return caches.match(CONFIG_URL).then((response) => (response ? response.json() : {}));
}

/**
 * Brings the media cache in line with the configuration: files it no longer names are
 * dropped, missing or changed ones fetched (one at a time; a 304 costs nothing).
 */
function keepMedia(config: OfflineConfig): Promise<void> {
  const wanted = (config.offlineMedia || []).map((path) => new URL(path, SCOPE).href);
  return caches.open(MEDIA_CACHE).then((cache) =>
    cache
      .keys()
      .then((requests) => Promise.all(requests.filter((r) => wanted.indexOf(r.url) < 0).map((r) => cache.delete(r))))
      .then(() =>
        wanted.reduce<Promise<void>>(
          (previous, href) => previous.then(() => refreshMedia(cache, href, config.offlineCacheBytes)),
          Promise.resolve(),
        ),
      ),
  );
}

function refreshMedia(cache: Cache, href: string, budget: number | undefined): Promise<void> {
  return cache
    .match(href)
    .then((cached) => {
      const etag = cached && cached.headers.get('etag');
      return fetch(href, { headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-store' });
    })
    .then((response) => (response.status === 200 ? putMedia(href, response, budget) : undefined))
    .catch(() => undefined); // offline now: the next load that reaches the hub tries again
}

/**
 * The bytes the cache keeps: decoded ones. With a `Content-Encoding` (the hub compresses SVG)
 * `Content-Length` counts the compressed bytes, which would let far more than the bound in.
 */
function sizeOf(response: Response): Promise<number> {
  const length = response.headers.has('content-encoding') ? 0 : Number(response.headers.get('content-length'));
  return length > 0 ? Promise.resolve(length) : response.clone().blob().then((blob) => blob.size);
}

/**
 * Keeps one media file if it fits the bound beside the others (replacing its older copy).
 * Nothing is evicted for it: the configuration's files are stored in their order, so the
 * first slides are the ones kept, and files the configuration dropped go in `keepMedia`.
 */
function putMedia(href: string, response: Response, budget = 256 * 1024 * 1024): Promise<void> {
  return caches.open(MEDIA_CACHE).then((cache) =>
    cache.match(href).then((cached) => {
      const etag = response.headers.get('etag');
      if (cached && etag && cached.headers.get('etag') === etag) return undefined; // the same file
      return Promise.all([sizeOf(response), cache.keys()]).then(([size, requests]) => {
        const others = requests.filter((r) => r.url !== href);
        return Promise.all(others.map((r) => cache.match(r).then((copy) => (copy ? sizeOf(copy) : 0)))).then((sizes) => {
          const total = sizes.reduce((sum, n) => sum + n, 0) + size;
          return total <= budget ? cache.put(href, response) : undefined;
        });
      });
    }),
  );
}

/**
 * A media file as kept: under the URL asked for, else under any version of it (the page asks
 * for `?v=<version>` URLs; another version, or none, is still the shop's file when offline).
 */
function cachedMedia(href: string): Promise<Response | undefined> {
  return caches.match(href, { ignoreVary: true }).then((exact) => exact || caches.match(href, { ignoreVary: true, ignoreSearch: true, cacheName: MEDIA_CACHE }));
}

/** A `Range` request while the hub is away: the bytes from the cached whole file (videos). */
function cachedRange(request: Request): Promise<Response> {
  return cachedMedia(request.url).then((cached) => {
    if (!cached) return Response.error();
    return cached.blob().then((blob) => {
      const range = parseByteRange(request.headers.get('range'), blob.size);
      if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${blob.size}` } });
      // None or several ranges: the whole file (allowed by RFC 9110), as the hub does.
      if (!range) return new Response(blob, { status: 200, headers: cached.headers });
      const { start, end } = range;
      return new Response(blob.slice(start, end + 1), {
        status: 206,
        headers: {
          'Content-Type': cached.headers.get('content-type') || 'application/octet-stream',
          'Content-Range': `bytes ${start}-${end}/${blob.size}`,
          'Content-Length': String(end - start + 1),
        },
      });
    });
  });
}
