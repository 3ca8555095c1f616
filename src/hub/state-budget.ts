/**
 * How much room lanes' state may take, in bytes: what a till shows (bill, dialog, payment,
 * extra fields included) measured as the UTF-8 bytes of its JSON, plus the lane's open
 * prompt. Counted in bytes, not lanes, because a lane's size is the client's choice: a count
 * of lanes bounds nothing when one lane can hold 750 KB.
 *
 * Two budgets. Per lane (`--lane-budget`): checked wherever a lane's state changes, by
 * whichever store applies the command ({@link applyCommand} takes the check), so a hub on
 * Redis refuses the same oversized lane. Per process (`--state-budget`): every lane's state
 * and every open prompt this process holds, kept by {@link StateBudget}. Free of Node APIs
 * (the in-page hubs use it too).
 */
import type { LaneState } from './lane-state.js';

/**
 * A lane's state and prompt at most. A 200-line bill with its dialog and payment is under
 * 64 KiB; this is four times that, and the default `--max-body`, so any single post the
 * hub reads fits an empty lane while a lane can never hold three such posts at once.
 */
export const DEFAULT_LANE_BUDGET_BYTES = 256 * 1024;

/**
 * What a lane with state costs beyond its JSON (the hub's and the store's records of it,
 * its parsed objects' headers): counted in the process budget so that millions of tiny
 * lanes cannot fill the heap while their JSON stays under it.
 */
export const LANE_OVERHEAD_BYTES = 1024;

/**
 * What a lane's record in the state file adds to its state's JSON, at most:
 * `{"id":<16 digits>,"lane":"…","state":{"bill":…,"modal":null,"payment":null}}` and its
 * newline, less the lane id. The state file is read back at start within the same budget,
 * counted by its records: a hub filled to the brim must restart with every lane.
 */
export const STATE_FILE_RECORD_BYTES = 96;

/** What the process budget counts for a lane besides its state's JSON. */
export function laneOverheadBytes(lane: string): number {
  return LANE_OVERHEAD_BYTES + STATE_FILE_RECORD_BYTES + utf8Length(lane);
}

/** A budget was reached: the request is refused whole, nothing changed. */
export abstract class BudgetError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** One lane would hold more than `--lane-budget`: 413. */
export class LaneBudgetError extends BudgetError {
  readonly status = 413;
  readonly code = 'lane_budget_exceeded';
  constructor(lane: string, needed: number, budget: number) {
    super(
      `lane ${lane} would hold ${needed} bytes (bill, dialog, payment and open prompt as JSON), ` +
        `above the lane budget of ${budget} bytes (--lane-budget); send less (extra fields count too) or raise --lane-budget`,
    );
  }
}

/** Every lane together would hold more than `--state-budget`: 507 (the hub's storage is full, not the request too big). */
export class StateBudgetError extends BudgetError {
  readonly status = 507;
  readonly code = 'state_budget_exceeded';
  constructor(needed: number, budget: number) {
    super(
      `the hub would hold ${needed} bytes of lane state and prompts, above its state budget of ${budget} bytes (--state-budget); ` +
        'clear lanes that are done, or raise --state-budget',
    );
  }
}

/** UTF-8 length of a string without encoding it (a lone surrogate counts as U+FFFD: 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The UTF-8 bytes of a value's JSON (0 for null or undefined). */
export function jsonBytes(value: unknown): number {
  return value === null || value === undefined ? 0 : utf8Length(JSON.stringify(value));
}

/** A lane's state in bytes: its bill, dialog and payment as JSON, extra fields included. */
export function stateBytes(state: LaneState): number {
  return jsonBytes(state.bill) + jsonBytes(state.modal) + jsonBytes(state.payment);
}

/**
 * Checked after a command is applied and before anything is kept: throws a
 * {@link BudgetError} to refuse it. A change that does not grow the lane always passes
 * (a clear, a hidden dialog, a smaller bill), so a lane over a lowered budget can shrink.
 */
