/**
 * The Redis store: several hub instances behind a load balancer serve one chain, and a
 * display gets every event of its lane from whichever instance it is connected to.
 *
 * - Each lane's state is a Redis hash (`bill`, `modal`, `payment`, and `rev`, bumped on
 *   every change); its events go to a Redis Stream capped with `XADD … MAXLEN ~`. A change
 *   is one Lua script that applies only if `rev` is still the one read (optimistic: a new
 *   bill must know the old one to end its payment).
 * - Stream ids are the event ids (`1764111111111-0`): `Last-Event-ID` resume is an `XRANGE`
 *   on any instance; an id older than the stream's first entry gets a snapshot.
 * - Each instance follows the lanes it has displays for over ONE subscriber connection: the
 *   append script also `PUBLISH`es on the lane's channel, and a message makes the instance
 *   read that lane's stream from its cursor (`XRANGE`). The cost of an event is the same
 *   whatever the number of lanes (a multi-key `XREAD` re-sent after every event costs as
 *   many keys as lanes: 30 ms per event at 5000 lanes). A message lost while a connection
 *   was down does not matter: on reconnecting, every followed lane is read from its cursor.
 *   Its own appends reach its displays at once when they follow straight on what those
 *   displays have (the stream's order all the same: see `append`), else they come back the
 *   same way; every display sees one order, the stream's.
 *
 * ioredis is loaded only when a Redis store is made (it is an optional dependency).
 */
import type { Redis, RedisOptions } from 'ioredis';
import { compareEventIds, Frame, formatSseJsonFrame, type Command, type EventName } from '../../../protocol/index.js';
import { applyCommand, EMPTY_LANE_STATE, stateAfterEvent, type LaneEvent, type LaneState } from '../../lane-state.js';
import { BudgetError, laneBudget } from '../../state-budget.js';
import { DEFAULT_HISTORY_BUDGET_BYTES } from '../memory/memory-store.js';
import { ACCOUNT_KEYS, APPEND_SCRIPT, REFUSED_BUDGET, type AppendLimits } from './append-script.js';
import type { AppendListener, Appended, HubStore, Opening, ReportsAvailability, SharesPrompts, SharesRedisClient, StoredEvent } from '../store.js';
import { RedisPromptExchange } from './redis-prompt-exchange.js';

export interface RedisStoreOptions {
  /** `redis://host:port/db`, or a connected ioredis client. */
  redis: string | Redis;
  /** Key prefix, so several shops can share a Redis. Default `pcd`. */
  keyPrefix?: string;
  /** Events kept per lane stream (approximately: `MAXLEN ~`). Default 500. */
  historySize?: number;
  /** Reports connection trouble (Redis down, reconnecting): every error, repeats included. */
  onError?: (error: Error) => void;
  /** Redis became unreachable (`down`), or reachable again after `downForMs`: once each way. */
  onAvailability?: (change: { available: false } | { available: true; downForMs: number }) => void;
  /** A lane's state in bytes at most (`--lane-budget`, checked as in memory). Default 256 KiB. */
  laneBudgetBytes?: number;
  /** A lane's keys expire this long after its last append, in ms. Default 7 days. */
  laneTtlMs?: number;
  /** Bytes of event data kept per lane stream for resume (the oldest go first). Default 256 KiB. */
  laneHistoryBytes?: number;
  /**
   * Every lane's state in Redis together, over every instance, in bytes (`--state-budget`),
   * each lane counted {@link REDIS_LANE_OVERHEAD_BYTES} more: this bounds the number of lanes
   * too. Default 64 MiB.
   */
  stateBudgetBytes?: number;
  /** Every lane stream's event data together (`--history-budget`); beyond, the least recently active lanes' streams go. Default 64 MiB. */
  historyBudgetBytes?: number;
}

