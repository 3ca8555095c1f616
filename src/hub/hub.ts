/**
 * The hub: lanes, fan-out to every connected display, openings (resume or snapshot),
 * heartbeats and limits, written once. Where events are numbered and kept, and how they
 * reach this instance, is its {@link HubStore}'s business: memory (one process, optionally
 * journaled to a file) or Redis (several instances). Free of HTTP: transports hand it
 * {@link Subscriber}s, one per open stream. Nothing polls: a frame is written when its event
 * happens.
 */
import {
  compareEventIds,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_LANE,
  DEFAULT_RETRY_MS,
  Frame,
  formatSseRetry,
  type Command,
} from '../protocol/index.js';
import { Heartbeat } from './heartbeat.js';
import { EMPTY_LANE_STATE, isEmptyLaneState, snapshotEvents, type LaneState } from './lane-state.js';
import { MemoryStore, type MemoryStoreOptions } from './store/memory/memory-store.js';
import { PromptDesk, type PromptBoard, type PromptDeskHost, type ScheduleTimeout } from './prompt-desk.js';
import { SharedPromptDesk } from './shared-prompt-desk.js';
import { DEFAULT_LANE_BUDGET_BYTES, StateBudget } from './state-budget.js';
import { restoresLanes, sharesPrompts, whenReady, type Appended, type HubStore, type MaybePromise, type Opening } from './store/store.js';
import { Stream, type Subscriber } from './stream.js';

export type { StreamOpening, Subscriber } from './stream.js';

export interface HubOptions extends Omit<MemoryStoreOptions, 'now' | 'budget'> {
  /** Where lanes are kept. Default: a {@link MemoryStore} built from the other options. */
  store?: HubStore;
  /** Heartbeat (`ping`) interval in ms; 0 disables it. Default 15 000. */
  heartbeatMs?: number;
  /** `retry:` sent to browsers, in ms. Default 1000. */
  retryMs?: number;
  /** Events kept per lane for `Last-Event-ID` resume. Default 500. */
  historySize?: number;
  /**
   * Lanes only readers opened (streams, nothing shown) at most; a stream on another new
   * lane is refused. A cashier's lane is never refused by a count: bytes bound it. Default 1000.
   */
  maxReaderLanes?: number;
  /** A lane's state and open prompt, in bytes (`--lane-budget`). Default 256 KiB. */
  laneBudgetBytes?: number;
  /** Every lane's state and open prompt in this process, in bytes (`--state-budget`). Default 64 MiB (a server sizes it by its heap). */
  stateBudgetBytes?: number;
  /** A prompt's JSON at most, in bytes (`--max-prompt`). Default 16 KiB. */
  maxPromptBytes?: number;
  /** Clock, in ms since the epoch (tests inject one). */
  now?: () => number;
  /** Sets the prompts' timeouts; default: timers that never keep Node alive (tests pass a fake clock's, with {@link now}). */
  scheduleTimeout?: ScheduleTimeout;
}

export const DEFAULT_MAX_READER_LANES = 1000;
export const DEFAULT_STATE_BUDGET_BYTES = 64 * 1024 * 1024;

/** What one publish did. */
export interface PublishOutcome {
  /** Displays connected to the lane (on this instance) when the events were sent. */
  clients: number;
  /** Id of the last event this publish produced. */
  eventId: string;
}

/** How `/lanes` describes a lane: its displays here, and what it shows. */
export interface LaneSummary {
  lane: string;
  clients: number;
  has_bill: boolean;
  modal_visible: boolean;
  payment_status: string | null;
}

export class LaneLimitError extends Error {
  constructor(max: number, flag = '--max-reader-lanes') {
    super(`too many lanes opened by streams alone (at most ${max}; raise it with ${flag})`);
  }
}

interface Lane {
  state: LaneState;
  /** The id of the event {@link state} is as of ('' before any). */
  stateId: string;
  readonly streams: Set<Stream>;
  /** Holders that are not displays (the admin page's previews): they keep the lane followed here. */
  watchers: number;
}

/** Takes a lane's state as of `id` unless it already knows a newer one (events of several instances). */
function advance(lane: Lane, state: LaneState, id: string | undefined): void {
  if (id === undefined || (lane.stateId !== '' && compareEventIds(id, lane.stateId)! <= 0)) return;
  lane.state = state;
  lane.stateId = id;
}

