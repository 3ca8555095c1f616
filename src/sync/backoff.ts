/**
 * Reconnect delays: fast first (a hub restart should be invisible), doubling, capped, with
 * jitter so twenty displays do not hit a restarted hub in the same millisecond.
 */
export interface BackoffOptions {
  /** First delay in ms. */
  initialMs: number;
  /** Largest delay in ms. */
  maxMs: number;
  /** Returns [0, 1); injectable for tests. */
  random?: () => number;
}

export function reconnectDelay(attempt: number, { initialMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}
