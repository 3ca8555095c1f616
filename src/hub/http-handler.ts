/**
 * The hub's one `node:http` request handler. The standalone server, the CLI and the Vite
 * plugin all mount this same function; it speaks the original bridge's API (same paths,
 * same replies) plus our extensions (lanes, resume, validation, auth).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_BASE_PATH, COMMAND_SCHEMAS, type Command, type CommandName } from '../sync/protocol.js';
import { validateCommand } from '../sync/validate.js';
import { DEFAULT_LANE, Hub, isValidLaneId, LaneLimitError, type HubOptions } from './hub.js';
import { SILENT_LOGGER, type Logger } from './logger.js';
import { openNodeSubscriber } from './node-subscriber.js';
import { readJsonBody } from './read-body.js';

export interface HubHandlerOptions extends HubOptions {
  /** Use this hub instead of creating one (several servers sharing one state). */
  hub?: Hub;
  /** Largest accepted POST body in bytes. Default 256 KiB. */
  maxBodyBytes?: number;
  /** A stream whose unsent data passes this many bytes is closed (it resumes by id). Default 1 MiB. */
  maxStreamBufferBytes?: number;
  /** When set, every publish needs `Authorization: Bearer <token>`. */
  token?: string;
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
  /** One info line per request; stream closes at debug. */
  logger?: Logger;
}

export type NextFunction = (error?: unknown) => void;

export interface HubHandler {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  readonly hub: Hub;
  /** Ends every open stream (telling browsers to retry after `retryMs`, when given). */
  close(options?: { retryMs?: number }): void;
}

const COMMANDS = new Set(Object.keys(COMMAND_SCHEMAS));
const GET_ROUTES = new Set(['stream', 'health', 'lanes']);
const PUBLISH_HEADERS = 'Content-Type, Authorization';
const STARTED_AT = Date.now();

type Reply = { status: number; body: unknown; headers?: Record<string, string>; closeConnection?: boolean };

