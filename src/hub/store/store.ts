/**
 * What differs between a hub that keeps its lanes in memory and one that shares them
 * through Redis: where events get their ids and are kept for resume, where a lane's state
 * lives, and how events appended anywhere reach this instance. Everything else (lanes,
 * fan-out, openings, heartbeats, limits) is the {@link Hub}'s, written once.
 */
import type { Redis } from 'ioredis';
import type { Command, Frame } from '../../protocol/index.js';
import type { LaneState } from '../lane-state.js';
import type { PromptExchange } from '../prompt-exchange.js';

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

/*
 * What only some stores can do, each one method or property, asked for by the guard beside
 * it (never by `instanceof` on a concrete store): a store offers what it has, and callers
 * keep working with any other store.
 */

/** A store that holds lanes before any display or publish (restored from a state file). */
export interface RestoresLanes {
  /** Every lane that shows something now, with its state: the hub knows them from the start. */
  restoredLanes(): Iterable<[string, LaneState]>;
}

export function restoresLanes(store: HubStore): store is HubStore & RestoresLanes {
  return typeof (store as Partial<RestoresLanes>).restoredLanes === 'function';
}

/**
 * A store that can be away (a remote one): `/health` answers 503 while it is (a load
 * balancer sends cashiers elsewhere) and `/metrics` reports whether it is reachable.
 */
export interface ReportsAvailability {
  /** What it is, as `/health` names it (`redis`). */
  readonly storeName: string;
  /** False while the store cannot be reached (publishes fail, displays keep their last state). */
  readonly available: boolean;
  /** Since when it cannot be reached (ms since the epoch); null while it can. */
  readonly unavailableSince: number | null;
}

export function reportsAvailability(store: HubStore): store is HubStore & ReportsAvailability {
  return typeof (store as Partial<ReportsAvailability>).available === 'boolean';
}

/** A store kept in Redis: what the instances share besides lanes (pairings) can live beside it. */
export interface SharesRedisClient {
  /** Its connection, to be shared (not closed) by what lives beside it. */
  readonly redisClient: Redis;
}

export function sharesRedisClient(store: HubStore): store is HubStore & SharesRedisClient {
  return typeof (store as Partial<SharesRedisClient>).redisClient === 'object';
}

/**
 * A store shared by several instances that shares the shopper's prompts too: every instance
 * shows, answers and closes them through it. Without it (memory) prompts stay in the process.
 */
export interface SharesPrompts {
  /** The exchange (one per store, made on first call). */
  promptExchange(): PromptExchange;
}

export function sharesPrompts(store: HubStore): store is HubStore & SharesPrompts {
  return typeof (store as Partial<SharesPrompts>).promptExchange === 'function';
}

/** Runs `then` on a value that may or may not be a promise, synchronously when it is not. */
export function whenReady<T, R>(value: MaybePromise<T>, then: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}
