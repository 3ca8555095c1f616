/**
 * What differs between a hub that keeps its lanes in memory and one that shares them
 * through Redis: where events get their ids and are kept for resume, where a lane's state
 * lives, and how events appended anywhere reach this instance. Everything else (lanes,
 * fan-out, openings, heartbeats, limits) is the {@link Hub}'s, written once.
 */
import type { Command, Frame } from '../../protocol/index.js';
import type { LaneState } from '../lane-state.js';

/** An event as stored: its id and its SSE frame (which carries the id). */
export interface StoredEvent {
  readonly id: string;
  readonly frame: Frame;
}

/** What a (re)connecting display is sent first. */
export interface Opening {
  /** The lane's state as of {@link head}. */
  readonly state: LaneState;
  /** The newest event id the opening covers. */
  readonly head: string;
  /** The events after the display's id (resume), or null: it gets the state (snapshot). */
  readonly missed: readonly StoredEvent[] | null;
}

export interface Appended {
  /** The lane's state after the command. */
  readonly state: LaneState;
  /** The events the command produced, in order, with their ids. */
  readonly events: readonly StoredEvent[];
}

/** Events appended to a lane (by this instance or another), in id order. */
export type AppendListener = (lane: string, appended: Appended) => void;

/** Either a value now or, for a remote store, later. */
export type MaybePromise<T> = T | Promise<T>;

export interface HubStore {
  /**
   * True when every append is delivered to this instance's listener (one process holds
   * all lanes); false when only the lanes it {@link follow}s are (a shared store).
   */
  readonly local: boolean;
  /** The newest event id this instance knows. */
  readonly headId: string;
  /** Applies a command to a lane, stores the new state and its events, returns them. */
  append(lane: string, command: Command, nowSeconds: number): MaybePromise<Appended>;
  /** The opening for a display that last saw `lastEventId` (null: never connected). */
  open(lane: string, lastEventId: string | null): MaybePromise<Opening>;
  /** Starts delivering the lane's appends to the listener (once per lane; idempotent). */
  follow(lane: string): MaybePromise<void>;
  /** Stops delivering them (no display here watches the lane any more). */
  unfollow(lane: string): void;
  /** Where appends are delivered (set once, by the hub). */
  listen(listener: AppendListener): void;
  close(): MaybePromise<void>;
}

/** Runs `then` on a value that may or may not be a promise, synchronously when it is not. */
export function whenReady<T, R>(value: MaybePromise<T>, then: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}