export class Hub {
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly store: HubStore;
  private readonly maxReaderLanes: number;
  private readonly now: () => number;
  private readonly lanes = new Map<string, Lane>();
  /** Lanes a stream created that never showed anything: bounded by {@link maxReaderLanes}, never by bytes. */
  private readonly readerLanes = new Set<string>();
  /** Bytes of this process's lanes and prompts (`/health`), and the check every local change passes. */
  readonly budget: StateBudget;
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: Heartbeat;
  private readonly changeListeners = new Set<(lane: string, command: Command) => void>();
  private readonly laneEventListeners = new Set<(lane: string) => void>();
  private readonly promptListeners = new Set<(lane: string) => void>();
  /** The shopper's prompts: in this process, or shared by every instance when the store shares them (Redis). */
  readonly prompts: PromptBoard;

  constructor(options: HubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.maxReaderLanes = options.maxReaderLanes ?? DEFAULT_MAX_READER_LANES;
    this.now = options.now ?? Date.now;
    this.budget = new StateBudget(options.laneBudgetBytes ?? DEFAULT_LANE_BUDGET_BYTES, options.stateBudgetBytes ?? DEFAULT_STATE_BUDGET_BYTES, () => this.prompts);
    const history = { maxEvents: options.historySize, ...options.history };
    this.store = options.store ?? new MemoryStore({ ...options, now: this.now, history: definedOnly(history), budget: this.budget });
    this.store.listen((lane, appended) => this.fanOut(lane, appended));
    if (restoresLanes(this.store)) {
      for (const [lane, state] of this.store.restoredLanes()) {
        this.lanes.set(lane, newLane(state));
        this.budget.settle(lane, state);
      }
    }
    this.heartbeat = new Heartbeat(this.heartbeatMs, this.streams, this.now);
    const promptHost: PromptDeskHost = {
      sendToDisplays: (lane, frame) => {
        // Every prompt shown or closed passes here (asked on this instance or another).
        for (const listener of this.promptListeners) listener(lane);
        return this.sendToDisplays(lane, frame);
      },
      openBillId: (lane) => {
        const bill = this.state(lane).bill;
        return bill ? String(bill.bill_id) : null;
      },
      now: this.now,
      admitPrompt: (lane, bytes) => this.budget.admitPrompt(lane, bytes),
    };
    const promptOptions = { scheduleTimeout: options.scheduleTimeout, maxPromptBytes: options.maxPromptBytes };
    this.prompts = sharesPrompts(this.store)
      ? new SharedPromptDesk(this.store.promptExchange(), promptHost, promptOptions)
      : new PromptDesk(promptHost, promptOptions);
    this.onChange((lane, command) => this.prompts.onCommand(lane, command));
  }

  /**
   * Writes a frame to the lane's displays here that have had their opening (the others get
   * what they need in it): for prompts, which are not stored. Returns how many.
   */
  sendToDisplays(laneId: string, frame: Frame): number {
    let sent = 0;
    for (const stream of this.lanes.get(laneId)?.streams ?? []) {
      if (stream.pending) continue;
      stream.subscriber.send(frame);
      sent++;
    }
    return sent;
  }

  /**
   * Writes a frame to every display stream here that has had its opening (one not yet opened
   * reads what the frame announces as it starts): for `config-changed`, which is no lane's
   * event. Returns how many.
   */
  sendToEveryDisplay(frame: Frame): number {
    let sent = 0;
    for (const stream of this.streams) {
      if (stream.pending) continue;
      stream.subscriber.send(frame);
      sent++;
    }
    return sent;
  }

  /** The newest event id this instance knows. */
  get headEventId(): string {
    return this.store.headId;
  }

  /** Displays connected to this instance. */
  get clientCount(): number {
    return this.streams.size;
  }

  /** A lane's state as this instance knows it (with a shared store: the lanes it has displays for). */
  state(laneId: string = DEFAULT_LANE): LaneState {
    return this.lanes.get(laneId)?.state ?? EMPTY_LANE_STATE;
  }

  /** Applies a validated command to a lane; its displays (on every instance) get the events. */
  publish(laneId: string, command: Command): MaybePromise<PublishOutcome> {
    // No count of lanes refuses a cashier: the store's budget check (bytes) does, before anything changes.
    return whenReady(this.store.append(laneId, command, this.now() / 1000), ({ state, events }) => {
      for (const listener of this.changeListeners) listener(laneId, command);
      const lane = this.lanes.get(laneId);
      if (lane) {
        this.advance(laneId, lane, state, events.at(-1)?.id);
        this.forgetIfUnused(laneId, lane);
      }
      return { clients: lane?.streams.size ?? 0, eventId: events.at(-1)?.id ?? this.store.headId };
    });
  }

