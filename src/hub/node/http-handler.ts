/**
 * The hub's one `node:http` request handler: the standalone server, the CLI and the Vite
 * plugin all mount this function. It adapts node:http to the framework-free API
 * (`hub-api.ts`): reading bodies with a size limit, SSE streams with backpressure, logging.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDisplayAppRoutes, type DisplayAppOptions } from '../display-app/routes.js';
import { Fleet, type FleetOptions } from './fleet-handler.js';
import { apiError, createHubApi, MEDIA_ADMIN_ACTIONS, type Decision, type HubApi, type MediaAdminAction, type Reply } from '../api/hub-api.js';
import { MediaAdmin } from './media-admin.js';
import { startConfigChangePush, type ConfigChangePush } from './config-change-push.js';
import { Hub, LaneLimitError, type HubOptions } from '../hub.js';
import { SILENT_LOGGER, type Logger } from './logger.js';
import { openNodeSubscriber } from './subscriber.js';
import { readJsonBody } from './request.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../protocol/index.js';
import { AddressSlots, DEFAULT_MAX_STREAMS_PER_ADDRESS } from './address-limits.js';
import { snapshotEvents } from '../lane-state.js';
import type { Opening } from '../store/store.js';
import type { DisplaySeed } from '../../protocol/initial-state.js';

export interface HubHandlerOptions extends HubOptions, FleetOptions {
  /** Use this hub instead of creating one (several servers sharing one state; the Redis backplane). */
  hub?: Hub;
  /** Largest accepted POST body in bytes. Default 256 KiB. */
  maxBodyBytes?: number;
  /** A stream whose unsent data passes this many bytes is closed (it resumes by id). Default 1 MiB. */
  maxStreamBufferBytes?: number;
  /** Streams (display, answers, control) one client address may hold open; beyond it, 429. 0: no cap. Default 64. */
  maxStreamsPerAddress?: number;
  /**
   * Browser origins (`http://pos.local:8000`) allowed to publish, besides the hub's own
   * origin. `['*']`: any origin, like the original bridge. Requests without an `Origin`
   * header (server-side cashier apps, curl) are not affected. Default: none.
   */
  allowOrigins?: readonly string[];
  /**
   * Host names (without port) requests may address; others get 403. Protects a hub bound
   * to loopback from DNS rebinding. `*.localhost` admits every subdomain of localhost
   * (browsers resolve those to loopback themselves). Default: any.
   */
  allowedHosts?: readonly string[];
  /** Answer `GET /` with the health JSON (the standalone server does; the Vite plugin does not). */
  rootHealth?: boolean;
  /** `Host` was checked before the request got here (the Vite plugin: Vite checks it). */
  hostVerified?: boolean;
  /** One info line per request; stream closes at debug. */
  logger?: Logger;
  /** Serve the display app (`/display/`, `/media/`) beside the API; see `display-app/routes.ts`. `false`: don't. */
  displayApp?: DisplayAppOptions | false;
  /** What the media folder may hold in all, in bytes, for uploads through the admin API (`--media-budget-mb`; default 512 MiB). */
  mediaBudgetBytes?: number;
  /** The largest file the admin API takes into the media folder, in bytes (`--media-file-max-mb`; default 100 MiB). */
  mediaFileMaxBytes?: number;
  /** An upload that sends nothing for this long is cut, ms (default 30 s; uploads are exempt from the request deadline). */
  mediaUploadIdleMs?: number;
}

export type NextFunction = (error?: unknown) => void;

export interface HubHandler {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  readonly hub: Hub;
  /** Credentials, displays registry, metrics. */
  readonly fleet: Fleet;
  /** Streams `address` holds open now (what `maxStreamsPerAddress` caps). */
  streamsFrom(address: string): number;
  /** Ends every open stream (telling browsers to retry after `retryMs`, when given). */
  close(options?: { retryMs?: number }): void;
  /** Tells every display here that its configuration or media changed (`config-changed`). */
  configChanged(): void;
  /** Stops checking the configuration file for changes (the server closes). */
  stopConfigChecks(): void;
}

