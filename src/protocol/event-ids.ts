/**
 * Event ids and their order. Our hub numbers events with integers (time-based, so they keep
 * increasing across restarts); with the Redis backplane they are stream ids (`ms-seq`). The
 * original bridge sends none.
 */

const EVENT_ID = /^(\d+)(?:-(\d+))?$/;

/** Orders two event ids; `undefined` when either cannot be ordered (not one of our forms). */
export function compareEventIds(a: string, b: string): number | undefined {
  const pa = EVENT_ID.exec(a);
  const pb = EVENT_ID.exec(b);
  if (!pa || !pb) return undefined;
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2] ?? 0) - Number(pb[2] ?? 0);
}