  /** Calls `listener` after every publish of this instance (to share it). Returns the unsubscriber. */
  onChange(listener: (lane: string, command: Command) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Calls `listener` once per batch of events that reaches a lane this instance holds,
   * published here or (with a shared store) on another instance. Returns the unsubscriber.
   */
  onLaneEvents(listener: (lane: string) => void): () => void {
    this.laneEventListeners.add(listener);
    return () => this.laneEventListeners.delete(listener);
  }

  /** Calls `listener` when a lane's prompt is shown or closed (here, or through a shared store). Returns the unsubscriber. */
  onPromptChange(listener: (lane: string) => void): () => void {
    this.promptListeners.add(listener);
    return () => this.promptListeners.delete(listener);
  }

  /**
   * Holds a lane here without being a display (the admin page's previews): with a shared
   * store it is followed, so its state stays current and its events reach
   * {@link onLaneEvents} as if a display here watched it; it is not counted as a client. A
   * local store holds every lane already. `ready` settles once the state is read; `release`
   * lets it go. Throws a {@link LaneLimitError} when the lane would pass the reader-lane limit.
   */
  watch(laneId: string): { ready: MaybePromise<void>; release: () => void } {
    if (this.store.local) return { ready: undefined, release: () => {} };
    const lane = this.lanes.get(laneId) ?? this.openReaderLane(laneId);
    lane.watchers++;
    const ready = whenReady(this.store.follow(laneId), () =>
      whenReady(this.store.open(laneId, null), (opening) => {
        if (this.lanes.get(laneId) === lane) this.advance(laneId, lane, opening.state, opening.head);
      }),
    );
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      lane.watchers--;
      this.forgetIfUnused(laneId, lane);
    };
    return { ready, release };
  }

  /**
   * Registers a display. It first gets `retry:` and `connected`, then either the events it
   * missed since `lastEventId` (resume) or the lane's current state (snapshot); live events
   * follow. Returns the function that unregisters it.
   */
  connect(laneId: string, subscriber: Subscriber, lastEventId?: string | null): () => void {
    const lane = this.lanes.get(laneId) ?? this.openReaderLane(laneId);
    const stream = new Stream(subscriber);
    lane.streams.add(stream);
    this.streams.add(stream);
    this.heartbeat.start();
    // The open prompt is read after the lane's opening: a prompt never shows over a state older than it was asked on.
    const opened = whenReady(this.store.follow(laneId), () =>
      whenReady(this.store.open(laneId, lastEventId ?? null), (opening) => whenReady(this.prompts.openingText(laneId), (promptText) => ({ opening, promptText }))),
    );
    const send = ({ opening, promptText }: { opening: Opening; promptText: string }) => {
      if (lane.streams.has(stream)) this.sendOpening(laneId, lane, stream, opening, lastEventId ?? null, promptText);
    };
    if (opened instanceof Promise) {
      opened.then(send, () => subscriber.close()); // the store is away: it reconnects and tries again
    } else send(opened);
    return () => {
      if (!lane.streams.delete(stream)) return;
      this.streams.delete(stream);
      this.forgetIfUnused(laneId, lane);
    };
  }

  /** Every lane that shows something here, with its state (tabs sharing a mock hub). */
  states(): Record<string, LaneState> {
    const states: Record<string, LaneState> = {};
    for (const [lane, { state }] of this.lanes) if (!isEmptyLaneState(state)) states[lane] = state;
    return states;
  }

  /** Lanes in use on this instance, with their displays here. */
  summary(): LaneSummary[] {
    return [...this.lanes].map(([lane, { state, streams }]) => describeLane(lane, state, streams.size));
  }

  /** One lane's summary without listing the others (the admin stream asks per changed lane); undefined: not in use here. */
  laneSummary(laneId: string): LaneSummary | undefined {
    const lane = this.lanes.get(laneId);
    return lane && describeLane(laneId, lane.state, lane.streams.size);
  }

  /** Lanes in use on this instance (`/health`): with state, displays or an open prompt; without building their summaries. */
  get laneCount(): number {
    return this.lanes.size + this.prompts.lanesOutside(this.lanes);
  }

  /** Prompts open on this instance (`/health`). */
  get promptCount(): number {
    return this.prompts.count;
  }

  /** Ends every open stream, state kept: the displays reconnect and resume (a dropped network). */
  disconnectAll({ retryMs }: { retryMs?: number } = {}): void {
    const farewell = retryMs === undefined ? undefined : new Frame(formatSseRetry(retryMs));
    for (const [laneId, lane] of this.lanes) {
      for (const stream of lane.streams) {
        if (farewell) stream.subscriber.send(farewell);
        stream.subscriber.close();
        this.streams.delete(stream);
      }
      lane.streams.clear();
      this.forgetIfUnused(laneId, lane);
    }
  }