export interface StateAdmission {
  admit(lane: string, before: LaneState, after: LaneState): void;
}

/** The per-lane check alone: for a store shared by several processes (Redis), whose totals are its own. */
export function laneBudget(budgetBytes: number = DEFAULT_LANE_BUDGET_BYTES): StateAdmission {
  return {
    admit(lane, before, after) {
      const bytes = stateBytes(after);
      if (bytes > budgetBytes && bytes > stateBytes(before)) throw new LaneBudgetError(lane, bytes, budgetBytes);
    },
  };
}

/** The open prompts' bytes, as the prompt desk counts them. */
export interface PromptBytes {
  bytesOn(lane: string): number;
  readonly totalBytes: number;
}

/**
 * This process's lanes and prompts against both budgets. The hub {@link settle}s every
 * state it takes (so freed lanes free their bytes), the store asks {@link admit} before a
 * change, the prompt desk {@link admitPrompt} before a prompt.
 */
export class StateBudget implements StateAdmission {
  /** Each lane's counted bytes (its state's plus {@link laneOverheadBytes}); lanes showing nothing are absent. */
  private readonly lanes = new Map<string, number>();
  private stateTotal = 0;
  /** The last state admitted and its bytes: settled right after, measured once (a lane's JSON can be 256 KiB). */
  private admitted: { state: LaneState; bytes: number } | null = null;

  constructor(
    readonly laneBudgetBytes: number,
    readonly totalBudgetBytes: number,
    private readonly prompts: () => PromptBytes | undefined,
  ) {}

  /** Bytes counted now: every lane's state and every open prompt. */
  get usedBytes(): number {
    return this.stateTotal + (this.prompts()?.totalBytes ?? 0);
  }

  admit(lane: string, before: LaneState, after: LaneState): void {
    const bytes = stateBytes(after);
    this.admitted = { state: after, bytes };
    const counted = this.lanes.get(lane);
    if (bytes <= (counted === undefined ? stateBytes(before) : counted - laneOverheadBytes(lane))) return;
    const onLane = bytes + (this.prompts()?.bytesOn(lane) ?? 0);
    if (onLane > this.laneBudgetBytes) throw new LaneBudgetError(lane, onLane, this.laneBudgetBytes);
    const total = this.usedBytes - (counted ?? 0) + bytes + laneOverheadBytes(lane);
    if (total > this.totalBudgetBytes) throw new StateBudgetError(total, this.totalBudgetBytes);
  }

  /** Before a prompt of `bytes` opens on a lane (replacing its open one, if any). */
  admitPrompt(lane: string, bytes: number): void {
    const state = this.lanes.get(lane);
    const onLane = (state === undefined ? 0 : state - laneOverheadBytes(lane)) + bytes;
    if (onLane > this.laneBudgetBytes) throw new LaneBudgetError(lane, onLane, this.laneBudgetBytes);
    const total = this.usedBytes - (this.prompts()?.bytesOn(lane) ?? 0) + bytes;
    if (total > this.totalBudgetBytes) throw new StateBudgetError(total, this.totalBudgetBytes);
  }

  /** A lane's state as it now is (empty: its bytes are freed). */
  settle(lane: string, state: LaneState): void {
    const before = this.lanes.get(lane) ?? 0;
    const bytes = this.admitted?.state === state ? this.admitted.bytes : stateBytes(state);
    this.admitted = null;
    const counted = bytes === 0 ? 0 : bytes + laneOverheadBytes(lane);
    if (counted === 0) this.lanes.delete(lane);
    else this.lanes.set(lane, counted);
    this.stateTotal += counted - before;
  }

  /** The lane is gone from this process. */
  forget(lane: string): void {
    this.stateTotal -= this.lanes.get(lane) ?? 0;
    this.lanes.delete(lane);
  }
}
