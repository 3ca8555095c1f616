/**
 * What `/health` and a refused publish say about the store behind the hub. A hub whose
 * Redis is away cannot publish: it answers `/health` with 503 so a load balancer sends
 * cashiers to another instance, with the reason in the body for whoever reads it; it
 * answers 200 again by itself once Redis is back. A store that cannot be away (memory)
 * adds nothing.
 */
import { reportsAvailability, type HubStore } from '../store/store.js';

export interface StoreHealth {
  /** 200, or 503 while the store is away. */
  readonly httpStatus: 200 | 503;
  /** The body's `status`. */
  readonly status: 'ok' | 'unavailable';
  /** What the body says about the store (`redis: "up"`; when down, since when and why that matters). */
  readonly fields: Record<string, string | number>;
}

const ALWAYS_UP: StoreHealth = { httpStatus: 200, status: 'ok', fields: {} };

export function storeHealth(store: HubStore, now = Date.now()): StoreHealth {
  if (!reportsAvailability(store)) return ALWAYS_UP;
  const name = store.storeName;
  const since = store.unavailableSince;
  if (since === null) return { httpStatus: 200, status: 'ok', fields: { [name]: 'up' } };
  return {
    httpStatus: 503,
    status: 'unavailable',
    fields: {
      [name]: 'down',
      [`${name}_down_since`]: new Date(since).toISOString(),
      [`${name}_down_s`]: Math.max(0, Math.round((now - since) / 1000)),
      reason: `${describe(name)} cannot be reached: publishes are refused (503) until it is back; open displays keep showing their last state`,
    },
  };
}

/** The message a refused publish carries while the store is away: a cashier app can log it as it is. */
export function storeDownMessage(store: HubStore, now = Date.now()): string | null {
  if (!reportsAvailability(store)) return null;
  const since = store.unavailableSince;
  if (since === null) return null;
  const seconds = Math.max(0, Math.round((now - since) / 1000));
  return `${describe(store.storeName)} cannot be reached (for ${seconds} s): this update was not stored and no display shows it; send it again (the next update carries the whole bill)`;
}

function describe(name: string): string {
  return name === 'redis' ? 'Redis' : `the ${name} store`;
}
