/**
 * The standalone hub's state file at start: read back within the hub's budgets
 * (`--state-budget`, `--lane-budget`, with the hub's defaults) — whatever it holds, the hub
 * starts, and what was dropped is logged at warn — then opened as the journal every change
 * is written to. Only a folder that is missing or not writable stops the hub:
 * that is the operator's configuration, never something a client could have sent.
 */
import type { Logger } from './logger.js';
import { defaultStateBudget } from './memory-budget.js';
import { DEFAULT_LANE_BUDGET_BYTES } from '../state-budget.js';
import type { RestoredState } from '../store/memory/memory-store.js';
import { restoreStateFile, StateJournal } from '../store/memory/state-journal.js';

export interface StateFileBudgets {
  /** Bytes of lanes' state the hub holds at most (`--state-budget`): no more is restored. */
  stateBudgetBytes?: number;
  /** Bytes one lane holds at most (`--lane-budget`): a longer record cannot be one the hub wrote. */
  laneBudgetBytes?: number;
}

/** A record's own fields around the lane's state (its id, its lane id, the JSON keys). */
const RECORD_OVERHEAD_BYTES = 4 * 1024;

export function openStateFile(path: string, budgets: StateFileBudgets, logger?: Logger): { restored: RestoredState | null; journal: StateJournal } {
  const restored = restoreStateFile(path, {
    maxBytes: budgets.stateBudgetBytes ?? defaultStateBudget(),
    maxLineBytes: (budgets.laneBudgetBytes ?? DEFAULT_LANE_BUDGET_BYTES) + RECORD_OVERHEAD_BYTES,
    onProblem: (message) => logger?.warn(message),
  });
  const journal = new StateJournal(path, restored, { onError: (error) => logger?.error(`state file: ${error.message}`) });
  return { restored, journal };
}
