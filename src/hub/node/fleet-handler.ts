/**
 * The node:http side of running many screens: credentials, the displays registry and its
 * control streams, the admin API and its live stream, and `/metrics`. `http-handler.ts`
 * hands it the decisions `HubApi.decide` made (after every credential check).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_BASE_PATH, COMMAND_SCHEMAS, Frame, formatSseComment, formatSseRetry } from '../../protocol/index.js';
import { Credentials, type LaneTokens } from '../fleet/credentials.js';
import { ADMIN_ACTIONS_WITH_BODY, AdminApi } from '../fleet/admin-api.js';
import { AdminFeed } from '../fleet/admin-feed.js';
import { PreviewFeed } from '../fleet/preview-feed.js';
import { serveAdminPage } from './admin-page.js';
import { MemoryPairingStore } from '../fleet/pairing-store.js';
import { AddressPairingLimitError, DisplayRegistry, MAX_WAITING, PairingLimitError } from '../fleet/registry.js';
import type { Decision, Reply } from '../api/hub-api.js';
import type { Hub } from '../hub.js';
import type { Subscriber } from '../stream.js';
import type { Logger } from './logger.js';
import { HubMetrics } from '../fleet/metrics.js';
import { openNodeSubscriber } from './subscriber.js';
import { readJsonBody } from './request.js';
import { reportsAvailability } from '../store/store.js';

export interface FleetOptions {
  /** Global publish token (`--token`). */
  token?: string;
  /** Admin API, page and metrics (`--admin-token`). */
  adminToken?: string;
  /** `/metrics` only (`--metrics-token`). */
  metricsToken?: string;
  /** Lane → token, or lane → {publish, read} (`--lane-tokens FILE`). */
  laneTokens?: LaneTokens;
  /** Streams need a paired display's secret or a read token. */
  privateStreams?: boolean;
  /** The displays registry (pairings in a file or Redis); default: in memory. */
  displays?: DisplayRegistry;
  /** The standalone hub (it owns every path, `/admin/` included). */
  rootHealth?: boolean;
  /** Wrong credentials one address may send within a minute before it is braked (`--max-credential-failures`, default 20). */
  maxCredentialFailures?: number;
  /** Screens from one address showing a pairing code at once (`--max-waiting-per-address`, default 8; a registry given in `displays` has its own). */
  maxWaitingPerAddress?: number;
  /** Lanes named in `/metrics` at most (`--metrics-lanes`, default 100); the rest are `lane="other"`. */
  metricsLanes?: number;
}

type Send = (res: ServerResponse, reply: Reply) => void;

/** How often the admin page's stream sends changes at most, and pinged when nothing happens. */
const ADMIN_DEBOUNCE_MS = 200;
const ADMIN_PING_MS = 15_000;
/** How long control and admin streams ask the browser to wait before reconnecting. */
const CONTROL_RETRY_MS = 2000;
/**
 * An admin stream's unsent bytes before it is closed: its snapshot is one frame of every
 * lane (~110 bytes each: 16 000 lanes are ~1.8 MB), and only an admin token opens one.
 */
const ADMIN_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A preview's changes are sent at most this often per stream (the issue: a bill within a second). */
const PREVIEW_DEBOUNCE_MS = 100;
/**
 * Preview streams open at once on this hub: an admin page opens one (reopened as lanes come
 * into view), a few phones and tabs a few more. Only the admin token opens one, so this
 * bounds that one credential; each also takes a slot of its address (`--max-streams-per-address`).
 */
export const MAX_PREVIEW_STREAMS = 16;
/** 24 lanes with bills of a few KiB each; a preview further behind than this is cut (the page reopens it). */
const PREVIEW_MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

export class Fleet {
  readonly credentials: Credentials;
  readonly registry: DisplayRegistry;
  readonly metrics: HubMetrics;
  private readonly admin: AdminApi;
  /** What the admin page's live streams are sent: a snapshot, then changes. */
  readonly adminFeed: AdminFeed;
  /** What the admin page's previews are sent: each listed lane's state, then its changes. */
  readonly previewFeed: PreviewFeed;
  private readonly standalone: boolean;

