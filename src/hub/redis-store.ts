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
 * - Each instance tails the streams of the lanes it has displays for with ONE connection
 *   (`XREAD` over all of them, plus a wake stream of its own: following or leaving a lane
 *   adds an entry there, so the blocked read returns and starts over with the new set; no
 *   wake-up can be lost, however the two connections' commands interleave).
 *   Its own appends come back the same way, so every display sees one order, the stream's.
 *
 * ioredis is loaded only when a Redis store is made (it is an optional dependency).
 */
import type { Redis, RedisOptions } from 'ioredis';
import { compareEventIds, Frame, type Command, type EventName } from '../protocol/index.js';
import { applyCommand, EMPTY_LANE_STATE, stateAfterEvent, type LaneEvent, type LaneState } from './lane-state.js';
import type { AppendListener, Appended, HubStore, Opening, StoredEvent } from './store.js';

export interface RedisStoreOptions {
  /** `redis://host:port/db`, or a connected ioredis client. */
  redis: string | Redis;
  /** Key prefix, so several shops can share a Redis. Default `pcd`. */
  keyPrefix?: string;
  /** Events kept per lane stream (approximately: `MAXLEN ~`). Default 500. */
  historySize?: number;
  /** Reports connection trouble (Redis down, reconnecting). */
  onError?: (error: Error) => void;
}

type StreamEntry = [id: string, fields: string[]];
type HashState = Record<string, string>;

const SLICES = ['bill', 'modal', 'payment'] as const;
const EVENT_OF_SLICE = { bill: 'bill-update', modal: 'modal-show', payment: 'payment-update' } as const;
const MAX_ATTEMPTS = 8;

/** KEYS: state hash, event stream. ARGV: expected rev, maxlen, slice count, slice/value pairs ('' deletes), event/data pairs. */
const APPEND_SCRIPT = `
local rev = redis.call('HGET', KEYS[1], 'rev') or ''
if rev ~= ARGV[1] then return false end
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[1], ARGV[i]) else redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
  i = i + 2
end
redis.call('HINCRBY', KEYS[1], 'rev', 1)
local ids = {}
while i <= #ARGV do
  ids[#ids + 1] = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i], 'data', ARGV[i + 1])
  i = i + 2
end
return ids`;

function stateOf(hash: HashState): LaneState {
  return {
    bill: hash.bill ? JSON.parse(hash.bill) : null,
    modal: hash.modal ? JSON.parse(hash.modal) : null,
    payment: hash.payment ? JSON.parse(hash.payment) : null,
  };
}

function storedEvent([id, fields]: StreamEntry): StoredEvent {
  return { id, frame: new Frame(`id: ${id}\nevent: ${fields[1]}\ndata: ${fields[3]}\n\n`) };
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
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    } satisfies RedisOptions);
  }
  const store = new RedisStore(client, options, typeof options.redis === 'string');
  try {
    await store.ready(timeoutMs);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export class RedisStore implements HubStore {
  readonly local = false;
  private readonly prefix: string;
  private readonly historySize: number;
  private readonly followed = new Map<string, Promise<FollowedLane>>();
  private readonly lanes = new Map<string, FollowedLane>();
  private listener: AppendListener = () => {};
  private head = '0-0';
  private reader: Redis | undefined;
  private readonly wakeKey: string;
  private wakeCursor = '0-0';
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions,
    private readonly ownsClient: boolean,
  ) {
    this.prefix = options.keyPrefix ?? 'pcd';
    this.historySize = options.historySize ?? 500;
    this.wakeKey = `${this.prefix}:instance:${Date.now().toString(36)}${Math.random().toString(36).slice(2)}:wake`;
    this.redis.on('error', (error: Error) => options.onError?.(error));
    // EVALSHA, with the script sent once per connection.
    this.redis.defineCommand('pcdAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
  }

  get headId(): string {
    return this.head;
  }

  listen(listener: AppendListener): void {
    this.listener = listener;
  }

  /** Resolves once Redis answers. */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  async append(lane: string, command: Command, nowSeconds: number): Promise<Appended> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const hash = (await this.redis.hgetall(this.key(lane, 'state'))) as HashState;
      const { state, events } = applyCommand(stateOf(hash), command, nowSeconds);
      const run = (this.redis as unknown as { pcdAppend(...args: string[]): Promise<string[] | null> }).pcdAppend;
      const ids = await run.call(this.redis, this.key(lane, 'state'), this.key(lane, 'events'), ...this.scriptArgs(hash, state, events));
      if (!ids) continue; // another instance changed the lane meanwhile: read again
      return { state, events: ids.map((id, index) => storedEvent([id, ['event', events[index]!.event, 'data', JSON.stringify(events[index]!.data)]])) };
    }
    throw new Error(`lane ${lane} changed under ${MAX_ATTEMPTS} attempts in a row`);
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
    const canResume = !!lastEventId && !!head && !!first && compareEventIds(first, lastEventId)! <= 0 && compareEventIds(lastEventId, head)! <= 0;
    if (!canResume) return { state, head: head ?? '0-0', missed: null };
    const missed = ((await this.redis.xrange(events, `(${lastEventId}`, '+')) as StreamEntry[]).map(storedEvent);
    return { state, head: missed.at(-1)?.id ?? lastEventId!, missed };
  }

  /** Starts tailing a lane from its newest event (its state read at the same moment). */
  follow(lane: string): Promise<void> {
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
    void this.wakeReader();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.redis.del(this.wakeKey).catch(() => {});
    this.reader?.disconnect();
    if (this.ownsClient) this.redis.disconnect();
  }

  private key(lane: string, kind: 'state' | 'events'): string {
    return `${this.prefix}:lane:${lane}:${kind}`;
  }

  private scriptArgs(hash: HashState, state: LaneState, events: LaneEvent[]): string[] {
    const slices = SLICES.flatMap((slice) => [slice, state[slice] === null ? '' : JSON.stringify(state[slice])]);
    return [hash.rev ?? '', String(this.historySize), String(SLICES.length), ...slices, ...events.flatMap(({ event, data }) => [event, JSON.stringify(data)])];
  }

  private async startFollowing(lane: string): Promise<FollowedLane> {
    const [[, hash], [, newest]] = ((await this.redis
      .multi()
      .hgetall(this.key(lane, 'state'))
      .xrevrange(this.key(lane, 'events'), '+', '-', 'COUNT', 1)
      .exec()) ?? []) as [[unknown, HashState], [unknown, StreamEntry[]]];
    const followed = { cursor: newest[0]?.[0] ?? '0-0', state: stateOf(hash) };
    if (!this.followed.has(lane)) return followed; // left meanwhile
    this.lanes.set(lane, followed);
    this.ensureReader();
    await this.wakeReader();
    return followed;
  }

  /** One connection tails every followed lane. */
  private ensureReader(): void {
    if (this.reader || this.closed) return;
    // It queues its XREAD while reconnecting: it must pick up where it was.
    const reader = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.reader = reader;
    reader.on('error', (error: Error) => this.options.onError?.(error));
    void this.readLoop(reader);
  }

  private async readLoop(reader: Redis): Promise<void> {
    while (!this.closed) {
      const lanes = [...this.lanes];
      let reply: Array<[string, StreamEntry[]]> | null;
      try {
        const keys = [this.wakeKey, ...lanes.map(([lane]) => this.key(lane, 'events'))];
        const cursors = [this.wakeCursor, ...lanes.map(([, lane]) => lane.cursor)];
        reply = (await reader.xread('COUNT', 1000, 'BLOCK', 0, 'STREAMS', ...keys, ...cursors)) as Array<[string, StreamEntry[]]> | null;
      } catch {
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        if (key === this.wakeKey) this.wakeCursor = entries.at(-1)?.[0] ?? this.wakeCursor;
        else this.receive(key.slice(`${this.prefix}:lane:`.length, -':events'.length), entries);
      }
    }
  }

  /** New events of a lane: fold them into what this instance knows, hand them to the hub. */
  private receive(lane: string, entries: StreamEntry[]): void {
    const followed = this.lanes.get(lane);
    if (!followed) return;
    for (const entry of entries) {
      const event = { event: entry[1][1] as EventName, data: JSON.parse(entry[1][3]!) } as LaneEvent;
      followed.cursor = entry[0];
      followed.state = stateAfterEvent(followed.state, event);
      if (compareEventIds(entry[0], this.head)! > 0) this.head = entry[0];
      this.listener(lane, { state: followed.state, events: [storedEvent(entry)] });
    }
  }

  /** Makes the reader start over with the current set of lanes (it may be blocked on the old one). */
  private async wakeReader(): Promise<void> {
    if (!this.reader) return;
    await this.redis.xadd(this.wakeKey, 'MAXLEN', '1', '*', 'wake', '1').catch(() => {});
    // Gone with the instance even if it dies without closing.
    void this.redis.pexpire(this.wakeKey, 86_400_000).catch(() => {});
  }
}
