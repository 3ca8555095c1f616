/**
 * The hub core: lanes, their state, fan-out to every connected display, resume by event id,
 * heartbeats. Free of HTTP: transports hand it {@link Subscriber}s (one per open stream).
 * Nothing here polls: a frame is written when its event happens.
 */
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LANE, DEFAULT_RETRY_MS, isValidLaneId, type Command, formatSseFrame, formatSseRetry } from '../protocol/index.js';
import { EventHistory } from './event-history.js';
import { applyCommand, EMPTY_LANE_STATE, snapshotEvents, type LaneEvent, type LaneState } from './lane-state.js';
import type { HubSnapshot } from './snapshot.js';
import { endStreams, Heartbeat } from './streams.js';

/** One open stream to one display. */
export interface Subscriber {
  /** Writes a preformatted SSE frame. Must not throw. */
  send(frame: string): void;
  /** Ends the stream (the display will reconnect and resume). */
  close(): void;
}

export interface HubOptions {
  /** Heartbeat (`ping`) interval in ms; 0 disables it. Default 15 000. */
  heartbeatMs?: number;
  /** `retry:` sent to browsers, in ms. Default 1000. */
  retryMs?: number;
  /** Events kept per lane for `Last-Event-ID` resume. Default 500. */
  historySize?: number;
  /** At most this many lanes exist at once; more are refused. Default 1000. */
  maxLanes?: number;
  /** Clock, in ms since the epoch (tests inject one). */
  now?: () => number;
  /**
   * Id after which this hub numbers its events. Default: the current time in ms, so ids
   * keep increasing across restarts even without a state file.
   */
  initialEventId?: number;
}


interface Lane {
  state: LaneState;
  readonly history: EventHistory;
  readonly subscribers: Set<Subscriber>;
}

export interface PublishResult {
  /** Displays connected to the lane (on this instance) when the events were sent. */
  clients: number;
  /** Id of the last event this publish produced (a Redis stream id with a backplane). */
  eventId: number | string;
}

/**
 * What the HTTP API and the transports need from a hub: the in-memory {@link Hub}, or the
 * Redis-backed one that lets several instances serve one shop chain.
 */
export interface DisplayHub {
  readonly heartbeatMs: number;
  /** Displays connected to this instance. */
  readonly clientCount: number;
  /** The newest event id this instance knows. */
  readonly headEventId: number | string;
  publish(laneId: string, command: Command): PublishResult | Promise<PublishResult>;
  /** Registers a display; its opening (connected + snapshot or missed events) follows. */
  connect(laneId: string, subscriber: Subscriber, lastEventId?: string | null): () => void;
  /** Lanes this instance serves, with their displays. */
  summary(): LaneSummary[];
  /** A lane's state as this instance knows it (with Redis: the lanes it has displays for). */
  state(laneId?: string): LaneState;
  disconnectAll(options?: { retryMs?: number }): void;
  close(options?: { retryMs?: number }): void | Promise<void>;
}

export interface LaneSummary {
  lane: string;
  clients: number;
  has_bill: boolean;
  modal_visible: boolean;
  payment_status: string | null;
}

/** How `/lanes` describes a lane: its displays here, and what it shows. */
export function laneSummary(lane: string, clients: number, state: LaneState): LaneSummary {
  return { lane, clients, has_bill: state.bill !== null, modal_visible: state.modal !== null, payment_status: state.payment?.status ?? null };
}

export class LaneLimitError extends Error {
  constructor(max: number) {
    super(`too many lanes (at most ${max})`);
  }
}

export class Hub implements DisplayHub {
  readonly heartbeatMs: number;
  readonly retryMs: number;
  private readonly historySize: number;
  private readonly maxLanes: number;
  private readonly now: () => number;
  private readonly lanes = new Map<string, Lane>();
  private lastEventId: number;
  private readonly changeListeners = new Set<(lane: string, command: Command) => void>();
  private readonly heartbeat: Heartbeat;

  constructor(options: HubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.historySize = options.historySize ?? 500;
    this.maxLanes = options.maxLanes ?? 1000;
    this.now = options.now ?? Date.now;
    this.lastEventId = options.initialEventId ?? Math.floor(this.now());
    this.heartbeat = new Heartbeat(this.heartbeatMs, this.now, () => this.allSubscribers());
  }

  /** The id of the newest event the hub has sent (its initial id before the first). */
  get headEventId(): number {
    return this.lastEventId;
  }

  /** The current state of a lane (empty when the lane has never been used). */
  state(laneId: string = DEFAULT_LANE): LaneState {
    return this.lanes.get(laneId)?.state ?? EMPTY_LANE_STATE;
  }

  /** Applies a validated command to a lane and sends the resulting events to its displays. */
  publish(laneId: string, command: Command): PublishResult {
    const lane = this.lane(laneId);
    const { state, events } = applyCommand(lane.state, command, this.now() / 1000);
    lane.state = state;
    for (const event of events) this.broadcast(lane, event);
    for (const listener of this.changeListeners) listener(laneId, command);
    return { clients: lane.subscribers.size, eventId: this.lastEventId };
  }