  constructor(
    private readonly hub: Hub,
    options: FleetOptions,
    private readonly logger: Logger,
  ) {
    this.credentials = new Credentials(options);
    this.standalone = !!options.rootHealth;
    if (options.displays) this.registry = options.displays;
    else {
      this.registry = new DisplayRegistry(new MemoryPairingStore(), Date.now, MAX_WAITING, options.maxWaitingPerAddress);
      void this.registry.start();
    }
    this.admin = new AdminApi(hub, this.registry);
    this.adminFeed = new AdminFeed(
      { laneInfo: (lane) => this.admin.laneInfo(lane), lanes: () => hub.summary().map(({ lane }) => lane), displays: () => this.registry.list() },
      ADMIN_DEBOUNCE_MS,
      (error) => this.logger.warn(`admin stream: ${error.message}`),
    );
    // Cheap while no admin page is open: the feed ignores them then. Events published on
    // another instance (Redis) reach the admin page through the lanes this one holds.
    hub.onChange((lane) => this.adminFeed.laneChanged(lane));
    hub.onLaneEvents((lane) => this.adminFeed.laneChanged(lane));
    this.registry.onChange(() => this.adminFeed.displaysChangedNow());
    // Only lanes a preview names are looked at. A lane a preview watches is held here, so
    // events published on another instance (Redis) reach it too.
    this.previewFeed = new PreviewFeed(
      { state: (lane) => hub.state(lane), prompt: (lane) => hub.prompts.promptOn(lane), watch: (lane) => hub.watch(lane) },
      PREVIEW_DEBOUNCE_MS,
    );
    hub.onLaneEvents((lane) => this.previewFeed.laneChanged(lane));
    hub.onPromptChange((lane) => this.previewFeed.laneChanged(lane));
    const store = hub.store;
    this.metrics = new HubMetrics({
      hub,
      storeAvailable: reportsAvailability(store) ? () => store.available : undefined,
      displayStatuses: async () => countBy(await this.registry.list(), (display) => display.status),
      maxLaneSeries: options.metricsLanes,
    });
  }

  /** The admin page (`/admin/`), when asked for; false: not ours. */
  servePage(req: IncomingMessage, res: ServerResponse): boolean {
    // Off, under Vite: `/admin/` stays the app's own; the standalone hub says how to turn it on.
    if (!this.credentials.hasAdmin && !this.standalone) return false;
    return serveAdminPage(req, res, this.credentials.hasAdmin);
  }