/** The longest wait between two attempts to reach Redis again. */
export const RECONNECT_AT_MOST_MS = 500;
export const DEFAULT_LANE_TTL_MS = 7 * 24 * 3600 * 1000;
export const DEFAULT_LANE_HISTORY_BYTES = 256 * 1024;
export const DEFAULT_REDIS_STATE_BUDGET_BYTES = 64 * 1024 * 1024;
/**
 * What a lane costs Redis beyond its state's JSON (its two keys, a stream's first node, its
 * entries in the account), counted in the state budget so a flood of tiny lanes is bounded
 * by it too: measured 4.5 KiB a lane with a bill, 4.9 KiB with nothing but a `clear`
 * (Redis 7.0 `used_memory`; abuse-redis.test.ts logs it).
 */
export const REDIS_LANE_OVERHEAD_BYTES = 5 * 1024;

/** Every lane's state in Redis, over every instance, would pass `--state-budget`: 507, nothing written. */
export class RedisStateBudgetError extends BudgetError {
  readonly status = 507;
  readonly code = 'state_budget_exceeded';
  constructor(needed: number, budget: number) {
    super(
      `the lanes in Redis (every instance) would hold ${needed} bytes of state, above the state budget of ${budget} bytes (--state-budget); ` +
        'clear lanes that are done, or raise --state-budget on every instance',
    );
  }
}

type StreamEntry = [id: string, fields: string[]];
type HashState = Record<string, string>;

const SLICES = ['bill', 'modal', 'payment'] as const;
const EVENT_OF_SLICE = { bill: 'bill-update', modal: 'modal-show', payment: 'payment-update' } as const;
/**
 * Appends to one lane from two instances at once: an instance may lose to the other's queue
 * of appends for as long as that queue lasts, so its retries wait longer each time (at most
 * ~1 s in all). A lane has one till: this is a rare path, never the common one.
 */
const MAX_ATTEMPTS = 16;
const RETRY_WAIT_CAP_MS = 100;


function stateOf(hash: HashState): LaneState {
  return {
    bill: hash.bill ? JSON.parse(hash.bill) : null,
    modal: hash.modal ? JSON.parse(hash.modal) : null,
    payment: hash.payment ? JSON.parse(hash.payment) : null,
  };
}

function storedEvent([id, fields]: StreamEntry): StoredEvent {
  // `data` was stored as the JSON text `formatSseFrame` would write: sent as it was kept.
  return { id, frame: new Frame(formatSseJsonFrame({ id, event: fields[1]!, json: fields[3]! }), id) };
}

/** How far Redis's clock (which numbers events) may be ahead of this machine's. */
const CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** A stream id whose time (its ms part) has come: Redis could have given it out. */
function issuedAlready(id: string): boolean {
  return Number(/^(\d+)/.exec(id)?.[1] ?? Infinity) <= Date.now() + CLOCK_SKEW_MS;
}

/** Certificate errors of a `rediss://` connection that no retry fixes. */
const UNTRUSTED_CERTIFICATE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/**
 * Why a start cannot succeed by waiting (Redis's own words, which never hold the password,
 * and what to do); null: keep waiting (Redis not up yet, a network hiccup).
 */
export function startRefusal(error: Error): string | null {
  const message = error.message ?? '';
  if (/^WRONGPASS/.test(message)) return `Redis refused the user or password in the URL (${message.trim()})`;
  if (/NOAUTH/.test(message)) return `Redis wants a password: give it in the URL, redis://user:password@host:port (${message.trim()})`;
  if (/NOPERM/.test(message)) return `the Redis user in the URL may not run what the hub needs (${message.trim()}); see the ACL rule in the Redis deployment docs`;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (UNTRUSTED_CERTIFICATE.test(code)) {
    return `TLS: Redis's certificate is not trusted (${code}: ${message}); for a private CA, start the hub with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`;
  }
  if (/wrong version number|packet length too long|ECONNRESET/.test(message) && /SSL|ssl3|tls/i.test(message)) return `TLS: the server did not answer in TLS (${message}); is it a plain redis:// port?`;
  return null;
}

/**
 * A connection that can take a command now. Right after Redis dies the status may still be
 * `ready` while the socket is already closed for writing (ioredis refuses every command
 * then): that is down too, or a publish refused in that moment would not say why.
 */
function answers(client: Redis): boolean {
  return client.status === 'ready' && client.stream?.writable !== false;
}

