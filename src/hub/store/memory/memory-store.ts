/**
 * The store of a single hub process: lanes' state and recent events in memory, ids from
 * the clock, and (optionally) every change written to a journal before any display sees it.
 * Free of Node APIs: the MSW mock and the BroadcastChannel transport use it in the page.
 */
import { Frame } from '../../../protocol/index.js';
import { EventIdClock } from './event-ids.js';
import { EventHistory, type HistoryLimits } from './event-history.js';
import { applyCommand, EMPTY_LANE_STATE, isEmptyLaneState, restoredLaneState, type LaneState } from '../../lane-state.js';
import type { StateAdmission } from '../../state-budget.js';
import type { AppendListener, Appended, HubStore, Opening, RestoresLanes, StoredEvent } from '../store.js';

/** Where a change is made durable; called before the change is delivered to any display. */
export interface ChangeJournal {
  record(lane: string, eventId: number, state: LaneState): void;
}

/** What a restarted hub starts from. */
export interface RestoredState {
  /** The newest id the previous run gave out. */
  lastEventId: number;
  lanes: Record<string, LaneState>;
}

export interface MemoryStoreOptions {
  now?: () => number;
  /** Per lane: events and bytes kept for resume. Default 500 events, 256 KiB. */
  history?: Partial<HistoryLimits>;
  /** Bytes of resume history over all lanes; beyond it, the least recently used lanes' go. Default 64 MiB. */
  historyBudgetBytes?: number;
  journal?: ChangeJournal;
  restored?: RestoredState;
  /** Refuses a change that would take more bytes than there is room for (the hub's {@link StateBudget}). */
  budget?: StateAdmission;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxEvents: 500, maxBytes: 256 * 1024 };
export const DEFAULT_HISTORY_BUDGET_BYTES = 64 * 1024 * 1024;

interface MemoryLane {
  state: LaneState;
  readonly history: EventHistory;
}

export class MemoryStore implements HubStore, RestoresLanes {
  readonly local = true;
  private readonly clock: EventIdClock;
  private readonly limits: HistoryLimits;
  private readonly budget: number;
  /** In order of last use: the first ones lose their history first when over budget. */
  private readonly lanes = new Map<string, MemoryLane>();
  private historyBytes = 0;
  private listener: AppendListener = () => {};

  constructor(private readonly options: MemoryStoreOptions = {}) {
    const now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_HISTORY_LIMITS, ...options.history };
    this.budget = options.historyBudgetBytes ?? DEFAULT_HISTORY_BUDGET_BYTES;
    const restored = options.restored;
    this.clock = new EventIdClock(now, restored?.lastEventId);
    for (const [lane, state] of Object.entries(restored?.lanes ?? {})) {
      // Displays that saw exactly the last id resume with nothing; older ones get a snapshot.
      this.lanes.set(lane, { state: restoredLaneState(state), history: this.newHistory(String(restored!.lastEventId)) });
    }
  }

  get headId(): string {
    return String(this.clock.head);
  }

  /** Every lane that shows something, with its state (for persistence and tab sync). */
  *states(): Iterable<[string, LaneState]> {
    for (const [lane, { state }] of this.lanes) if (!isEmptyLaneState(state)) yield [lane, state];
  }

  /** Read by the hub when it starts: the lanes a state file restored show at once. */
  restoredLanes(): Iterable<[string, LaneState]> {
    return this.states();
  }

  state(lane: string): LaneState {
    return this.lanes.get(lane)?.state ?? EMPTY_LANE_STATE;
  }

  listen(listener: AppendListener): void {
    this.listener = listener;
  }

  append(laneId: string, command: Parameters<HubStore['append']>[1], nowSeconds: number): Appended {
    const budget = this.options.budget;
    // Checked before the lane is touched: a refused change leaves no trace.
    const transition = applyCommand(this.state(laneId), command, nowSeconds, budget && { lane: laneId, budget });
    const lane = this.touch(laneId);
    const events: StoredEvent[] = transition.events.map((event) => {
      const id = String(this.clock.next());
      return { id, frame: Frame.ofMessage({ id, ...event }) };
    });
    // Durable before anyone sees it: a display never holds an id the journal lacks.
    this.options.journal?.record(laneId, this.clock.head, transition.state);
    lane.state = transition.state;
    for (const event of events) this.remember(lane, event);
    const appended = { state: transition.state, events };
    this.listener(laneId, appended);
    return appended;
  }

  open(laneId: string, lastEventId: string | null): Opening {
    const lane = this.lanes.get(laneId);
    const head = this.headId;
    const missed = lastEventId === null ? null : (lane?.history.since(lastEventId, head) ?? null);
    return { state: lane?.state ?? EMPTY_LANE_STATE, head, missed };
  }

  follow(): void {}
  close(): void {}

  /** Nobody watches the lane: an empty one is dropped, history and all (a display coming back gets a snapshot of nothing, which is right). */
  unfollow(laneId: string): void {
    const lane = this.lanes.get(laneId);
    if (lane && isEmptyLaneState(lane.state)) this.drop(laneId, lane);
  }

  private touch(laneId: string): MemoryLane {
    let lane = this.lanes.get(laneId);
    if (lane) this.lanes.delete(laneId);
    else lane = { state: EMPTY_LANE_STATE, history: this.newHistory(this.headId) };
    this.lanes.set(laneId, lane); // now the most recently used
    return lane;
  }

  private newHistory(startId: string): EventHistory {
    return new EventHistory(this.limits, startId);
  }

  private remember(lane: MemoryLane, event: StoredEvent): void {
    const before = lane.history.byteLength;
    lane.history.push(event);
    this.historyBytes += lane.history.byteLength - before;
    for (const [id, other] of this.lanes) {
      if (this.historyBytes <= this.budget) break;
      if (other === lane) continue;
      this.historyBytes -= other.history.byteLength;
      other.history.clear();
      if (isEmptyLaneState(other.state)) this.lanes.delete(id);
    }
  }

  private drop(laneId: string, lane: MemoryLane): void {
    this.historyBytes -= lane.history.byteLength;
    this.lanes.delete(laneId);
  }
}