  /** Calls `listener` after every publish (to persist or share it). Returns the unsubscriber. */
  onChange(listener: (lane: string, command: Command) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Every lane's state and the last event id, for persistence. */
  snapshot(): HubSnapshot {
    const lanes: HubSnapshot['lanes'] = {};
    for (const [id, { state }] of this.lanes) {
      if (state.bill || state.modal || state.payment) lanes[id] = { bill: state.bill, modal: state.modal, payment: state.payment };
    }
    return { version: 1, last_event_id: this.lastEventId, lanes };
  }

  /**
   * Takes over a persisted snapshot (before any display connects). Ids continue after the
   * persisted one; a display that saw exactly that id resumes with nothing to replay.
   */
  restore(snapshot: HubSnapshot): void {
    // The persisted id is the last one the previous run issued: continuing from it keeps
    // ids increasing and lets up-to-date displays resume instead of re-rendering.
    this.lastEventId = snapshot.last_event_id;
    for (const [id, state] of Object.entries(snapshot.lanes)) {
      if (!isValidLaneId(id)) continue;
      this.lanes.set(id, {
        state: { bill: state.bill, modal: state.modal, payment: state.payment },
        history: new EventHistory(this.historySize, this.lastEventId),
        subscribers: new Set(),
      });
    }
  }

  /**
   * Registers a display. It first gets `retry:` and `connected`, then either the events it
   * missed since `lastEventId` (resume) or the lane's current state (snapshot).
   * Returns the function that unregisters it.
   */
  connect(laneId: string, subscriber: Subscriber, lastEventId?: string | null): () => void {
    const lane = this.lane(laneId);
    const head = this.lastEventId;
    const lastSeen = lastEventId ? Number(lastEventId) : NaN;
    const missed = Number.isNaN(lastSeen) ? null : lane.history.since(lastSeen, head);
    const greeting = { status: 'ok', lane: laneId, heartbeat_ms: this.heartbeatMs || undefined };
    let opening = formatSseRetry(this.retryMs);
    if (missed) {
      opening += formatSseFrame({ id: lastSeen, event: 'connected', data: { ...greeting, mode: 'resume' } });
      for (const entry of missed) opening += entry.frame;
    } else {
      // Snapshot events carry the head id: the state they describe is as of that event.
      opening += formatSseFrame({ id: head, event: 'connected', data: { ...greeting, mode: 'snapshot' } });
      for (const event of snapshotEvents(lane.state)) opening += formatSseFrame({ id: head, ...event });
    }
    subscriber.send(opening);
    lane.subscribers.add(subscriber);
    this.heartbeat.start();
    return () => {
      lane.subscribers.delete(subscriber);
      this.forgetIfUnused(laneId, lane);
    };
  }

  /** Connected displays per lane. */
  summary(): LaneSummary[] {
    return [...this.lanes].map(([lane, { state, subscribers }]) => laneSummary(lane, subscribers.size, state));
  }

  /** All connected displays, over every lane. */
  get clientCount(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.subscribers.size;
    return count;
  }

  /**
   * Closes every stream and stops the heartbeat. With `retryMs`, streams are first told to
   * come back after that long (a restart is about to happen).
   */
  close({ retryMs }: { retryMs?: number } = {}): void {
    this.heartbeat.stop();
    this.disconnectAll({ retryMs });
  }

  /** Ends every open stream, state kept: the displays reconnect and resume (a dropped network). */
  disconnectAll({ retryMs }: { retryMs?: number } = {}): void {
    endStreams(this.allSubscribers(), retryMs);
    for (const lane of this.lanes.values()) lane.subscribers.clear();
  }

  private *allSubscribers(): Iterable<Subscriber> {
    for (const lane of this.lanes.values()) yield* lane.subscribers;
  }

  /**
   * Streams need no token: a lane that a display merely looked at, with nothing in it and
   * nobody watching, is dropped again, so opening streams cannot use up the lane limit.
   */
  private forgetIfUnused(laneId: string, lane: Lane): void {
    const { bill, modal, payment } = lane.state;
    if (lane.subscribers.size === 0 && !bill && !modal && !payment && this.lanes.get(laneId) === lane) this.lanes.delete(laneId);
  }

  private lane(laneId: string): Lane {
    let lane = this.lanes.get(laneId);
    if (!lane) {
      if (this.lanes.size >= this.maxLanes) throw new LaneLimitError(this.maxLanes);
      lane = { state: EMPTY_LANE_STATE, history: new EventHistory(this.historySize, this.lastEventId), subscribers: new Set() };
      this.lanes.set(laneId, lane);
    }
    return lane;
  }

  private broadcast(lane: Lane, event: LaneEvent): void {
    const id = ++this.lastEventId;
    const frame = formatSseFrame({ id, ...event });
    lane.history.push({ id, frame });
    for (const subscriber of lane.subscribers) subscriber.send(frame);
  }
}
