/**
 * The Redis backplane: several hub instances behind a load balancer serve one chain, and a
 * display gets every event of its lane from whichever instance it is connected to.
 *
 * - Each lane's state is a Redis hash (`bill`, `modal`, `payment`); its events go to a
 *   Redis Stream capped with `XADD … MAXLEN ~`, written together in one MULTI/EXEC.
 * - Stream ids are the event ids (`1764111111111-0`): `Last-Event-ID` resume is an
 *   `XRANGE` on any instance; an id older than the stream's first entry gets a snapshot.
 * - Each instance tails (`XREAD BLOCK`) the streams of the lanes it has displays for, one
 *   connection per lane, and fans the events out to its displays: its own publishes too,
 *   so every display sees one order, the stream's.
 * Streams over pub/sub + a counter: resume and ordering come from the stream itself, and a
 * restarted instance or a display reconnecting elsewhere loses nothing.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { compareEventIds, DEFAULT_LANE, type Command, type EventName, formatSseFrame, formatSseRetry } from '../protocol/index.js';
import { laneSummary, LaneLimitError, type DisplayHub, type LaneSummary, type PublishResult, type Subscriber } from './hub.js';
import { applyCommand, EMPTY_LANE_STATE, touchedSlices, type LaneState } from './lane-state.js';
import { endStreams, Heartbeat } from './streams.js';

export interface RedisHubOptions {
  /** `redis://host:port/db`, or a connected ioredis client. */
  redis: string | Redis;
  /** Key prefix, so several shops can share a Redis. Default `pcd`. */
  keyPrefix?: string;
  /** Events kept per lane stream (approximately: `MAXLEN ~`). Default 500. */
  historySize?: number;
  /** Lanes this instance follows at once (each costs a Redis connection). Default 1000. */
  maxLanes?: number;
  heartbeatMs?: number;
  retryMs?: number;
  now?: () => number;
  /** Reports connection trouble (Redis down, reconnecting). */
  onError?: (error: Error) => void;
}

type StreamEntry = [id: string, fields: string[]];

/** One display on this instance, and what it may receive yet. */
interface LocalDisplay {
  subscriber: Subscriber;
  /** Until its opening is sent, live events wait here; after, ids at or below this are skipped. */
  pending: StreamEntry[] | null;
  openedAt: string | null;
}

interface LocalLane {
  displays: Set<LocalDisplay>;
  state: LaneState;
  reader?: Redis;
  /** Settles once the reader tails the stream; displays arriving meanwhile wait for it. */
  readerReady?: Promise<void>;
}

const SLICES = ['bill', 'modal', 'payment'] as const;

function frameOf([id, fields]: StreamEntry): string {
  const event = fields[1] as EventName;
  return `id: ${id}\nevent: ${event}\ndata: ${fields[3]}\n\n`;
}

export class RedisHub implements DisplayHub {
  readonly heartbeatMs: number;
  private readonly retryMs: number;
  private readonly historySize: number;
  private readonly maxLanes: number;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly lanes = new Map<string, LocalLane>();
  private readonly heartbeat: Heartbeat;
  private lastSeen: string = '0-0';
  private closed = false;