export function createHubHandler(options: HubHandlerOptions = {}): HubHandler {
  const hub = options.hub ?? new Hub(options);
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const maxBufferedBytes = options.maxStreamBufferBytes ?? 1024 * 1024;
  const tokenDigest = options.token ? sha256(options.token) : undefined;
  const anyOrigin = options.allowOrigins?.includes('*') ?? false;
  const allowOrigins = new Set(options.allowOrigins ?? []);
  const allowedHosts = options.allowedHosts ? new Set(options.allowedHosts.map((h) => h.toLowerCase())) : undefined;
  const hostAllowed = (host: string) =>
    !allowedHosts || allowedHosts.has(host) || (allowedHosts.has('*.localhost') && host.endsWith('.localhost'));
  const logger = options.logger ?? SILENT_LOGGER;
  const streams = new WeakSet<ServerResponse>();

  const handler = ((req, res, next) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const path = url.pathname;
    res.once('finish', () => {
      if (streams.has(res)) return; // logged when opened
      logger.info(`[${req.method}] ${path} - ${req.socket.remoteAddress} → ${res.statusCode} (${(performance.now() - started).toFixed(1)} ms)`);
    });

    const isOurs = path.startsWith(`${API_BASE_PATH}/`) || (options.rootHealth && path === '/');
    if (!isOurs) {
      if (next) return next();
      return sendJson(res, { status: 404, body: error('not_found', `no such endpoint: ${path}`) });
    }
    if (!hostAllowed(hostName(req.headers.host))) {
      // A page on another name resolving to us (DNS rebinding) must not read or publish.
      return sendJson(res, { status: 403, body: error('host_not_allowed', `host ${req.headers.host ?? '(none)'} is not served here`) });
    }
    if (path === '/') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
      return sendJson(res, { status: 200, body: health(), headers: { 'Access-Control-Allow-Origin': '*' } });
    }

    const route = path.slice(API_BASE_PATH.length + 1);
    const lane = url.searchParams.get('lane') || DEFAULT_LANE;
    try {
      if (!COMMANDS.has(route) && !GET_ROUTES.has(route)) {
        return sendJson(res, { status: 404, body: error('not_found', `no such endpoint: ${path}`) });
      }
      if (req.method === 'OPTIONS') return preflight(req, res, route);
      if (!isValidLaneId(lane)) {
        return sendJson(res, { status: 400, body: error('invalid_lane', 'lane: expected 1-64 letters, digits, ".", "_" or "-"', 'lane') });
      }
      if (GET_ROUTES.has(route)) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD, OPTIONS');
        if (route === 'stream') return openStream(req, res, lane, url);
        const body = route === 'lanes' ? { status: 'ok', lanes: hub.summary() } : health();
        return sendJson(res, { status: 200, body, headers: { 'Access-Control-Allow-Origin': '*' } });
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST, OPTIONS');
      publish(req, route as CommandName, lane).then(
        (reply) => sendJson(res, reply),
        (cause) => internalError(res, cause, logger),
      );
    } catch (cause) {
      internalError(res, cause, logger);
    }
  }) as HubHandler;

  function originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin || anyOrigin || allowOrigins.has(origin)) return true;
    // The hub's own pages (the Vite plugin serves both) may always publish.
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (!origin || !originAllowed(req)) return {};
    return anyOrigin ? { 'Access-Control-Allow-Origin': '*' } : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }

  function openStream(req: IncomingMessage, res: ServerResponse, lane: string, url: URL): void {
    // EventSource sends Last-Event-ID on its own reconnects; our client, which reconnects
    // with a new EventSource, passes it in the query instead.
    const lastEventId = header(req, 'last-event-id') ?? url.searchParams.get('lastEventId');
    streams.add(res);
    const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes });
    const disconnect = hub.connect(lane, subscriber, lastEventId);
    const opened = performance.now();
    logger.info(`[GET] ${url.pathname} - ${req.socket.remoteAddress} → 200 stream (lane ${lane}, ${hub.clientCount} displays)`);
    res.once('close', () => {
      disconnect();
      logger.debug(`stream closed after ${((performance.now() - opened) / 1000).toFixed(1)} s (lane ${lane}, ${hub.clientCount} displays)`);
    });
  }

  async function publish(req: IncomingMessage, route: CommandName, lane: string): Promise<Reply> {
    const cors = corsHeaders(req);
    if (!originAllowed(req)) {
      req.resume();
      return { status: 403, body: error('origin_not_allowed', `origin ${req.headers.origin} may not publish`), closeConnection: true };
    }
    if (tokenDigest && !bearerMatches(header(req, 'authorization'), tokenDigest)) {
      req.resume();
      return {
        status: 401,
        body: error('unauthorized', 'a valid Authorization: Bearer token is required'),
        headers: { ...cors, 'WWW-Authenticate': 'Bearer' },
      };
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) {
      // An oversized body is not read to its end: close the connection after replying.
      return { status: body.status, body: error(body.error, body.message), headers: cors, closeConnection: body.status === 413 };
    }
    const validated = validateCommand(route, body.value);
    if (!validated.ok) return { status: 400, body: error('invalid_body', validated.message, validated.field), headers: cors };
    const result = hub.publish(lane, { command: route, body: validated.value } as Command);
    const reply =
      route === 'update-bill'
        ? { status: 'success', message: 'Bill updated', clients: result.clients, event_id: result.eventId }
        : { status: 'success', clients: result.clients, event_id: result.eventId };
    return { status: 200, body: reply, headers: cors };
  }

  function preflight(req: IncomingMessage, res: ServerResponse, route: string): void {
    const isRead = GET_ROUTES.has(route);
    if (!isRead && !originAllowed(req)) {
      return sendJson(res, { status: 403, body: error('origin_not_allowed', `origin ${req.headers.origin} may not publish`) });
    }
    res.writeHead(204, {
      ...(isRead ? { 'Access-Control-Allow-Origin': '*' } : corsHeaders(req)),
      'Access-Control-Allow-Methods': isRead ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS',
      'Access-Control-Allow-Headers': isRead ? 'Last-Event-ID, Cache-Control' : PUBLISH_HEADERS,
      'Access-Control-Max-Age': '600',
    });
    res.end();
  }

  function health() {
    return {
      status: 'ok',
      service: 'pos-customer-display hub',
      uptime_s: Math.round((Date.now() - STARTED_AT) / 1000),
      clients: hub.clientCount,
      lanes: hub.summary().length,
      last_event_id: hub.headEventId,
      heartbeat_ms: hub.heartbeatMs,
    };
  }

  Object.defineProperty(handler, 'hub', { value: hub });
  handler.close = (closeOptions) => hub.close(closeOptions);
  return handler;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Host` without its port: `127.0.0.1:5000` → `127.0.0.1`, `[::1]:5000` → `[::1]`. */
function hostName(host: string | undefined): string {
  if (!host) return '';
  const match = /^(\[[^\]]*\]|[^:]*)/.exec(host.trim().toLowerCase());
  return match ? match[1]! : '';
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares digests of equal length, so neither the token nor its length leaks by timing. */
function bearerMatches(authorization: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return !!match && timingSafeEqual(sha256(match[1]!.trim()), expected);
}

function error(code: string, message: string, field?: string) {
  return field === undefined ? { status: 'error', error: code, message } : { status: 'error', error: code, message, field };
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, { status: 405, body: error('method_not_allowed', `allowed methods: ${allow}`), headers: { Allow: allow } });
}

function internalError(res: ServerResponse, cause: unknown, logger: Logger): void {
  if (cause instanceof LaneLimitError) return sendJson(res, { status: 503, body: error('too_many_lanes', cause.message) });
  logger.error(`internal error: ${(cause as Error)?.stack ?? String(cause)}`);
  // Never a stack trace on the wire.
  if (!res.headersSent) sendJson(res, { status: 500, body: error('internal_error', 'the hub failed to handle this request') });
  else res.destroy();
}

function sendJson(res: ServerResponse, { status, body, headers = {}, closeConnection = false }: Reply): void {
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
