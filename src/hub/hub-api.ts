/**
 * The hub's HTTP API, free of any server framework: which request is which route, who may
 * publish, and the exact replies (the original bridge's, plus ours). The node:http handler
 * and the MSW mock are thin adapters around it, so both answer every request identically.
 */
import {
  API_BASE_PATH,
  COMMAND_SCHEMAS,
  DEFAULT_LANE,
  formatSseFrame,
  formatSseRetry,
  Frame,
  isValidLaneId,
  type Command,
  type CommandName,
  validateCommand,
} from '../protocol/index.js';
import { AccessPolicy, OPEN_CORS, type AccessOptions } from './access.js';
import { LaneLimitError, type Hub, type Subscriber } from './hub.js';
import type { BodyResult } from './json-body.js';
import { PROMPT_ACTIONS, promptReply, type PromptAction } from './prompt-api.js';

export interface HubApiOptions extends AccessOptions {
  hub: Hub;
  /** Answer `GET /` with the health JSON (the standalone server). */
  rootHealth?: boolean;
  /** Checks `Authorization` when publishing requires a token (constant time: the adapter's job). */
  authorize?: (authorization: string | undefined) => boolean;
}

/** What the API needs to know about a request. */
export interface ApiRequest {
  method: string;
  url: URL;
  header(name: string): string | undefined;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Close the connection after replying (an oversized body was not read to its end). */
  closeConnection?: boolean;
  /** What the operator should read in the hub's log about this reply. */
  note?: string;
}

export type Decision =
  | { type: 'next' }
  | { type: 'reply'; reply: Reply }
  | { type: 'preflight'; headers: Record<string, string> }
  | { type: 'stream'; lane: string; lastEventId: string | null }
  | { type: 'publish'; command: CommandName | PromptAction; lane: string; cors: Record<string, string> }
  /** The cashier's stream of answers to its prompts (`GET /responses`): give it to {@link HubApi.listenResponses}. */
  | { type: 'responses'; lane: string; cors: Record<string, string> };

const COMMANDS = new Set<string>(Object.keys(COMMAND_SCHEMAS));
const READ_ROUTES = new Set(['stream', 'health', 'lanes']);
/** Cashier routes besides the commands: same Origin and token rules as publishing. */
const CASHIER_ROUTES = new Set<string>(['prompt', 'cancel-prompt', 'responses']);
const STARTED_AT = Date.now();

export function apiError(code: string, message: string, field?: string) {
  return field === undefined ? { status: 'error', error: code, message } : { status: 'error', error: code, message, field };
}

/** Replies carry the in-memory hub's ids as numbers (as 0.1 did), Redis stream ids as strings. */
function wireEventId(id: string): number | string {
  return /^\d+$/.test(id) ? Number(id) : id;
}

const reply = (status: number, body: unknown, headers?: Record<string, string>): Decision => ({ type: 'reply', reply: { status, body, headers } });
const methodNotAllowed = (allow: string) => reply(405, apiError('method_not_allowed', `allowed methods: ${allow}`), { Allow: allow });

function originRefused(req: ApiRequest): Extract<Decision, { type: 'reply' }> {
  const origin = req.header('origin');
  return {
    type: 'reply',
    reply: {
      status: 403,
      body: apiError('origin_not_allowed', `origin ${origin} may not publish; start the hub with --allow-origin ${origin} to allow it`),
      closeConnection: true,
      // A browser shows the cashier only "Failed to fetch": the operator must learn why.
      note: `refused a publish from origin ${origin}: allow it with --allow-origin ${origin}`,
    },
  };
}

export class HubApi {
  private readonly hub: Hub;
  private readonly access: AccessPolicy;

  constructor(private readonly options: HubApiOptions) {
    this.hub = options.hub;
    this.access = new AccessPolicy(options);
  }

  health() {
    return {
      status: 'ok',
      service: 'pos-customer-display hub',
      uptime_s: Math.round((Date.now() - STARTED_AT) / 1000),
      clients: this.hub.clientCount,
      lanes: this.hub.summary().length,
      last_event_id: wireEventId(this.hub.headEventId),
      heartbeat_ms: this.hub.heartbeatMs,
    };
  }

  /**
   * Routes a request: a reply now, a stream to open, or a body to read and publish. The
   * order of the checks is the security model: only our paths; then Host (DNS rebinding)
   * before anything is read or written; then the route; lane; and for publishing, Origin
   * before the token, so a foreign page learns nothing about the token.
   */
  decide(req: ApiRequest): Decision {
    const path = req.url.pathname;
    if (!path.startsWith(`${API_BASE_PATH}/`) && !(this.options.rootHealth && path === '/')) return { type: 'next' };
    if (!this.access.hostAllowed(req)) {
      // A page on another name resolving to us (DNS rebinding) must not read or publish.
      return reply(403, apiError('host_not_allowed', `host ${req.header('host') ?? '(none)'} is not served here`));
    }
    if (path === '/') return req.method === 'GET' || req.method === 'HEAD' ? reply(200, this.health(), OPEN_CORS) : methodNotAllowed('GET, HEAD');
    return this.route(req, path);
  }

