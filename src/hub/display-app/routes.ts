/**
 * The display app's HTTP routes, beside the hub API on the same server:
 *   GET /               a browser (Accept: text/html) is sent to /display/ (others get the health JSON from the API)
 *   GET /display/       the page; config.json, manifest.webmanifest, icon.svg, display-page.js, sw.js, the bundle
 *   GET /media/<file>   the shop's media folder (--media)
 * `handle` answers what is ours and returns `false` for everything else (the API's turn).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BUNDLE_FILE, fileStamp, findAssetDir, MissingBuildError, PAGE_SCRIPT_FILE, SERVICE_WORKER_FILE } from './assets.js';
import { configFileSource, type DisplayConfigError } from './config-file.js';
import type { DisplayAppConfig } from './config-schema.js';
import { chooseCoding, codedTag, encode, encodedCache, isCompressible, matchesIfNoneMatch, MIN_COMPRESS_BYTES, VARY_ENCODING } from './content-encoding.js';
import { sendFile } from './file-response.js';
import { lookUpMedia } from './media-folder.js';
import { firstPaintHtml } from './first-paint.js';
import { findMissingMedia, type MissingMedia } from './missing-media.js';
import { displayPageHtml, ICON_SVG, webManifest, type PageData } from './page.js';
import { isValidLaneId } from '../../protocol/constants.js';
import type { DisplaySeed } from '../../protocol/initial-state.js';
import { MEDIA_PATH, serveConfig } from './served-config.js';
import { screenOf } from '../../protocol/display-app.js';

export const DISPLAY_PATH = '/display/';

export interface DisplayAppOptions {
  /** The configuration (validated), when it is not read from a file. */
  config?: DisplayAppConfig;
  /** `display-hub.json`: read now (throws `DisplayConfigError`), re-read when it changes. */
  configFile?: string;
  /** The shop's media folder, served at `/media/`. */
  mediaDir?: string;
  /** `dist/` with the built bundle and page scripts. Default: found next to this module. */
  assetDir?: string;
  /** Redirect a browser's `GET /` to the display app (the standalone hub). */
  rootRedirect?: boolean;
  /**
   * The lane's current state for its page (`?lane=`), or null to carry none (the hub's
   * `--private-streams`: the page is public, the state is not). Set by the node handler.
   */
  initialState?: (lane: string) => DisplaySeed | null | Promise<DisplaySeed | null>;
  /** A configuration edit that fails validation (the last good one stays in use). */
  onConfigError?: (error: DisplayConfigError) => void;
}

export interface DisplayAppRoutes {
  /** Answers the request when it is the display app's; `false` leaves it to the API. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Files the current configuration names that the media folder does not hold (`/health`). */
  missingMedia(): MissingMedia[];
}

/** The drop-in files the page may load: the bundle, or an auto loader with its builds and on-demand pieces. */
const BUNDLE_ASSET = /^customer-display(\.[\w-]+)*\.js(\.map)?$/;
const AUTO_LOADER = 'customer-display.auto.js';
const TEXT = 'text/plain; charset=utf-8';
const NO_CACHE = { 'Cache-Control': 'no-cache' };
/** How long the page waits for a shared store's lane state before it goes without. */
const SEED_WAIT_MS = 300;
/** For a URL naming one version of a file (`?v=<digest of its content>`): that URL never changes meaning. */
export const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable' };

export function createDisplayAppRoutes(options: DisplayAppOptions = {}): DisplayAppRoutes {
  const app = new DisplayApp(options);
  return { handle: (req, res) => app.handle(req, res), missingMedia: () => findMissingMedia(app.config(), options.mediaDir) };
}

class DisplayApp {
  private readonly currentConfig: () => DisplayAppConfig;
  private assetDir: string | undefined;
  private readonly serviceWorker = memoByStamp(
    () => this.bundleFiles().concat(PAGE_SCRIPT_FILE, SERVICE_WORKER_FILE).map((name) => this.assets() + name),
    () => this.buildServiceWorker(),
  );

  constructor(private readonly options: DisplayAppOptions) {
    this.currentConfig = options.configFile
      ? configFileSource(options.configFile, options.onConfigError ?? (() => {}))
      : () => options.config ?? {};
  }