  /**
   * Closes every stream and stops the heartbeat. With `retryMs`, streams are first told to
   * come back after that long (a restart is about to happen).
   */
  async close(options: { retryMs?: number } = {}): Promise<void> {
    this.heartbeat.stop();
    this.prompts.close();
    this.disconnectAll(options);
    await this.store.close();
  }

  private sendOpening(laneId: string, lane: Lane, stream: Stream, { state, head, missed }: Opening, lastEventId: string | null, promptText: string): void {
    // What this instance reports starts from the store, not from the first event seen here.
    this.advance(laneId, lane, state, head);
    const mode = missed ? 'resume' : 'snapshot';
    const greeting = { status: 'ok', lane: laneId, heartbeat_ms: this.heartbeatMs || undefined, mode };
    const parts: Array<Frame | string> = [formatSseRetry(this.retryMs)];
    if (missed && lastEventId !== null) {
      // The greeting repeats the display's own id: the missed events follow it.
      parts.push(Frame.ofMessage({ id: lastEventId, event: 'connected', data: greeting }), ...missed.map((event) => event.frame));
    } else {
      // Snapshot events carry the head id: the state they describe is as of that event.
      parts.push(Frame.ofMessage({ id: head, event: 'connected', data: greeting }));
      for (const event of snapshotEvents(state)) parts.push(Frame.ofMessage({ id: head, ...event }));
    }
    parts.push(promptText);
    const now = this.now();
    stream.subscriber.opened?.({ mode, head });
    stream.subscriber.send(Frame.of(...parts));
    stream.lastSentAt = now;
    stream.openedAt = head;
    const pending = stream.pending ?? [];
    stream.pending = null;
    for (const appended of pending) stream.deliver(appended.events, now);
  }

  /** Events appended to a lane (here or, with a shared store, anywhere): to its displays here. */
  private fanOut(laneId: string, appended: Appended): void {
    let lane = this.lanes.get(laneId);
    if (!lane) {
      if (!this.store.local) return;
      lane = newLane(EMPTY_LANE_STATE);
      this.lanes.set(laneId, lane);
    }
    this.advance(laneId, lane, appended.state, appended.events.at(-1)?.id);
    const now = this.now();
    for (const stream of lane.streams) {
      if (stream.pending) stream.pending.push(appended);
      else stream.deliver(appended.events, now);
    }
    for (const listener of this.laneEventListeners) listener(laneId);
  }

  /**
   * A lane a stream opens before anything is shown on it: counted apart from cashiers'
   * lanes (which it cannot crowd out), refused beyond {@link maxReaderLanes}.
   */
  private openReaderLane(laneId: string): Lane {
    if (this.readerLanes.size >= this.maxReaderLanes) throw new LaneLimitError(this.maxReaderLanes);
    const lane = newLane(EMPTY_LANE_STATE);
    this.lanes.set(laneId, lane);
    this.readerLanes.add(laneId);
    return lane;
  }

  /** Takes a lane's state as of `id` unless it already knows a newer one; its bytes are counted, and once it shows something it is a cashier's lane. */
  private advance(laneId: string, lane: Lane, state: LaneState, id: string | undefined): void {
    advance(lane, state, id);
    if (lane.state !== state) return;
    this.budget.settle(laneId, state);
    if (!isEmptyLaneState(state)) this.readerLanes.delete(laneId);
  }

  /**
   * Streams need no token: a lane nobody watches here and that shows nothing (or, with a
   * shared store, any lane nobody watches here) is dropped, so opening streams cannot use
   * up the lane limit.
   */
  private forgetIfUnused(laneId: string, lane: Lane): void {
    if (lane.streams.size > 0 || lane.watchers > 0 || this.lanes.get(laneId) !== lane) return;
    if (this.store.local && !isEmptyLaneState(lane.state)) return;
    this.lanes.delete(laneId);
    this.readerLanes.delete(laneId);
    this.budget.forget(laneId);
    this.store.unfollow(laneId);
  }
}

function describeLane(lane: string, state: LaneState, clients: number): LaneSummary {
  return { lane, clients, has_bill: state.bill !== null, modal_visible: state.modal !== null, payment_status: state.payment?.status ?? null };
}

function newLane(state: LaneState): Lane {
  return { state, stateId: '', streams: new Set(), watchers: 0 };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
