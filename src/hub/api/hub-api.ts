/**
 * The hub's HTTP API, free of any server framework: which request is which route, who may
 * publish, and the exact replies (the original bridge's, plus ours). The node:http handler
 * and the MSW mock are thin adapters around it, so both answer every request identically.
 */
import {
  API_BASE_PATH,
  COMMAND_SCHEMAS,
  DEFAULT_LANE,
  DISPLAY_ID,
  DISPLAY_KEY,
  formatSseFrame,
  formatSseRetry,
  Frame,
  isValidLaneId,
  MAX_PREVIEW_LANES,
  type Command,
  type CommandName,
  validateCommand,
} from '../../protocol/index.js';
import { CredentialBrake, type CredentialBrakeOptions } from './credential-brake.js';
import { AccessPolicy, bearer, eitherVerdict, OPEN_CORS, type Access, type AccessOptions, type CredentialChecker, type DisplayChecker, type Verdict } from './access.js';
import type { Hub } from '../hub.js';
import { BudgetError } from '../state-budget.js';
import type { Subscriber } from '../stream.js';
import type { BodyResult } from './json-body.js';
import { PROMPT_ACTIONS, promptReply, type PromptAction } from './prompt-api.js';
import { storeDownMessage, storeHealth } from './store-health.js';

export interface HubApiOptions extends AccessOptions {
  hub: Hub;
  /** Answer `GET /` with the health JSON (the standalone server). */
  rootHealth?: boolean;
  /** More of `/health`'s details, where it shows details (the display app's missing media files). */
  healthDetails?: () => Record<string, unknown>;
  /** The hub's tokens (constant-time checks: `credentials.ts`). None: publishing and streams are open, no admin API. */
  credentials?: CredentialChecker;
  /** Paired displays' secrets, for streams and prompt answers. */
  displays?: DisplayChecker;
  /**
   * A stream needs a paired display's secret or a token for its lane; a prompt answer the
   * lane's paired display or publish token; the answers stream a token for the lane.
   */
  privateStreams?: boolean;
  /** Wrong credentials one address may send within a minute before it is braked (`--max-credential-failures`). */
  maxCredentialFailures?: number;
  /** The brake on guessing credentials per client address (`credential-brake.ts`), in full (tests: a fake clock). */
  credentialBrake?: CredentialBrakeOptions;
}

