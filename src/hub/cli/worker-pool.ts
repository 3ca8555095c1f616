/**
 * `display-hub --workers N`: the primary process of a node:cluster. It forks N workers (each
 * a whole hub on the shared port, sharing one Redis), prints nothing per worker (the CLI
 * prints one banner once all listen), restarts a worker that dies (after a delay that
 * doubles while restarts keep failing, up to {@link MAX_RESTART_DELAY_MS}), and on stop
 * passes SIGTERM on, so every worker closes its streams gracefully.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../node/logger.js';

/** Tells a worker which of the N it is (slot 0 alone plays a --scenario). */
export const WORKER_SLOT_ENV = 'DISPLAY_HUB_WORKER_SLOT';
/** What a worker tells the primary once it listens. */
export const LISTENING_MESSAGE = 'display-hub:listening';

export const FIRST_RESTART_DELAY_MS = 250;
export const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that served this long was healthy: its slot's next restart starts from the first delay again. */
const STABLE_AFTER_MS = 30_000;
/** Workers get this long to close after SIGTERM (each gives itself 5 s) before they are killed. */
const STOP_GRACE_MS = 8_000;

/** The delay before restart number `failures` (0-based) of a slot whose workers keep dying. */
export function restartDelay(failures: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.min(failures, 20));
}

export interface WorkerPool {
  /** Resolves with the hub's URL once every worker listens; rejects when one exits before it does (it printed why). */
  readonly ready: Promise<string>;
  /** Worker pids now (the banner lists them). */
  pids(): number[];
  /** SIGTERM to every worker; resolves once all have exited (killed after a grace period). */
  stop(): Promise<void>;
}

interface Slot {
  worker: Worker;
  startedAt: number;
  failures: number;
  listening: boolean;
  restartTimer?: ReturnType<typeof setTimeout>;
}

export function startWorkerPool(count: number, logger: Logger): WorkerPool {
  const slots: Slot[] = [];
  let stopping = false;
  let started = false;
  let resolveReady!: (url: string) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined); // the CLI reads it; an unread rejection must not crash the primary

  const fork = (index: number, failures: number): void => {
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(index) });
    const slot: Slot = { worker, startedAt: Date.now(), failures, listening: false };
    slots[index] = slot;
    worker.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type !== LISTENING_MESSAGE || typeof message.url !== 'string') return;
      slot.listening = true;
      if (!started && slots.length === count && slots.every((s) => s.listening)) {
        started = true;
        resolveReady(message.url);
      }
    });
    worker.on('exit', (code, signal) => onExit(index, slot, code, signal));
  };

  const onExit = (index: number, slot: Slot, code: number | null, signal: string | null): void => {
    if (stopping || slots[index] !== slot) return;
    if (!started) {
      // A worker that cannot start (port taken, Redis unreachable) said why: the others would fail alike.
      void stop().then(() => rejectReady(new Error(`worker ${index + 1} exited before listening`)));
      return;
    }
    const failures = Date.now() - slot.startedAt >= STABLE_AFTER_MS ? 0 : slot.failures + 1;
    const delay = restartDelay(Math.max(0, failures - 1));
    logger.warn(`worker ${index + 1} (pid ${slot.worker.process.pid}) exited (${signal ?? `code ${code}`}): restarting it in ${(delay / 1000).toFixed(2)} s`);
    slot.restartTimer = setTimeout(() => {
      if (!stopping) fork(index, failures);
    }, delay);
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    for (const slot of slots) clearTimeout(slot?.restartTimer);
    const alive = slots.map((slot) => slot?.worker).filter((worker): worker is Worker => !!worker && !worker.isDead());
    const exits = alive.map((worker) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
    for (const worker of alive) worker.process.kill('SIGTERM');
    const grace = setTimeout(() => alive.forEach((worker) => worker.isDead() || worker.process.kill('SIGKILL')), STOP_GRACE_MS);
    await Promise.all(exits);
    clearTimeout(grace);
  };

  for (let index = 0; index < count; index++) fork(index, 0);
  return { ready, pids: () => slots.map((slot) => slot.worker.process.pid!).filter(Boolean), stop };
}