  /** The configuration as of now (re-read when its file changed). */
  config(): DisplayAppConfig {
    return this.currentConfig();
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const isRoot = rawPath === '/';
    const isDisplay = rawPath === '/display' || rawPath.startsWith(DISPLAY_PATH);
    const isMedia = !!this.options.mediaDir && rawPath.startsWith(MEDIA_PATH);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const wantsPage = isRoot && !!this.options.rootRedirect && isRead && /\btext\/html\b/i.test(req.headers.accept ?? '');
    if (!isDisplay && !isMedia && !wantsPage) return false;
    if (!isRead) {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': TEXT }).end('Method not allowed\n');
    } else if (wantsPage || rawPath === '/display') {
      res.writeHead(isRoot ? 302 : 301, { Location: `${DISPLAY_PATH}${url.search}`, 'Cache-Control': 'no-store' }).end();
    } else {
      try {
        if (isMedia) this.media(req, res, rawPath.slice(MEDIA_PATH.length));
        else this.display(req, res, url);
      } catch (error) {
        if (!(error instanceof MissingBuildError)) throw error;
        sendText(req, res, TEXT, `display-hub: ${error.message}\n`, {}, 503);
      }
    }
    return true;
  }

  private display(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const name = url.pathname.slice(DISPLAY_PATH.length);
    switch (name) {
      case '':
      case 'index.html':
        return this.page(req, res, url);
      case 'config.json':
        return sendText(req, res, 'application/json; charset=utf-8', JSON.stringify(serveConfig(this.currentConfig(), this.options.mediaDir)), NO_CACHE);
      case 'manifest.webmanifest':
        return sendText(req, res, 'application/manifest+json; charset=utf-8', webManifest(this.currentConfig(), url.searchParams.get('lane')), NO_CACHE);
      case 'icon.svg':
        return sendText(req, res, 'image/svg+xml', ICON_SVG, NO_CACHE);
      case 'sw.js':
        // Revalidated on every load: a changed bundle is a changed worker, which replaces the caches.
        return sendText(req, res, 'text/javascript; charset=utf-8', this.serviceWorker(), { 'Cache-Control': 'no-cache, max-age=0' });
      case 'display-page.js':
        return this.asset(req, res, PAGE_SCRIPT_FILE, url);
      default:
        if (BUNDLE_ASSET.test(name)) return this.asset(req, res, name, url);
        return sendText(req, res, TEXT, 'Not found\n', {}, 404);
    }
  }

  /**
   * The page, carrying the configuration and (with `?lane=`) the lane's state, so the first
   * bill needs neither `config.json` nor the stream. Not stored by caches (`no-cache`
   * revalidates, and the state changes the ETag); the service worker drops the state.
   */
  private page(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const config = serveConfig(this.currentConfig(), this.options.mediaDir);
    const lane = url.searchParams.get('lane') ?? '';
    // With a seed the page is as new as the lane's last bill: compressed for this answer only.
    // The bill itself in the page too, as HTML: on screen at the first paint, before any script.
    const firstPaint = (seed: DisplaySeed | null) =>
      firstPaintHtml(seed, { screen: screenOf(config, lane), theme: url.searchParams.get('theme'), lang: url.searchParams.get('lang') });
    const send = (seed: DisplaySeed | null) =>
      sendText(req, res, 'text/html; charset=utf-8', this.pageHtml({ config, seed, firstPaint: firstPaint(seed) }), NO_CACHE, 200, { once: seed !== null });
    const seed = lane && isValidLaneId(lane) && this.options.initialState ? this.options.initialState(lane) : null;
    if (!(seed instanceof Promise)) return send(seed);
    // A shared store (Redis) answers later, or not while it is away: the page never waits
    // long for it; without the state it still works (the stream brings the bill).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, SEED_WAIT_MS, null)));
    Promise.race([seed, late])
      .catch(() => null)
      .then((found) => {
        clearTimeout(timer);
        send(found);
      });
  }

  /** A built file; cached for good when asked by the versioned name the page uses, else revalidated. */
  private asset(req: IncomingMessage, res: ServerResponse, name: string, url: URL): void {
    const path = this.assets() + name;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return sendText(req, res, TEXT, 'Not found\n', {}, 404);
    const type = name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
    const asked = url.searchParams.get('v');
    sendFile(req, res, { path, stat, type, headers: asked && asked === contentVersion(path) ? IMMUTABLE : NO_CACHE });
  }

  /** The page, naming its scripts by version so the browser may keep them for good. */
  private pageHtml(data?: PageData): string {
    return displayPageHtml(this.versioned(this.bundleName()), this.versioned(PAGE_SCRIPT_FILE).replace('display-app/', ''), data);
  }