/** What the API needs to know about a request. */
export interface ApiRequest {
  method: string;
  url: URL;
  header(name: string): string | undefined;
  /** The client's address (the brake on guessing counts per address); none: one shared count. */
  address?: string;
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
  | { type: 'stream'; lane: string; lastEventId: string | null; display: string | null }
  | { type: 'control'; id: string; key: string }
  | { type: 'admin'; action: AdminAction; target: string | null }
  | { type: 'metrics' }
  /** The admin page's previews of these lanes (checked: 1 to {@link MAX_PREVIEW_LANES}, valid, distinct). */
  | { type: 'preview'; lanes: string[] }
  | { type: 'publish'; command: CommandName | PromptAction; lane: string; cors: Record<string, string> }
  /** The cashier's stream of answers to its prompts (`GET /responses`): give it to {@link HubApi.listenResponses}. */
  | { type: 'responses'; lane: string; cors: Record<string, string> };

/** What an admin request does (`fleet/admin-api.ts` carries it out). */
export type AdminAction = 'list' | 'events' | 'preview' | 'assign' | 'update' | 'revoke' | 'identify' | 'reload' | 'test-bill' | MediaAdminAction;

/** The media folder's and configuration file's admin actions (`node/media-admin.ts` carries them out; they write files). */
export type MediaAdminAction = 'media-list' | 'media-put' | 'media-rename' | 'media-delete' | 'config-get' | 'config-put';
export const MEDIA_ADMIN_ACTIONS: ReadonlySet<AdminAction> = new Set<MediaAdminAction>(['media-list', 'media-put', 'media-rename', 'media-delete', 'config-get', 'config-put']);

const COMMANDS = new Set<string>(Object.keys(COMMAND_SCHEMAS));
const DISPLAY_COMMANDS = new Set(['identify', 'reload', 'test-bill']);
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
const hostRefused = (req: ApiRequest) => reply(403, apiError('host_not_allowed', `host ${req.header('host') ?? '(none)'} is not served here`));
const methodNotAllowed = (allow: string) => reply(405, apiError('method_not_allowed', `allowed methods: ${allow}`), { Allow: allow });

/** 401 for a missing or unknown credential, 403 for one that is not for this; null: allowed. */
function refusal(verdict: Verdict, what: string, cors: Record<string, string> = {}): Extract<Decision, { type: 'reply' }> | null {
  if (verdict === 'ok') return null;
  if (verdict === 'forbidden') return { type: 'reply', reply: { status: 403, body: apiError('forbidden', `this credential may not ${what}`), headers: cors } };
  const message = `a valid Authorization: Bearer token (for a stream: ?key=) is required to ${what}`;
  return { type: 'reply', reply: { status: 401, body: apiError('unauthorized', message), headers: { ...cors, 'WWW-Authenticate': 'Bearer' } } };
}

/** Which admin action a path (after the API base) and method are. */
function adminRoute(name: string, method: string): { action: AdminAction; target: string | null } | { allow: string } | null {
  if (name === 'displays') return method === 'GET' ? { action: 'list', target: null } : { allow: 'GET' };
  if (name === 'admin/events') return method === 'GET' ? { action: 'events', target: null } : { allow: 'GET' };
  if (name === 'admin/preview') return method === 'GET' ? { action: 'preview', target: null } : { allow: 'GET' };
  const media = mediaRoute(name, method);
  if (media) return media;
  const match = /^displays\/([A-Za-z0-9_-]{1,64})(?:\/([a-z-]+))?$/.exec(name);
  if (!match) return null;
  const [, target, verb] = match as unknown as [string, string, string | undefined];
  if (verb === undefined) {
    if (method === 'PATCH') return { action: 'update', target };
    return method === 'DELETE' ? { action: 'revoke', target } : { allow: 'PATCH, DELETE' };
  }
  if (verb !== 'assign' && !DISPLAY_COMMANDS.has(verb)) return null;
  return method === 'POST' ? { action: verb as AdminAction, target } : { allow: 'POST' };
}

/**
 * `admin/media`, `admin/media/{name}` (the name still percent-encoded, checked where the file
 * is touched), `admin/config`.
 */
function mediaRoute(name: string, method: string): { action: AdminAction; target: string | null } | { allow: string } | null {
  if (name === 'admin/media') return method === 'GET' ? { action: 'media-list', target: null } : { allow: 'GET' };
  if (name === 'admin/config') {
    if (method === 'GET') return { action: 'config-get', target: null };
    return method === 'PUT' ? { action: 'config-put', target: null } : { allow: 'GET, PUT' };
  }
  if (!name.startsWith('admin/media/')) return null;
  const target = name.slice('admin/media/'.length);
  const action = ({ PUT: 'media-put', PATCH: 'media-rename', DELETE: 'media-delete' } as const)[method as 'PUT' | 'PATCH' | 'DELETE'];
  return action ? { action, target } : { allow: 'PUT, PATCH, DELETE' };
}

/** `?lanes=a,b,c` of a preview stream: 1 to {@link MAX_PREVIEW_LANES} valid lane ids, each once; else a 400 naming the problem. */
function previewLanes(list: string | null): Decision {
  const lanes = list ? list.split(',') : [];
  const refuse = (code: string, message: string) => reply(400, apiError(code, `lanes: ${message}`, 'lanes'));
  if (lanes.length === 0) return refuse('invalid_lanes', `expected 1-${MAX_PREVIEW_LANES} lane ids separated by commas`);
  if (lanes.length > MAX_PREVIEW_LANES) return refuse('too_many_lanes', `${lanes.length} lanes; one preview stream follows at most ${MAX_PREVIEW_LANES} (open another for the rest)`);
  const invalid = lanes.find((lane) => !isValidLaneId(lane));
  if (invalid !== undefined) return refuse('invalid_lane', `${JSON.stringify(invalid.slice(0, 80))} is not a lane id (1-64 letters, digits, ".", "_" or "-")`);
  const twice = lanes.find((lane, index) => lanes.indexOf(lane) !== index);
  if (twice !== undefined) return refuse('duplicate_lane', `${twice} is listed twice`);
  return { type: 'preview', lanes };
}

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
  readonly brake: CredentialBrake;

