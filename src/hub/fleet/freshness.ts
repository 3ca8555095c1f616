/**
 * How instances tell the others that what they hold in the pairing store is alive: each
 * rewrites its screens' pending codes and presences every {@link REFRESH_MS}. A record not
 * rewritten for {@link SEEN_TIMEOUT_MS} belongs to an instance that died with it.
 */

export const REFRESH_MS = 10_000;
/** Three refreshes missed, not one: a late timer or a slow store does not make a screen disappear. */
export const SEEN_TIMEOUT_MS = 30_000;

export function isFresh(seenAt: number, now: number): boolean {
  return now - seenAt < SEEN_TIMEOUT_MS;
}