  /** `name?v=<digest>` for a file in the asset folder. */
  private versioned(name: string): string {
    return `${name}?v=${contentVersion(this.assets() + name)}`;
  }

  private media(req: IncomingMessage, res: ServerResponse, rawPath: string): void {
    const found = lookUpMedia(this.options.mediaDir!, rawPath);
    if (!found.ok) return sendText(req, res, TEXT, `${STATUS_TEXT[found.status]}\n`, {}, found.status);
    const headers: Record<string, string> = { ...NO_CACHE };
    // An SVG opened on its own must not run scripts on the hub's origin.
    if (found.type === 'image/svg+xml') headers['Content-Security-Policy'] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
    sendFile(req, res, { path: found.path, stat: found.stat, type: found.type, headers });
  }

  private assets(): string {
    return (this.assetDir ??= findAssetDir(this.options.assetDir));
  }

  /** The script the page loads: the auto loader when the build has one, else the bundle. */
  private bundleName(): string {
    return statSync(this.assets() + AUTO_LOADER, { throwIfNoEntry: false }) ? AUTO_LOADER : BUNDLE_FILE;
  }

  /** Every drop-in script the page may load (not the cashier's publisher bundle): all kept offline. */
  private bundleFiles(): string[] {
    return readdirSync(this.assets())
      .filter((name) => BUNDLE_ASSET.test(name) && !name.endsWith('.map') && !name.includes('publisher'))
      .sort();
  }

  /** The worker, with its version (a digest of everything it keeps) and the files to keep. */
  private buildServiceWorker(): string {
    const bundles = this.bundleFiles();
    const page = this.pageHtml();
    const digest = createHash('sha256').update(page);
    for (const name of [...bundles, PAGE_SCRIPT_FILE, SERVICE_WORKER_FILE]) digest.update(readFileSync(this.assets() + name));
    // The page's scripts under the versioned names it asks for: the worker keys its cache by URL.
    const pageScripts = [this.versioned(PAGE_SCRIPT_FILE).replace('display-app/', ''), this.versioned(this.bundleName())];
    const shell = ['./', 'config.json', 'manifest.webmanifest', 'icon.svg', ...new Set([...pageScripts, ...bundles])];
    const build = { version: digest.digest('hex').slice(0, 16), shell };
    return `self.DISPLAY_APP_BUILD = ${JSON.stringify(build)};\n${readFileSync(this.assets() + SERVICE_WORKER_FILE, 'utf8')}`;
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' };

/**
 * A generated response with an ETag of its content, so revalidation costs a 304; text types
 * go brotli- or gzip-coded when accepted (compressed once per body, kept in memory; `once`:
 * a body that will hardly be sent again is compressed fast and not kept).
 */
function sendText(req: IncomingMessage, res: ServerResponse, type: string, body: string, headers: Record<string, string>, status = 200, { once = false } = {}): void {
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  const plain = Buffer.from(body);
  const compressible = status === 200 && isCompressible(type);
  const coding = compressible && plain.length >= MIN_COMPRESS_BYTES ? chooseCoding(req.headers['accept-encoding']) : 'identity';
  const etag = codedTag(`"${digest}"`, coding);
  const vary = compressible ? VARY_ENCODING : {};
  if (status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { ETag: etag, ...vary, ...headers }).end();
    return;
  }
  const sent = coding === 'identity' ? plain : once ? encode(plain, coding, { once }) : encodedCache.get(`${digest}|${coding}`, () => encode(plain, coding));
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': sent.length,
    'X-Content-Type-Options': 'nosniff',
    ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }),
    ...vary,
    ...(status === 200 ? { ETag: etag } : { 'Cache-Control': 'no-store' }),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : sent);
}

const versions = new Map<string, { stamp: string; version: string }>();

/** A short digest of a file's content, recomputed only when the file changes (size or mtime). */
export function contentVersion(path: string): string {
  const stamp = fileStamp(path);
  const known = versions.get(path);
  if (known?.stamp === stamp) return known.version;
  const version = createHash('sha256').update(readFileSync(path)).digest('base64url').slice(0, 12);
  versions.set(path, { stamp, version });
  return version;
}

/** Recomputes `build()` only when one of the `files()` changed (size or mtime). */
function memoByStamp(files: () => string[], build: () => string): () => string {
  let stamp: string | undefined;
  let value = '';
  return () => {
    const now = files().map(fileStamp).join('|');
    if (now !== stamp) {
      value = build();
      stamp = now;
    }
    return value;
  };
}