  constructor(private readonly options: HubApiOptions) {
    this.hub = options.hub;
    this.access = new AccessPolicy(options);
    this.brake = new CredentialBrake({ maxFailures: options.maxCredentialFailures, ...options.credentialBrake });
  }

  /** What `/health` tells anyone under `--private-streams`: enough for a load balancer's check. */
  publicHealth() {
    // A load balancer's check sends no token: whether the store is up, and why not, is for it too.
    const store = storeHealth(this.hub.store);
    return { status: store.status, service: 'pos-customer-display hub', ...store.fields };
  }

  health() {
    const store = storeHealth(this.hub.store);
    return {
      status: store.status,
      service: 'pos-customer-display hub',
      ...store.fields,
      uptime_s: Math.round((Date.now() - STARTED_AT) / 1000),
      clients: this.hub.clientCount,
      lanes: this.hub.laneCount,
      prompts: this.hub.promptCount,
      // What this process holds of lanes' state and prompts, and its budget (`--state-budget`).
      state_bytes: this.hub.budget.usedBytes,
      state_budget_bytes: this.hub.budget.totalBudgetBytes,
      last_event_id: wireEventId(this.hub.headEventId),
      heartbeat_ms: this.hub.heartbeatMs,
      ...this.options.healthDetails?.(),
    };
  }

  /**
   * Routes a request: a reply now, a stream to open, or a body to read and publish. The
   * order of the checks is the security model: only our paths (and `/metrics`); then Host
   * (DNS rebinding) before anything is read or written; then the route; the admin API's
   * token before its method or target (no Origin check: a bearer token, never a cookie, so a
   * foreign page cannot borrow it); lane; for publishing, Origin before the token, so a
   * foreign page learns nothing about the token; for a private stream, the display's secret
   * or a read token. Missing or unknown credentials are 401, known ones not for this 403.
   */
  decide(req: ApiRequest): Decision {
    const path = req.url.pathname;
    if (path === '/metrics') return this.access.hostAllowed(req) ? this.braked(req, () => this.metrics(req)) : hostRefused(req);
    if (!path.startsWith(`${API_BASE_PATH}/`) && !(this.options.rootHealth && path === '/')) return { type: 'next' };
    // A page on another name resolving to us (DNS rebinding) must not read or publish.
    if (!this.access.hostAllowed(req)) return hostRefused(req);
    if (path === '/') return req.method === 'GET' || req.method === 'HEAD' ? this.braked(req, () => this.status(req, 'health')) : methodNotAllowed('GET, HEAD');
    return this.braked(req, () => this.route(req, path));
  }

  /**
   * The brake on guessing: an address that presented too many wrong secrets gets 429 for
   * any secret it presents, a right one too (it is not even looked at), so guessing gains
   * nothing; requests without a secret (public streams, health) go on as usual. Every 401
   * to a request that presented a secret counts as a wrong one, and so does an unknown
   * token shown to `/health` under `--private-streams` (its answer tells a token from a
   * guess without a 401). `/pair` is left out: its key is the display's own new secret, not
   * a guess at ours.
   */
  private braked(req: ApiRequest, decide: () => Decision): Decision {
    const address = req.address ?? '';
    const presented = !!req.header('authorization') || req.url.searchParams.has('key');
    if (!presented || req.url.pathname === `${API_BASE_PATH}/pair`) return decide();
    const wait = this.brake.retryAfter(address);
    if (wait > 0) {
      const { maxFailures, windowMs } = this.brake;
      const message = `too many wrong credentials from this address (${maxFailures} within ${windowMs / 1000} s, --max-credential-failures): every credential it sends is refused for ${wait} s more`;
      return reply(429, apiError('too_many_failures', message), { ...OPEN_CORS, 'Retry-After': String(wait) });
    }
    const decision = decide();
    const wrong = (decision.type === 'reply' && decision.reply.status === 401) || this.guessedAtHealth(req);
    if (!wrong || !this.brake.fail(address) || decision.type !== 'reply') return decision;
    const { maxFailures, windowMs, brakeMs } = this.brake;
    // Once per address and brake: the address, never the secret.
    const note = `${maxFailures} wrong credentials within ${windowMs / 1000} s from ${address || '(unknown address)'}: its credentials are refused for ${brakeMs / 1000} s`;
    return { ...decision, reply: { ...decision.reply, note } };
  }