export function createHubHandler(options: HubHandlerOptions = {}): HubHandler {
  const hub = options.hub ?? new Hub(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBufferedBytes = options.maxStreamBufferBytes ?? 1024 * 1024;
  const logger = options.logger ?? SILENT_LOGGER;
  const fleet = new Fleet(hub, options, logger);
  // The page carries a lane's state only when its stream is public: the page is.
  const initialState = options.privateStreams ? undefined : (lane: string) => laneSeed(hub, lane);
  const displayApp = options.displayApp ? createDisplayAppRoutes({ rootRedirect: options.rootHealth, initialState, ...options.displayApp }) : undefined;
  // Files the configuration names but the media folder lacks: the admin sees them in /health, not only in the start-up log.
  const healthDetails = displayApp ? () => ({ missing_media: displayApp.missingMedia() }) : undefined;
  const api = createHubApi({ ...options, hub, credentials: fleet.credentials, displays: fleet.registry, healthDetails });
  const { mediaAdmin, configPush } = mediaAdministration(hub, options, maxBodyBytes, logger);
  const streams = new WeakSet<ServerResponse>();
  const streamSlots = new AddressSlots(options.maxStreamsPerAddress ?? DEFAULT_MAX_STREAMS_PER_ADDRESS);

  const handler = ((req, res, next) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    res.once('finish', () => {
      fleet.countPublish(req.method, url.pathname, res.statusCode);
      if (streams.has(res)) return; // logged when opened
      logger.info(`[${req.method}] ${url.pathname} - ${req.socket.remoteAddress} → ${res.statusCode} (${(performance.now() - started).toFixed(1)} ms)`);
    });
    try {
      if (displayApp?.handle(req, res) || fleet.servePage(req, res)) return;
      const decision = api.decide({ method: req.method ?? 'GET', url, header: (name) => firstHeader(req, name), address: req.socket.remoteAddress });
      // Unread streams from one machine would otherwise hold lanes, sockets and memory without end.
      if (opensStream(decision) && !streamSlots.holdUntilClosed(req.socket.remoteAddress ?? 'unknown', res)) return sendJson(res, tooManyStreams(streamSlots.max));
      switch (decision.type) {
        case 'next':
          if (next) return next();
          return sendJson(res, { status: 404, body: apiError('not_found', `no such endpoint: ${url.pathname}`) });
        case 'reply':
          if (decision.reply.note) logger.warn(decision.reply.note);
          if (decision.reply.status >= 400 && req.method === 'POST') req.resume(); // not reading it
          // An upload refused before its body (no token, wrong method): not read, so not kept alive.
          if (decision.reply.status >= 400 && (req.method === 'PUT' || req.method === 'PATCH')) return sendJson(res, { ...decision.reply, closeConnection: true });
          return sendJson(res, decision.reply);
        case 'preflight':
          res.writeHead(204, decision.headers).end();
          return;
        case 'stream':
          streams.add(res);
          return openStream(hub, decision, req, res, { maxBufferedBytes, logger, path: url.pathname, fleet });
        case 'responses':
          streams.add(res);
          return openResponses(api, decision.lane, req, res, { maxBufferedBytes, logger, path: url.pathname });
        case 'publish':
          readJsonBody(req, maxBodyBytes)
            .then((body) => api.publish(decision, body))
            .then((reply) => sendJson(res, fleet.published(decision.command, reply, started)))
            .catch((cause) => internalError(res, cause, logger));
          return;
        case 'admin':
          if (!MEDIA_ADMIN_ACTIONS.has(decision.action)) return fleet.handle(decision, req, res, { maxBodyBytes, send: sendJson }).catch((cause) => internalError(res, cause, logger));
          mediaAdmin
            .run(decision.action as MediaAdminAction, decision.target, req)
            .then((reply) => !res.destroyed && sendJson(res, reply))
            .catch((cause) => internalError(res, cause, logger));
          return;
        default: // control, preview, metrics
          fleet.handle(decision, req, res, { maxBodyBytes, send: sendJson }).catch((cause) => internalError(res, cause, logger));
      }
    } catch (cause) {
      internalError(res, cause, logger);
    }
  }) as HubHandler;

  return exposeHandler(handler, hub, fleet, streamSlots, configPush);
}

/** The admin API's file writes, and the push that tells displays about them (and about changes on disk). */
function mediaAdministration(hub: Hub, options: HubHandlerOptions, maxBodyBytes: number, logger: Logger): { mediaAdmin: MediaAdmin; configPush: ConfigChangePush } {
  const { configFile, mediaDir } = options.displayApp || {};
  const configPush = startConfigChangePush(hub, configFile, mediaDir);
  const mediaAdmin = new MediaAdmin({
    mediaDir,
    configFile,
    budgetBytes: options.mediaBudgetBytes,
    fileMaxBytes: options.mediaFileMaxBytes,
    uploadIdleMs: options.mediaUploadIdleMs,
    maxBodyBytes,
    logger,
    onChange: () => configPush.changed(),
  });
  return { mediaAdmin, configPush };
}