interface FollowedLane {
  cursor: string;
  state: LaneState;
}

/** Makes a Redis store (loading ioredis) and waits until Redis answers. */
export async function connectRedisStore(options: RedisStoreOptions, timeoutMs = 10_000): Promise<RedisStore> {
  let client = options.redis;
  if (typeof client === 'string') {
    let ioredis: typeof import('ioredis');
    try {
      ioredis = await import('ioredis');
    } catch {
      throw new Error('--redis needs the ioredis package: npm install ioredis');
    }
    client = new ioredis.Redis(client, {
      // Publishes fail at once while Redis is away (503 to the till, which sends the whole
      // bill again next time) instead of piling up; the client keeps reconnecting.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Tried again at most every 500 ms: the hub is back within about that much of Redis
      // (bench/redis-outage.ts: capped at 2 s it took up to 2 s); a refused connection to
      // a Redis that is down costs both ends next to nothing.
      retryStrategy: (times) => Math.min(50 * 2 ** times, RECONNECT_AT_MOST_MS),
    } satisfies RedisOptions);
  }
  const store = new RedisStore(client, options, typeof options.redis === 'string');
  try {
    await store.ready(timeoutMs);
    await store.checkAccess();
    await store.promptExchange().ready();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export class RedisStore implements HubStore, ReportsAvailability, SharesRedisClient, SharesPrompts {
  readonly local = false;
  private readonly prefix: string;
  private readonly historySize: number;
  private readonly limits: AppendLimits;
  private readonly followed = new Map<string, Promise<FollowedLane>>();
  private readonly lanes = new Map<string, FollowedLane>();
  private listener: AppendListener = () => {};
  private head = '0-0';
  /** Receives a message per append on the channels of the followed lanes. */
  private subscriber: Redis | undefined;
  /** Lanes being read now; true: another message came meanwhile, read again. */
  private readonly reading = new Map<string, boolean>();
  private closed = false;
  /** When a connection to Redis was lost while everything was up (`/health` says since when). */
  private downSince: number | null = null;
  private prompts: RedisPromptExchange | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
    private readonly ownsClient: boolean,
  ) {
    this.prefix = options.keyPrefix ?? 'pcd';
    this.historySize = options.historySize ?? 500;
    this.limits = {
      maxEvents: this.historySize,
      laneTtlMs: options.laneTtlMs ?? DEFAULT_LANE_TTL_MS,
      laneHistoryBytes: options.laneHistoryBytes ?? DEFAULT_LANE_HISTORY_BYTES,
      stateBudgetBytes: options.stateBudgetBytes ?? DEFAULT_REDIS_STATE_BUDGET_BYTES,
      historyBudgetBytes: options.historyBudgetBytes ?? DEFAULT_HISTORY_BUDGET_BYTES,
      laneOverheadBytes: REDIS_LANE_OVERHEAD_BYTES,
    };
    this.redis.on('error', (error: Error) => options.onError?.(error));
    this.redis.on('close', () => this.noteDown());
    // Back after Redis was away: messages may have been missed meanwhile.
    this.redis.on('ready', () => {
      this.noteUp();
      this.catchUp();
    });
    // EVALSHA, with the script sent once per connection.
    this.redis.defineCommand('pcdAppend', { numberOfKeys: 3 + ACCOUNT_KEYS.length, lua: APPEND_SCRIPT });
  }

  get headId(): string {
    return this.head;
  }

  readonly storeName = 'redis';

  /**
   * Whether Redis answers now (`/health`, `/metrics`): the connection that appends and, once
   * a lane is followed, the one its events come in on (without it displays here miss them).
   */
  get available(): boolean {
    return answers(this.redis) && (!this.subscriber || answers(this.subscriber));
  }

  get unavailableSince(): number | null {
    if (this.available) return null;
    return this.downSince ?? Date.now();
  }

  /** The connection, for other keys of the same chain (the displays registry). */
  get redisClient(): Redis {
    return this.redis;
  }

  /**
   * Runs, once at start, one command of each kind the hub needs under its prefix (a key,
   * a channel, a script), so an ACL user that may not fails the start with why, not the
   * first bill. Nothing is written.
   */
  async checkAccess(): Promise<void> {
    try {
      await this.redis.exists(`${this.prefix}:access-check`);
      await this.redis.publish(`${this.prefix}:access-check`, '');
      await this.redis.eval('return 1', 0);
    } catch (error) {
      throw new Error(startRefusal(error as Error) ?? (error as Error).message);
    }
  }

  /** The lanes' prompts, shared by every instance through this Redis (same key prefix). */
  promptExchange(): RedisPromptExchange {
    return (this.prompts ??= new RedisPromptExchange(this.redis, this.prefix));
  }

  listen(listener: AppendListener): void {
    this.listener = listener;
  }

  /**
   * Resolves once Redis answers. Refused credentials or an untrusted TLS certificate fail
   * at once (trying again cannot help), with what to fix; an unreachable Redis is waited for.
   */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        this.redis.off('error', onError);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        done();
        resolve();
      };
      const onError = (error: Error) => {
        const reason = startRefusal(error);
        if (!reason) return;
        done();
        reject(new Error(reason));
      };
      this.redis.once('ready', onReady);
      this.redis.on('error', onError);
    });
  }

  /**
   * One append at a time per lane from this instance. The append script applies only if the
   * lane is unchanged since it was read (optimistic), so concurrent appends to one lane from
   * one instance raced each other: in a burst of 400 posts to one lane, 258–292 gave up
   * after their attempts (503). Queued here, only other instances can change the lane under
   * an append, and those retries are spread by a random wait.
   */
  private readonly laneTurns = new Map<string, Promise<unknown>>();

  append(lane: string, command: Command, nowSeconds: number): Promise<Appended> {
    const previous = this.laneTurns.get(lane);
    const turn = previous ? previous.then(() => this.appendNow(lane, command, nowSeconds)) : this.appendNow(lane, command, nowSeconds);
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.laneTurns.set(lane, settled);
    void settled.then(() => {
      if (this.laneTurns.get(lane) === settled) this.laneTurns.delete(lane);
    });
    return turn;
  }

  private async appendNow(lane: string, command: Command, nowSeconds: number): Promise<Appended> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Another instance changed the lane under the last attempt: a random wait, doubling each
      // time (capped), so two instances posting to one lane do not collide again in step.
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(RETRY_WAIT_CAP_MS, 2 ** attempt)));
      const { hash, head } = await this.readForAppend(lane);
      // The per-lane budget, as in memory (this store's totals over every instance are its own).
      const { state, events } = applyCommand(stateOf(hash), command, nowSeconds, { lane, budget: laneBudget(this.options.laneBudgetBytes) });
      const run = (this.redis as unknown as { pcdAppend(...args: string[]): Promise<string[] | null> }).pcdAppend;
      const reply = await run.call(this.redis, ...this.scriptKeys(lane), ...this.scriptArgs(lane, hash, state, events));
      if (!reply) continue; // another instance changed the lane meanwhile: read again
      if (reply[0] === REFUSED_BUDGET) throw new RedisStateBudgetError(Number(reply[1]), this.limits.stateBudgetBytes);
      const entries = reply.map((id, index): StreamEntry => [id, ['event', events[index]!.event, 'data', JSON.stringify(events[index]!.data)]]);
      // `rev` was unchanged, so nothing was appended between the read and these events: they
      // come right after `head` in the stream. Displays here that are at `head` get them now,
      // not after a round trip through Redis, and still get them if Redis dies right after
      // (else they would show an older bill than the one the till was told is stored).
      if (head !== undefined && this.lanes.get(lane)?.cursor === head) this.receive(lane, entries);
      return { state, events: entries.map(storedEvent) };
    }
    throw new Error(`lane ${lane} changed under ${MAX_ATTEMPTS} attempts in a row`);
  }

  /** A lane's state hash and, when it is followed here, its stream's newest id read with it ('0-0': none). */
  private async readForAppend(lane: string): Promise<{ hash: HashState; head?: string }> {
    if (!this.lanes.has(lane)) return { hash: (await this.redis.hgetall(this.key(lane, 'state'))) as HashState };
    const [[, hash], [, newest]] = ((await this.redis
      .multi()
      .hgetall(this.key(lane, 'state'))
      .xrevrange(this.key(lane, 'events'), '+', '-', 'COUNT', 1)
      .exec()) ?? []) as [[unknown, HashState], [unknown, StreamEntry[]]];
    return { hash, head: newest[0]?.[0] ?? '0-0' };
  }

  async open(lane: string, lastEventId: string | null): Promise<Opening> {
    const events = this.key(lane, 'events');
    const [[, hash], [, newest], [, oldest]] = ((await this.redis
      .multi()
      .hgetall(this.key(lane, 'state'))
      .xrevrange(events, '+', '-', 'COUNT', 1)
      .xrange(events, '-', '+', 'COUNT', 1)
      .exec()) ?? []) as [[unknown, HashState], [unknown, StreamEntry[]], [unknown, StreamEntry[]]];
    const head = newest[0]?.[0] ?? null;
    const first = oldest[0]?.[0] ?? null;
    const state = stateOf(hash);
    // Redis came back from an older save (killed between its writes and its next fsync): the
    // display saw events Redis no longer has, and what Redis holds is older than what it
    // shows. It keeps showing that (a resume with nothing missed), never an older bill; the
    // till's next post, numbered after it, reaches it. An id no clock has reached yet was
    // never given out: a snapshot, as for any unknown id.
    if (lastEventId && head && compareEventIds(lastEventId, head)! > 0 && issuedAlready(lastEventId)) return { state, head: lastEventId, missed: [] };
    const canResume = !!lastEventId && !!head && !!first && compareEventIds(first, lastEventId)! <= 0 && compareEventIds(lastEventId, head)! <= 0;
    if (!canResume) return { state, head: head ?? '0-0', missed: null };
    const missed = ((await this.redis.xrange(events, `(${lastEventId}`, '+')) as StreamEntry[]).map(storedEvent);
    return { state, head: missed.at(-1)?.id ?? lastEventId!, missed };
  }

  /** Starts tailing a lane from its newest event (its state read at the same moment). */
  follow(lane: string): Promise<void> {
    // Redis away: the display is told now (it retries by itself) instead of waiting, without
    // an answer, on a SUBSCRIBE queued until Redis is back.
    if (this.downSince !== null || !answers(this.redis)) return Promise.reject(new Error('Redis cannot be reached'));
    let followed = this.followed.get(lane);
    if (!followed) {
      followed = this.startFollowing(lane);
      this.followed.set(lane, followed);
      // Failed (Redis dropped right then): the next display tries again.
      followed.catch(() => this.followed.get(lane) === followed && this.followed.delete(lane));
    }
    return followed.then(() => undefined);
  }

  unfollow(lane: string): void {
    if (!this.followed.delete(lane)) return;
    this.lanes.delete(lane);
    void this.subscriber?.unsubscribe(this.channel(lane)).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriber?.disconnect();
    this.prompts?.shutdown();
    if (this.ownsClient) this.redis.disconnect();
  }

  private key(lane: string, kind: 'state' | 'events'): string {
    return `${this.prefix}:lane:${lane}:${kind}`;
  }

  private channel(lane: string): string {
    return `${this.prefix}:lane:${lane}:appended`;
  }

  private scriptKeys(lane: string): string[] {
    return [this.key(lane, 'state'), this.key(lane, 'events'), this.channel(lane), ...ACCOUNT_KEYS.map((name) => `${this.prefix}:${name}`)];
  }

  private scriptArgs(lane: string, hash: HashState, state: LaneState, events: LaneEvent[]): string[] {
    const { maxEvents, laneTtlMs, laneHistoryBytes, stateBudgetBytes, historyBudgetBytes, laneOverheadBytes } = this.limits;
    const limits = [maxEvents, laneTtlMs, laneHistoryBytes, stateBudgetBytes, historyBudgetBytes, laneOverheadBytes].map(String);
    const slices = SLICES.flatMap((slice) => [slice, state[slice] === null ? '' : JSON.stringify(state[slice])]);
    return [hash.rev ?? '', ...limits, `${this.prefix}:lane:`, lane, String(SLICES.length), ...slices, ...events.flatMap(({ event, data }) => [event, JSON.stringify(data)])];
  }

  /** Subscribes to the lane's channel, then reads its state and newest id: nothing published after is missed. */
  private async startFollowing(lane: string): Promise<FollowedLane> {
    await this.ensureSubscriber().subscribe(this.channel(lane));
    const [[, hash], [, newest]] = ((await this.redis
      .multi()
      .hgetall(this.key(lane, 'state'))
      .xrevrange(this.key(lane, 'events'), '+', '-', 'COUNT', 1)
      .exec()) ?? []) as [[unknown, HashState], [unknown, StreamEntry[]]];
    const followed = { cursor: newest[0]?.[0] ?? '0-0', state: stateOf(hash) };
    if (!this.followed.has(lane)) return followed; // left meanwhile
    this.lanes.set(lane, followed);
    // A message that came before the lane was known here was dropped: read once from the cursor.
    void this.read(lane);
    return followed;
  }

  /** One connection for every followed lane's channel. */
  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    // It queues its SUBSCRIBEs while reconnecting, and subscribes again after.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber = subscriber;
    subscriber.on('error', (error: Error) => this.options.onError?.(error));
    subscriber.on('close', () => this.noteDown());
    subscriber.on('message', (channel: string) => void this.read(channel.slice(`${this.prefix}:lane:`.length, -':appended'.length)));
    let connectedBefore = false;
    subscriber.on('ready', () => {
      this.noteUp();
      if (!connectedBefore) return void (connectedBefore = true);
      // ioredis subscribes again right after 'ready': a PING answered after those SUBSCRIBEs
      // says they are in place, so nothing published from then on is missed by the read.
      setImmediate(() => subscriber.ping().then(() => this.catchUp(), () => {}));
    });
    return subscriber;
  }

  private noteDown(): void {
    if (this.closed || this.downSince !== null) return;
    this.downSince = Date.now();
    this.options.onAvailability?.({ available: false });
  }

  private noteUp(): void {
    if (!this.available || this.downSince === null) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = null;
    this.options.onAvailability?.({ available: true, downForMs });
  }

  /** Reads every followed lane from its cursor (after a connection was down). */
  private catchUp(): void {
    for (const lane of this.lanes.keys()) void this.read(lane);
  }

  /** Reads a lane's stream from its cursor; one read at a time per lane, again if a message came meanwhile. */
  private async read(lane: string): Promise<void> {
    if (this.reading.has(lane)) {
      this.reading.set(lane, true);
      return;
    }
    try {
      for (let again = true; again && !this.closed; ) {
        this.reading.set(lane, false);
        const followed = this.lanes.get(lane);
        if (!followed) return;
        const entries = (await this.redis.xrange(this.key(lane, 'events'), `(${followed.cursor}`, '+', 'COUNT', 1000)) as StreamEntry[];
        this.receive(lane, entries);
        again = this.reading.get(lane) === true || entries.length === 1000;
      }
    } catch {
      // Redis is away: when it is back, catchUp() reads every lane again.
    } finally {
      this.reading.delete(lane);
    }
  }

  /** New events of a lane: fold them into what this instance knows, hand them to the hub. */
  private receive(lane: string, entries: StreamEntry[]): void {
    const followed = this.lanes.get(lane);
    if (!followed) return;
    for (const entry of entries) {
      if (compareEventIds(entry[0], followed.cursor)! <= 0) continue; // the lane was followed anew meanwhile
      const event = { event: entry[1][1] as EventName, data: JSON.parse(entry[1][3]!) } as LaneEvent;
      followed.cursor = entry[0];
      followed.state = stateAfterEvent(followed.state, event);
      if (compareEventIds(entry[0], this.head)! > 0) this.head = entry[0];
      this.listener(lane, { state: followed.state, events: [storedEvent(entry)] });
    }
  }
}