  /** Validates a read body and publishes it: the seed-shaped reply, or a JSON error. */
  async publish(decision: Extract<Decision, { type: 'publish' }>, body: BodyResult): Promise<Reply> {
    const { command, lane, cors } = decision;
    if (!body.ok) return { status: body.status, body: apiError(body.error, body.message), headers: cors, closeConnection: body.status === 413 };
    if (PROMPT_ACTIONS.has(command)) return { ...promptReply(this.hub.prompts, command as PromptAction, lane, body.value), headers: cors };
    const validated = validateCommand(command as CommandName, body.value);
    if (!validated.ok) return { status: 400, body: apiError('invalid_body', validated.message, validated.field), headers: cors };
    try {
      const result = await this.hub.publish(lane, { command, body: validated.value } as Command);
      const base = command === 'update-bill' ? { status: 'success', message: 'Bill updated' } : { status: 'success' };
      return { status: 200, body: { ...base, clients: result.clients, event_id: wireEventId(result.eventId) }, headers: cors };
    } catch (cause) {
      if (cause instanceof LaneLimitError) return { status: 503, body: apiError('too_many_lanes', cause.message), headers: cors };
      // The store behind the hub (Redis) is unreachable: say so at once; the till's next
      // update carries the whole bill anyway.
      return { status: 503, body: apiError('unavailable', 'the hub could not store this update; try again'), headers: cors };
    }
  }

  /**
   * A cashier's stream of prompt answers, opened after `decide` said `responses`: answers
   * held for the lane are sent at once. Returns the function that closes it.
   */
  listenResponses(lane: string, subscriber: Subscriber): () => void {
    const greeting = formatSseFrame({ event: 'connected', data: { status: 'ok', lane } });
    subscriber.send(new Frame(formatSseRetry(this.hub.retryMs) + greeting));
    return this.hub.prompts.listen(lane, subscriber);
  }

  private route(req: ApiRequest, path: string): Decision {
    const name = path.slice(API_BASE_PATH.length + 1);
    const isRead = READ_ROUTES.has(name);
    if (!isRead && !COMMANDS.has(name) && !CASHIER_ROUTES.has(name) && name !== 'respond') return reply(404, apiError('not_found', `no such endpoint: ${path}`));
    if (req.method === 'OPTIONS') return this.preflight(req, isRead, name);
    const lane = req.url.searchParams.get('lane') || DEFAULT_LANE;
    if (!isValidLaneId(lane)) return reply(400, apiError('invalid_lane', 'lane: expected 1-64 letters, digits, ".", "_" or "-"', 'lane'));
    if (isRead) return this.read(req, name, lane);
    if (name === 'respond') return this.answerAccess(req, lane);
    if (name === 'responses') return this.responsesAccess(req, lane);
    return this.publishAccess(req, name as CommandName | PromptAction, lane);
  }

  private preflight(req: ApiRequest, isRead: boolean, name: string): Decision {
    if (!isRead && !this.access.originAllowed(req)) return originRefused(req);
    return {
      type: 'preflight',
      headers: {
        ...(isRead ? OPEN_CORS : this.access.corsHeaders(req)),
        'Access-Control-Allow-Methods': isRead || name === 'responses' ? 'GET, HEAD, OPTIONS' : 'POST, OPTIONS',
        'Access-Control-Allow-Headers': isRead ? 'Last-Event-ID, Cache-Control' : 'Content-Type, Authorization',
        'Access-Control-Max-Age': '600',
      },
    };
  }

  /**
   * Who may answer a prompt: the one place a display's pairing secret will be checked
   * (`--private-streams`, issue 17). Today: a page of an allowed origin or of the hub's
   * own origin, or a client without `Origin` (the same rule as publishing). No cashier
   * token: displays have none.
   */
  private mayAnswer(req: ApiRequest): boolean {
    return this.access.originAllowed(req);
  }

  private answerAccess(req: ApiRequest, lane: string): Decision {
    if (req.method !== 'POST') return methodNotAllowed('POST, OPTIONS');
    if (!this.mayAnswer(req)) return originRefused(req);
    return { type: 'publish', command: 'respond', lane, cors: this.access.corsHeaders(req) };
  }

  private responsesAccess(req: ApiRequest, lane: string): Decision {
    if (req.method !== 'GET') return methodNotAllowed('GET, OPTIONS');
    const checked = this.cashierAccess(req);
    return checked.type === 'reply' ? checked : { type: 'responses', lane, cors: checked.cors };
  }

  /** Origin before the token, so a foreign page learns nothing about the token. */
  private cashierAccess(req: ApiRequest): Extract<Decision, { type: 'reply' }> | { type: 'allowed'; cors: Record<string, string> } {
    if (!this.access.originAllowed(req)) return originRefused(req);
    const cors = this.access.corsHeaders(req);
    if (this.options.authorize && !this.options.authorize(req.header('authorization'))) {
      const headers = { ...cors, 'WWW-Authenticate': 'Bearer' };
      return { type: 'reply', reply: { status: 401, body: apiError('unauthorized', 'a valid Authorization: Bearer token is required'), headers } };
    }
    return { type: 'allowed', cors };
  }

  /** Streams and status are public: displays are served from anywhere. */
  private read(req: ApiRequest, name: string, lane: string): Decision {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD, OPTIONS');
    // EventSource sends Last-Event-ID on its own reconnects; our client, which reconnects
    // with a new EventSource, passes it in the query instead.
    if (name === 'stream') return { type: 'stream', lane, lastEventId: req.header('last-event-id') ?? req.url.searchParams.get('lastEventId') };
    return reply(200, name === 'lanes' ? { status: 'ok', lanes: this.hub.summary() } : this.health(), OPEN_CORS);
  }

  private publishAccess(req: ApiRequest, command: CommandName | PromptAction, lane: string): Decision {
    if (req.method !== 'POST') return methodNotAllowed('POST, OPTIONS');
    const checked = this.cashierAccess(req);
    return checked.type === 'reply' ? checked : { type: 'publish', command, lane, cors: checked.cors };
  }
}

export function createHubApi(options: HubApiOptions): HubApi {
  return new HubApi(options);
}