/** A lane's state as a snapshot opening would send it, for its display page; reads only (no lane is created). */
function laneSeed(hub: Hub, lane: string): DisplaySeed | Promise<DisplaySeed> {
  const seed = ({ state, head }: Opening): DisplaySeed => ({ lane, lastEventId: head, events: snapshotEvents(state) });
  const opening = hub.store.open(lane, null);
  return opening instanceof Promise ? opening.then(seed) : seed(opening);
}

/** The handler's hub, fleet, stream counts and close. */
function exposeHandler(handler: HubHandler, hub: Hub, fleet: Fleet, streamSlots: AddressSlots, configPush: ConfigChangePush): HubHandler {
  Object.defineProperty(handler, 'hub', { value: hub });
  Object.defineProperty(handler, 'fleet', { value: fleet });
  handler.streamsFrom = (address) => streamSlots.heldBy(address);
  handler.configChanged = () => configPush.changed();
  handler.stopConfigChecks = () => configPush.stop();
  handler.close = (closeOptions) => {
    configPush.stop();
    void fleet.registry.close();
    void hub.close(closeOptions);
  };
  return handler;
}

/** A cashier's stream of prompt answers. */
function openResponses(api: HubApi, lane: string, req: IncomingMessage, res: ServerResponse, { maxBufferedBytes, logger, path }: { maxBufferedBytes: number; logger: Logger; path: string }): void {
  const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes });
  res.once('close', api.listenResponses(lane, subscriber));
  logger.info(`[GET] ${path} - ${req.socket.remoteAddress} → 200 stream (lane ${lane})`);
}

/** A display's stream: registered with the hub until its connection closes. */
function openStream(
  hub: Hub,
  decision: Extract<Decision, { type: 'stream' }>,
  req: IncomingMessage,
  res: ServerResponse,
  { maxBufferedBytes, logger, path, fleet }: { maxBufferedBytes: number; logger: Logger; path: string; fleet: Fleet },
): void {
  const { lane, lastEventId } = decision;
  const onOverflow = () => fleet.metrics.slowClosed.inc();
  const subscriber = fleet.observeStream(decision, openNodeSubscriber(req, res, { maxBufferedBytes, onOverflow }), res);
  const disconnect = hub.connect(lane, subscriber, lastEventId);
  const opened = performance.now();
  logger.info(`[GET] ${path} - ${req.socket.remoteAddress} → 200 stream (lane ${lane}, ${hub.clientCount} displays)`);
  res.once('close', () => {
    disconnect();
    logger.debug(`stream closed after ${((performance.now() - opened) / 1000).toFixed(1)} s (lane ${lane}, ${hub.clientCount} displays)`);
  });
}

/** The decisions that hold a connection open: a display's stream, a till's answers, a display's control stream, an admin page's previews. */
function opensStream(decision: Decision): boolean {
  return decision.type === 'stream' || decision.type === 'responses' || decision.type === 'control' || decision.type === 'preview';
}

function tooManyStreams(max: number): Reply {
  const message = `this address already holds ${max} open streams, the most allowed (--max-streams-per-address); close one first`;
  // Readable by a display served from another origin, like the stream it asked for.
  // Closed with its answer: a refused stream keeps no connection either.
  return { status: 429, body: apiError('too_many_streams', message), headers: { 'Retry-After': '5', 'Access-Control-Allow-Origin': '*' }, closeConnection: true };
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function internalError(res: ServerResponse, cause: unknown, logger: Logger): void {
  if (cause instanceof LaneLimitError) return sendJson(res, { status: 503, body: apiError('too_many_lanes', cause.message) });
  logger.error(`internal error: ${(cause as Error)?.stack ?? String(cause)}`);
  // Never a stack trace on the wire.
  if (!res.headersSent) sendJson(res, { status: 500, body: apiError('internal_error', 'the hub failed to handle this request') });
  else res.destroy();
}

function sendJson(res: ServerResponse, { status, body, headers = {}, closeConnection = false }: Reply): void {
  if (status === 204) {
    res.writeHead(204, { 'Cache-Control': 'no-store', ...(closeConnection ? { Connection: 'close' } : {}), ...headers }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(closeConnection ? { Connection: 'close' } : {}),
    ...headers,
  });
  res.end(text);
}