  /** A display page's control stream: its code, then its pairing and commands. */
  control(decision: Extract<Decision, { type: 'control' }>, req: IncomingMessage, res: ServerResponse, send: Send): void {
    const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes: 64 * 1024 });
    const client = { userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200), address: req.socket.remoteAddress ?? '' };
    // Nothing is written before the identity is checked: a refusal is still a plain 401.
    this.registry.openControl(decision.id, decision.key, subscriber, client).then(
      (close) => {
        subscriber.send(new Frame(formatSseRetry(CONTROL_RETRY_MS)));
        if (res.destroyed) close();
        else res.once('close', close);
      },
      (error: Error) => {
        if (res.headersSent) return subscriber.close();
        // One address's share is used: it waits for its own screens; the hub is not full.
        if (error instanceof AddressPairingLimitError) return send(res, { status: 429, body: { status: 'error', error: 'too_many_waiting', message: error.message }, headers: { 'Retry-After': '60' } });
        if (error instanceof PairingLimitError) return send(res, { status: 503, body: { status: 'error', error: 'too_many_waiting', message: error.message } });
        send(res, { status: 401, body: { status: 'error', error: 'unauthorized', message: error.message } });
      },
    );
  }

  /** A display's lane stream: tracked when it is a paired display's; counted by opening mode. */
  observeStream(decision: Extract<Decision, { type: 'stream' }>, subscriber: Subscriber, res: ServerResponse): Subscriber {
    const tracked = decision.display ? this.registry.trackLaneStream(decision.display, decision.lane, () => subscriber.close(), decision.lastEventId) : undefined;
    if (tracked) res.once('close', () => tracked.untrack());
    // The lane's count of screens changes now, and again when the stream ends.
    this.adminFeed.laneChanged(decision.lane);
    res.once('close', () => this.adminFeed.laneChanged(decision.lane));
    return {
      opened: (opening) => {
        this.metrics.openings.inc({ mode: opening.mode });
        subscriber.opened?.(opening);
      },
      send: (frame) => {
        if (frame.lastEventId) tracked?.sent(frame.lastEventId);
        subscriber.send(frame);
      },
      close: () => subscriber.close(),
    };
  }

  /** Counts a publish request, whatever became of it (refused ones too). */
  countPublish(method: string | undefined, path: string, status: number): void {
    const endpoint = path.slice(API_BASE_PATH.length + 1);
    if (method === 'POST' && path.startsWith(`${API_BASE_PATH}/`) && endpoint in COMMAND_SCHEMAS) this.metrics.publishes.inc({ endpoint, status: String(status) });
  }

  /** Observes how long a successful publish took to reach the streams. Returns the reply. */
  published(endpoint: string, reply: Reply, startedMs: number): Reply {
    if (reply.status === 200) this.metrics.publishSeconds.observe({ endpoint }, (performance.now() - startedMs) / 1000);
    return reply;
  }

  /** The decisions that are the fleet's: a control stream, an admin request, the metrics. */
  async handle(decision: Decision, req: IncomingMessage, res: ServerResponse, { maxBodyBytes, send }: { maxBodyBytes: number; send: Send }): Promise<void> {
    if (decision.type === 'control') return this.control(decision, req, res, send);
    if (decision.type === 'admin') return this.adminRequest(decision, req, res, maxBodyBytes, send);
    if (decision.type === 'metrics') return this.serveMetrics(res);
    if (decision.type === 'preview') return this.preview(decision.lanes, req, res, send);
  }

  /** The admin page's previews of `lanes`: each one's state now, then on every change (`preview-feed.ts`). */
  private preview(lanes: string[], req: IncomingMessage, res: ServerResponse, send: Send): void {
    if (this.previewFeed.size >= MAX_PREVIEW_STREAMS) {
      const message = `${MAX_PREVIEW_STREAMS} preview streams are open on this hub, the most allowed; close an admin page (or tab) first`;
      return send(res, { status: 429, body: { status: 'error', error: 'too_many_previews', message }, headers: { 'Retry-After': '10' } });
    }
    const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes: PREVIEW_MAX_BUFFERED_BYTES });
    // `retry:` leads the first message (nothing is written before the lanes are held: a refusal is still JSON).
    let greeting: Frame | null = new Frame(formatSseRetry(CONTROL_RETRY_MS));
    const sendFirstGreeted = (frame: Frame) => {
      subscriber.send(greeting ? Frame.of(greeting, frame) : frame);
      greeting = null;
    };
    let stop: () => void;
    try {
      stop = this.previewFeed.add(lanes, { send: sendFirstGreeted, close: () => subscriber.close() });
    } catch (error) {
      // A lane the hub cannot hold now (its reader-lane limit): nothing was written yet.
      this.logger.warn(`preview stream: ${(error as Error).message}`);
      return send(res, { status: 503, body: { status: 'error', error: 'unavailable', message: (error as Error).message }, headers: { 'Retry-After': '10' } });
    }
    // The lanes' states are on their way (a shared store): the greeting goes now.
    if (greeting) sendFirstGreeted(new Frame(''));
    const ping = setInterval(() => subscriber.send(new Frame(formatSseComment('ping'))), ADMIN_PING_MS);
    res.once('close', () => {
      stop();
      clearInterval(ping);
    });
  }

  async serveMetrics(res: ServerResponse): Promise<void> {
    const { text, contentType } = await this.metrics.render();
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(text);
  }

  /** An admin request, its token already checked. */
  adminRequest(decision: Extract<Decision, { type: 'admin' }>, req: IncomingMessage, res: ServerResponse, maxBodyBytes: number, send: Send): Promise<void> {
    if (decision.action === 'events') {
      this.adminEvents(req, res);
      return Promise.resolve();
    }
    const body = ADMIN_ACTIONS_WITH_BODY.has(decision.action) ? readJsonBody(req, maxBodyBytes) : Promise.resolve(null);
    return body.then((read) => this.admin.run(decision.action, decision.target, read)).then((reply) => send(res, reply));
  }

  /** The admin page's live stream: a snapshot now, then what changed (debounced: `admin-feed.ts`). */
  private adminEvents(req: IncomingMessage, res: ServerResponse): void {
    const subscriber = openNodeSubscriber(req, res, { maxBufferedBytes: ADMIN_MAX_BUFFERED_BYTES });
    const ping = setInterval(() => subscriber.send(new Frame(formatSseComment('ping'))), ADMIN_PING_MS);
    subscriber.send(new Frame(formatSseRetry(CONTROL_RETRY_MS)));
    const stop = this.adminFeed.add(subscriber);
    res.once('close', () => {
      stop();
      clearInterval(ping);
    });
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
