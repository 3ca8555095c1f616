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
import { openNodeSubscriber } from './node-subscriber.js';
import { readJsonBody } from './read-body.js';

export interface HubHandlerOptions extends HubOptions {
  /** Use this hub instead of creating one (several servers sharing one state). */
  hub?: Hub;
  /** Largest accepted POST body in bytes. Default 256 KiB. */
  maxBodyBytes?: number;
  /** A stream whose unsent data passes this many bytes is closed. Default 1 MiB. */
  maxStreamBufferBytes?: number;
  /** When set, every publish needs `Authorization: Bearer <token>`. */
  token?: string;
  /**
   * Browser origins allowed to publish. Absent: any origin, like the original bridge's
   * `CORS *`. Requests without an `Origin` header (servers, curl) are not affected.
   */
  allowOrigins?: readonly string[];
  /** Answer `GET /` with the health JSON (the standalone server does; the Vite plugin does not). */
  rootHealth?: boolean;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

export type NextFunction = (error?: unknown) => void;

export interface HubHandler {
  (req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  readonly hub: Hub;
  /** Ends every open stream and stops the heartbeat. */
  close(): void;
}

const COMMANDS = new Set(Object.keys(COMMAND_SCHEMAS));
const GET_ROUTES = new Set(['stream', 'health', 'lanes']);
const PUBLISH_HEADERS = 'Content-Type, Authorization';
const STARTED_AT = Date.now();

export function createHubHandler(options: HubHandlerOptions = {}): HubHandler {
  const hub = options.hub ?? new Hub(options);
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const maxBufferedBytes = options.maxStreamBufferBytes ?? 1024 * 1024;
  const tokenDigest = options.token ? sha256(options.token) : undefined;
  const allowOrigins = options.allowOrigins ? new Set(options.allowOrigins) : undefined;
  const log = options.log;

  const originAllowed = (origin: string | undefined) => !origin || !allowOrigins || allowOrigins.has(origin);

  const handler = ((req, res, next) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const path = url.pathname;
    if (log) {
      res.once('finish', () => log(`[${req.method}] ${path} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`));
    }

    if (options.rootHealth && path === '/' && req.method === 'GET') return sendJson(res, 200, health());
    if (!path.startsWith(`${API_BASE_PATH}/`)) {
      if (next) return next();
      return sendJson(res, 404, error('not_found', `no such endpoint: ${path}`));
    }
    const route = path.slice(API_BASE_PATH.length + 1);
    const laneParam = url.searchParams.get('lane');
    const lane = laneParam || DEFAULT_LANE;
    const origin = req.headers.origin;

    try {
      if (!COMMANDS.has(route) && !GET_ROUTES.has(route)) {
        return sendJson(res, 404, error('not_found', `no such endpoint: ${path}`));
      }
      if (req.method === 'OPTIONS') return preflight(res, route, origin);
      if (!isValidLaneId(lane)) {
        return sendJson(res, 400, error('invalid_lane', 'lane: expected 1-64 letters, digits, ".", "_" or "-"', 'lane'));
      }
      if (GET_ROUTES.has(route)) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD, OPTIONS');
        if (route === 'stream') return openStream(req, res, lane, url);
        if (route === 'lanes') return sendJson(res, 200, { status: 'ok', lanes: hub.summary() }, { 'Access-Control-Allow-Origin': '*' });
        return sendJson(res, 200, health(), { 'Access-Control-Allow-Origin': '*' });
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST, OPTIONS');
      return void publish(req, res, route as CommandName, lane, origin).catch((cause) => internalError(res, cause));
    } catch (cause) {
      return internalError(res, cause);
    }
  }) as HubHandler;

  function openStream(req: IncomingMessage, res: ServerResponse, lane: string, url: URL): void {
    // EventSource sends Last-Event-ID on its own reconnects; our client, which reconnects
    // with a new EventSource, passes it in the query instead.
    const lastEventId = header(req, 'last-event-id') ?? url.searchParams.get('lastEventId');
    const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes });
    const disconnect = hub.connect(lane, subscriber, lastEventId);
    res.once('close', disconnect);
    log?.(`[GET] ${url.pathname} stream opened (lane ${lane}, ${hub.clientCount} displays)`);
  }

  async function publish(req: IncomingMessage, res: ServerResponse, route: CommandName, lane: string, origin: string | undefined) {
    const cors = corsHeaders(origin);
    if (!originAllowed(origin)) {
      req.resume();
      return sendJson(res, 403, error('origin_not_allowed', `origin ${origin} may not publish`), {}, true);
    }
    if (tokenDigest && !bearerMatches(header(req, 'authorization'), tokenDigest)) {
      req.resume();
      return sendJson(res, 401, error('unauthorized', 'a valid Authorization: Bearer token is required'), {
        ...cors,
        'WWW-Authenticate': 'Bearer',
      });
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) {
      // An oversized body is not read to its end: close the connection after replying.
      return sendJson(res, body.status, error(body.error, body.message), cors, body.status === 413);
    }
    const validated = validateCommand(route, body.value);
    if (!validated.ok) {
      return sendJson(res, 400, error('invalid_body', validated.message, validated.field), cors);
    }
    const result = hub.publish(lane, { command: route, body: validated.value } as Command);
    const reply =
      route === 'update-bill'
        ? { status: 'success', message: 'Bill updated', clients: result.clients, event_id: result.eventId }
        : { status: 'success', clients: result.clients, event_id: result.eventId };
    return sendJson(res, 200, reply, cors);
  }

  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (!origin || !originAllowed(origin)) return {};
    return allowOrigins ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : { 'Access-Control-Allow-Origin': '*' };
  }

  function preflight(res: ServerResponse, route: string, origin: string | undefined): void {
    const isStream = GET_ROUTES.has(route);
    if (!isStream && !originAllowed(origin)) {
      return sendJson(res, 403, error('origin_not_allowed', `origin ${origin} may not publish`));
    }
    res.writeHead(204, {
      ...(isStream ? { 'Access-Control-Allow-Origin': '*' } : corsHeaders(origin)),
      'Access-Control-Allow-Methods': isStream ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS',
      'Access-Control-Allow-Headers': isStream ? 'Last-Event-ID, Cache-Control' : PUBLISH_HEADERS,
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
  handler.close = () => hub.close();
  return handler;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
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
  sendJson(res, 405, error('method_not_allowed', `allowed methods: ${allow}`), { Allow: allow });
}

function internalError(res: ServerResponse, cause: unknown): void {
  if (cause instanceof LaneLimitError) return sendJson(res, 503, error('too_many_lanes', cause.message));
  // Never a stack trace on the wire.
  if (!res.headersSent) sendJson(res, 500, error('internal_error', 'the hub failed to handle this request'));
  else res.destroy();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, closeConnection = false): void {
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