  constructor(private readonly options: RedisHubOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.retryMs = options.retryMs ?? 1000;
    this.historySize = options.historySize ?? 500;
    this.maxLanes = options.maxLanes ?? 1000;
    this.prefix = options.keyPrefix ?? 'pcd';
    this.now = options.now ?? Date.now;
    const redisOptions: RedisOptions = {
      // Publishes fail at once while Redis is away (503 to the till, which sends the whole
      // bill again next time) instead of piling up; the client keeps reconnecting.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    };
    this.ownsClient = typeof options.redis === 'string';
    this.redis = typeof options.redis === 'string' ? new Redis(options.redis, redisOptions) : options.redis;
    this.redis.on('error', (error: Error) => options.onError?.(error));
    // Displays still waiting for their opening get no ping before it.
    this.heartbeat = new Heartbeat(this.heartbeatMs, this.now, () => this.openDisplays());
  }

  private *openDisplays(): Iterable<Subscriber> {
    for (const lane of this.lanes.values()) for (const { subscriber, pending } of lane.displays) if (!pending) yield subscriber;
  }

  /** Resolves once Redis answers (displays' openings wait for it; publishes do not). */
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

  get clientCount(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.displays.size;
    return count;
  }

  get headEventId(): string {
    return this.lastSeen;
  }

  private key(lane: string, kind: 'state' | 'events'): string {
    return `${this.prefix}:lane:${lane}:${kind}`;
  }

  /** Writes the lane's new state and its event in one transaction; the tail readers fan it out. */
  async publish(laneId: string, command: Command): Promise<PublishResult> {
    const { state, events } = applyCommand(EMPTY_LANE_STATE, command, this.now() / 1000);
    const multi = this.redis.multi();
    for (const slice of touchedSlices(command)) {
      const value = state[slice];
      if (value === null) multi.hdel(this.key(laneId, 'state'), slice);
      else multi.hset(this.key(laneId, 'state'), slice, JSON.stringify(value));
    }
    for (const { event, data } of events) {
      multi.xadd(this.key(laneId, 'events'), 'MAXLEN', '~', String(this.historySize), '*', 'event', event, 'data', JSON.stringify(data));
    }
    const results = (await multi.exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
    const eventId = String(results[results.length - 1]![1]);
    return { clients: this.lanes.get(laneId)?.displays.size ?? 0, eventId };
  }

  connect(laneId: string, subscriber: Subscriber, lastEventId?: string | null): () => void {
    const lane = this.lane(laneId);
    const display: LocalDisplay = { subscriber, pending: [], openedAt: null };
    lane.displays.add(display);
    this.heartbeat.start();
    void this.ready()
      .then(() => this.ensureReader(laneId, lane))
      .then(() => this.opening(laneId, lastEventId))
      .then(({ text, head, state }) => {
        if (!lane.displays.has(display)) return;
        // What /lanes reports starts from Redis, not from the first event seen here.
        if (lane.state === EMPTY_LANE_STATE) lane.state = state;
        subscriber.send(text);
        display.openedAt = head;
        for (const entry of display.pending ?? []) this.deliver(display, entry);
        display.pending = null;
      })
      .catch((error: Error) => {
        this.options.onError?.(error);
        subscriber.close(); // it reconnects and tries again
      });
    return () => {
      lane.displays.delete(display);
      if (lane.displays.size > 0) return;
      this.stopReader(lane);
      if (this.lanes.get(laneId) === lane) this.lanes.delete(laneId);
    };
  }

  state(laneId = DEFAULT_LANE): LaneState {
    return this.lanes.get(laneId)?.state ?? EMPTY_LANE_STATE;
  }

  summary(): LaneSummary[] {
    return [...this.lanes].map(([lane, { displays, state }]) => laneSummary(lane, displays.size, state));
  }

  disconnectAll({ retryMs }: { retryMs?: number } = {}): void {
    for (const lane of this.lanes.values()) {
      endStreams([...lane.displays].map((display) => display.subscriber), retryMs);
      lane.displays.clear();
      this.stopReader(lane);
    }
  }

  async close(options: { retryMs?: number } = {}): Promise<void> {
    this.closed = true;
    this.heartbeat.stop();
    this.disconnectAll(options);
    if (this.ownsClient) this.redis.disconnect();
  }

  private lane(laneId: string): LocalLane {
    let lane = this.lanes.get(laneId);
    if (!lane) {
      if (this.lanes.size >= this.maxLanes) throw new LaneLimitError(this.maxLanes);
      lane = { displays: new Set(), state: EMPTY_LANE_STATE };
      this.lanes.set(laneId, lane);
    }
    return lane;
  }

  /**
   * What a display gets first: the events after `lastEventId` when the stream still holds
   * them all (resume), else the lane's state as of the stream's last id (snapshot).
   */
  private async opening(laneId: string, lastEventId?: string | null): Promise<{ text: string; head: string | null; state: LaneState }> {
    const events = this.key(laneId, 'events');
    const [[, stateHash], [, newest], [, oldest]] = ((await this.redis
      .multi()
      .hgetall(this.key(laneId, 'state'))
      .xrevrange(events, '+', '-', 'COUNT', 1)
      .xrange(events, '-', '+', 'COUNT', 1)
      .exec()) ?? []) as [[unknown, Record<string, string>], [unknown, StreamEntry[]], [unknown, StreamEntry[]]];
    const head = newest[0]?.[0] ?? null;
    const first = oldest[0]?.[0] ?? null;
    const state: LaneState = {
      bill: stateHash.bill ? JSON.parse(stateHash.bill) : null,
      modal: stateHash.modal ? JSON.parse(stateHash.modal) : null,
      payment: stateHash.payment ? JSON.parse(stateHash.payment) : null,
    };
    const greeting = { status: 'ok', lane: laneId, heartbeat_ms: this.heartbeatMs || undefined };
    let text = formatSseRetry(this.retryMs);
    const canResume =
      !!lastEventId && !!head && !!first && compareEventIds(first, lastEventId)! <= 0 && compareEventIds(lastEventId, head)! <= 0;
    if (canResume) {
      const missed = (await this.redis.xrange(events, `(${lastEventId}`, '+')) as StreamEntry[];
      text += formatSseFrame({ id: lastEventId!, event: 'connected', data: { ...greeting, mode: 'resume' } });
      for (const entry of missed) text += frameOf(entry);
      return { text, head: missed.at(-1)?.[0] ?? lastEventId!, state };
    }
    const id = head ?? '0-0';
    text += formatSseFrame({ id, event: 'connected', data: { ...greeting, mode: 'snapshot' } });
    const eventOf = { bill: 'bill-update', modal: 'modal-show', payment: 'payment-update' } as const;
    for (const slice of SLICES) {
      if (stateHash[slice]) text += `id: ${id}\nevent: ${eventOf[slice]}\ndata: ${stateHash[slice]}\n\n`;
    }
    return { text, head: id, state };
  }

  /** Starts tailing a lane's stream (once per lane on this instance; concurrent callers share it). */
  private ensureReader(laneId: string, lane: LocalLane): Promise<void> {
    lane.readerReady ??= this.startReader(laneId, lane).catch((error: Error) => {
      // Failed to start (Redis dropped right then): the next display tries again.
      this.stopReader(lane);
      throw error;
    });
    return lane.readerReady;
  }

  private async startReader(laneId: string, lane: LocalLane): Promise<void> {
    // Readers queue their XREAD while reconnecting: they must pick up where they were.
    const reader = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    lane.reader = reader;
    reader.on('error', (error: Error) => this.options.onError?.(error));
    const events = this.key(laneId, 'events');
    const newest = (await this.redis.xrevrange(events, '+', '-', 'COUNT', 1)) as StreamEntry[];
    let cursor = newest[0]?.[0] ?? '0-0';
    void (async () => {
      while (lane.reader === reader && !this.closed) {
        let reply: Array<[string, StreamEntry[]]> | null;
        try {
          reply = (await reader.xread('BLOCK', 0, 'STREAMS', events, cursor)) as Array<[string, StreamEntry[]]> | null;
        } catch {
          if (lane.reader !== reader) return; // stopped
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        for (const [, entries] of reply ?? []) {
          for (const entry of entries) {
            cursor = entry[0];
            this.receive(lane, entry);
          }
        }
      }
    })();
  }

  private stopReader(lane: LocalLane): void {
    const reader = lane.reader;
    lane.reader = undefined;
    lane.readerReady = undefined;
    reader?.disconnect();
  }

  /** A new event of a lane: remember what it means, send it to this instance's displays. */
  private receive(lane: LocalLane, entry: StreamEntry): void {
    const [id, fields] = entry;
    if (compareEventIds(id, this.lastSeen)! > 0) this.lastSeen = id;
    lane.state = this.stateAfter(lane.state, fields[1] as EventName, fields[3]!);
    for (const display of lane.displays) {
      if (display.pending) display.pending.push(entry);
      else this.deliver(display, entry);
    }
  }

  private deliver(display: LocalDisplay, entry: StreamEntry): void {
    if (display.openedAt && compareEventIds(entry[0], display.openedAt)! <= 0) return; // in its opening already
    display.subscriber.send(frameOf(entry));
  }

  /** The summary's view of a lane, kept from the events this instance reads. */
  private stateAfter(state: LaneState, event: EventName, data: string): LaneState {
    switch (event) {
      case 'bill-update':
        return { ...state, bill: JSON.parse(data) };
      case 'modal-show':
        return { ...state, modal: JSON.parse(data) };
      case 'modal-hide':
        return { ...state, modal: null };
      case 'payment-update':
        return { ...state, payment: JSON.parse(data) };
      case 'clear':
        return EMPTY_LANE_STATE;
      default:
        return state;
    }
  }
}