  /** Under `--private-streams`, `/health` answers a token with details and a guess without: an unknown bearer there is a wrong credential. */
  private guessedAtHealth(req: ApiRequest): boolean {
    const path = req.url.pathname;
    if (!this.options.privateStreams || (path !== `${API_BASE_PATH}/health` && !(this.options.rootHealth && path === '/'))) return false;
    const secret = bearer(req.header('authorization'));
    return !!secret && this.options.credentials?.check(secret, { kind: 'metrics' }) === 'unknown';
  }

  /** Validates a read body and publishes it: the seed-shaped reply, or a JSON error. */
  async publish(decision: Extract<Decision, { type: 'publish' }>, body: BodyResult): Promise<Reply> {
    const { command, lane, cors } = decision;
    if (!body.ok) return { status: body.status, body: apiError(body.error, body.message), headers: cors, closeConnection: body.status === 413 };
    if (PROMPT_ACTIONS.has(command)) {
      try {
        return { ...(await promptReply(this.hub.prompts, command as PromptAction, lane, body.value)), headers: cors };
      } catch {
        // Prompts shared through a store that is unreachable now (Redis away): nothing changed.
        return { status: 503, body: apiError('unavailable', 'the hub could not reach its store for this prompt; try again'), headers: cors };
      }
    }
    const validated = validateCommand(command as CommandName, body.value);
    if (!validated.ok) return { status: 400, body: apiError('invalid_body', validated.message, validated.field), headers: cors };
    try {
      const result = await this.hub.publish(lane, { command, body: validated.value } as Command);
      const base = command === 'update-bill' ? { status: 'success', message: 'Bill updated' } : { status: 'success' };
      return { status: 200, body: { ...base, clients: result.clients, event_id: wireEventId(result.eventId) }, headers: cors };
    } catch (cause) {
      // Over the lane's budget (413) or the hub's (507): refused whole, the lane unchanged.
      if (cause instanceof BudgetError) return { status: cause.status, body: apiError(cause.code, cause.message), headers: cors };
      // The store behind the hub (Redis) is unreachable: say so at once, and why when the
      // store knows; the till's next update carries the whole bill anyway.
      const message = storeDownMessage(this.hub.store) ?? 'the hub could not store this update; try again';
      return { status: 503, body: apiError('unavailable', message), headers: { ...cors, 'Retry-After': '1' } };
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
    const admin = adminRoute(name, req.method);
    if (admin) return this.admin(req, admin);
    if (name === 'pair') return this.pair(req);
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
   * Who may answer a prompt: a page of an allowed origin or of the hub's own origin, or a
   * client without `Origin` (the same rule as publishing); with `--private-streams`, also
   * {@link mayAnswer}.
   */
  private answerAccess(req: ApiRequest, lane: string): Decision {
    if (req.method !== 'POST') return methodNotAllowed('POST, OPTIONS');
    if (!this.access.originAllowed(req)) return originRefused(req);
    const cors = this.access.corsHeaders(req);
    if (this.options.privateStreams) {
      const refused = refusal(this.mayAnswer(req, lane), `answer on lane ${lane}`, cors);
      if (refused) return refused;
    }
    return { type: 'publish', command: 'respond', lane, cors };
  }

  /**
   * Under `--private-streams`, who may answer for the shopper on a lane: the lane's paired
   * display (its id and secret, as for its stream), or a credential that may publish to
   * the lane (its till's token, the global token, the admin token). The till may answer
   * because it asked: a cashier types what the shopper said aloud, and a till can already
   * publish anything to its own lane. A read token may not: it is given to watchers.
   */
  mayAnswer(req: ApiRequest, lane: string): Verdict {
    return this.laneVerdict(req, lane, 'publish');
  }

  /**
   * The cashier's answers stream carries shoppers' emails and phone numbers: as protected
   * as bills (the publish token when publishing needs one) and, under `--private-streams`,
   * never open: a bearer token for the lane (publish or read) or the admin token.
   */
  private responsesAccess(req: ApiRequest, lane: string): Decision {
    if (req.method !== 'GET') return methodNotAllowed('GET, OPTIONS');
    const checked = this.cashierAccess(req, lane);
    if (checked.type === 'reply') return checked;
    if (this.options.privateStreams) {
      const refused = refusal(this.verdict(req, { kind: 'read', lane }, false), `read the answers of lane ${lane}`, checked.cors);
      if (refused) return refused;
    }
    return { type: 'responses', lane, cors: checked.cors };
  }

  /** Origin before the token, so a foreign page learns nothing about the token. */
  private cashierAccess(req: ApiRequest, lane: string): Extract<Decision, { type: 'reply' }> | { type: 'allowed'; cors: Record<string, string> } {
    if (!this.access.originAllowed(req)) return originRefused(req);
    const cors = this.access.corsHeaders(req);
    if (this.options.credentials?.publishLocked) {
      const refused = refusal(this.verdict(req, { kind: 'publish', lane }, false), `publish to lane ${lane}`, cors);
      if (refused) return refused;
    }
    return { type: 'allowed', cors };
  }

  /** Streams are public unless `privateStreams` (displays are served from anywhere); so is status, {@link status}. */
  private read(req: ApiRequest, name: string, lane: string): Decision {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed('GET, HEAD, OPTIONS');
    // EventSource sends Last-Event-ID on its own reconnects; our client, which reconnects
    // with a new EventSource, passes it in the query instead.
    if (name === 'stream') return this.stream(req, lane);
    return this.status(req, name as 'health' | 'lanes');
  }

  /**
   * `/health` and `/lanes`. Under `--private-streams` lane names and activity are the shop's
   * business: they need one of the hub's tokens (admin, metrics, publish or read), as a
   * bearer token; without one `/health` says only that the hub is up (a load balancer's
   * check still works) and `/lanes` is 401. Otherwise they are public, as streams are.
   */
  private status(req: ApiRequest, name: 'health' | 'lanes'): Decision {
    const detailed = !this.options.privateStreams || this.hubCredential(req);
    if (name === 'health') {
      // 503 while the store (Redis) is away: what a load balancer's health check understands.
      const body = detailed ? this.health() : this.publicHealth();
      return reply(body.status === 'ok' ? 200 : 503, body, OPEN_CORS);
    }
    if (detailed) return reply(200, { status: 'ok', lanes: this.hub.summary() }, OPEN_CORS);
    const message = 'a valid Authorization: Bearer token (admin, metrics, publish or read) is required to list the lanes under --private-streams';
    return reply(401, apiError('unauthorized', message), { ...OPEN_CORS, 'WWW-Authenticate': 'Bearer' });
  }

  /**
   * The bearer secret is one of the hub's tokens, whatever it may do. Every token the hub
   * knows judges an access it does not allow `forbidden` (not `unknown`), so asking about
   * any one access tells known from unknown; a display's secret is not a token here.
   */
  private hubCredential(req: ApiRequest): boolean {
    const verdict = this.verdict(req, { kind: 'metrics' }, false);
    return verdict === 'ok' || verdict === 'forbidden';
  }

  private publishAccess(req: ApiRequest, command: CommandName | PromptAction, lane: string): Decision {
    if (req.method !== 'POST') return methodNotAllowed('POST, OPTIONS');
    const checked = this.cashierAccess(req, lane);
    return checked.type === 'reply' ? checked : { type: 'publish', command, lane, cors: checked.cors };
  }

  /**
   * EventSource cannot send headers: a display passes its id and secret in the query
   * (`display`, `key`), a reader its lane token as `key`. The hub logs paths only.
   */
  private stream(req: ApiRequest, lane: string): Decision {
    const query = req.url.searchParams;
    const lastEventId = req.header('last-event-id') ?? query.get('lastEventId');
    const id = query.get('display');
    const asDisplay = id && this.options.displays ? this.options.displays.checkDisplay(id, this.laneKey(req), lane) : 'missing';
    if (this.options.privateStreams) {
      const refused = refusal(this.laneVerdict(req, lane, 'read'), `read lane ${lane}`, OPEN_CORS);
      if (refused) return refused;
    }
    return { type: 'stream', lane, lastEventId, display: asDisplay === 'ok' ? id : null };
  }

  /** The secret a display or reader presents for a lane: `?key=`, else a bearer token. */
  private laneKey(req: ApiRequest): string | undefined {
    return req.url.searchParams.get('key') ?? bearer(req.header('authorization'));
  }

  /** A paired display of the lane (`?display=&key=`), or a token that may `kind` the lane. */
  private laneVerdict(req: ApiRequest, lane: string, kind: 'read' | 'publish'): Verdict {
    const key = this.laneKey(req);
    const id = req.url.searchParams.get('display');
    const asDisplay = id && this.options.displays ? this.options.displays.checkDisplay(id, key, lane) : 'missing';
    return eitherVerdict(asDisplay, this.options.credentials?.check(key, { kind, lane }) ?? 'missing');
  }

  /** A display page with no lane asks for a code (or learns its pairing) here. Anyone may ask. */
  private pair(req: ApiRequest): Decision {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    if (!this.options.displays) return reply(404, apiError('not_found', 'pairing is not served here'));
    const id = req.url.searchParams.get('display') ?? '';
    const key = req.url.searchParams.get('key') ?? '';
    if (!DISPLAY_ID.test(id) || !DISPLAY_KEY.test(key)) return reply(400, apiError('invalid_display', 'display and key: random ids made by the display page', 'display'), OPEN_CORS);
    return { type: 'control', id, key };
  }

  /** The admin API: a bearer admin token (its live stream: `?key=` too). No CSRF: no cookie is involved. */
  private admin(req: ApiRequest, route: NonNullable<ReturnType<typeof adminRoute>>): Decision {
    if (!this.options.credentials?.hasAdmin) return reply(403, apiError('admin_disabled', 'the admin API is off: start the hub with --admin-token'));
    // EventSource cannot send headers: the live streams take the token as `?key=` too.
    const stream = 'action' in route && (route.action === 'events' || route.action === 'preview');
    const refused = refusal(this.verdict(req, { kind: 'admin' }, stream), 'use the admin API');
    if (refused) return refused;
    if ('allow' in route) return methodNotAllowed(route.allow);
    if (route.action === 'preview') return previewLanes(req.url.searchParams.get('lanes'));
    return { type: 'admin', ...route };
  }

  /** Open unless an admin or metrics token was given. */
  private metrics(req: ApiRequest): Decision {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    if (this.options.credentials?.hasMetrics) {
      const refused = refusal(this.verdict(req, { kind: 'metrics' }, false), 'read the metrics');
      if (refused) return refused;
    }
    return { type: 'metrics' };
  }

  private verdict(req: ApiRequest, access: Access, queryKey: boolean): Verdict {
    const secret = bearer(req.header('authorization')) ?? (queryKey ? (req.url.searchParams.get('key') ?? undefined) : undefined);
    return this.options.credentials?.check(secret, access) ?? 'missing';
  }
}

export function createHubApi(options: HubApiOptions): HubApi {
  return new HubApi(options);
}
