/**
 * `display-hub --workers <n|auto>`: how many processes serve the one port (node:cluster).
 * More than one needs `--redis`: each worker is an instance of its own, and only Redis lets
 * a bill posted to one worker reach the displays another one serves.
 */
import { availableParallelism } from 'node:os';
import { wholeNumber } from './whole-number.js';

export const WORKER_FLAGS = {
  workers: { type: 'string' },
} as const;

/** More than this many workers on one machine is a typo, not a plan. */
export const MAX_WORKERS = 64;

export const WORKER_USAGE = `  --workers <n|auto>     processes serving the one port (default 1); "auto": one per core
                         (here ${availableParallelism()}). More than one needs --redis; per-address limits
                         and the credential brake count per worker
`;

export interface WorkerSetup {
  /** Processes serving the port; 1: this process serves it, no cluster. */
  workers: number;
}

export class WorkerFlagError extends Error {}

export function parseWorkerFlags(values: { workers?: string; redis?: string }, cores: () => number = availableParallelism): WorkerSetup {
  const text = values.workers?.trim();
  const workers =
    text?.toLowerCase() === 'auto'
      ? Math.min(MAX_WORKERS, Math.max(1, cores()))
      : wholeNumber('--workers', text, 1, 1, MAX_WORKERS, (message) => new WorkerFlagError(`${message.replace(/, got/, ' or "auto", got')}`));
  if (workers > 1 && values.redis === undefined) {
    throw new WorkerFlagError(`--workers ${workers} needs --redis: every worker is an instance of its own, and only a shared Redis lets a bill posted to one worker reach the displays of another`);
  }
  return { workers };
}
