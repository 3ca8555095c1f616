/** Values every side of the wire agrees on. */

/** Base path of every endpoint, as in the original Flask bridge. */
export const API_BASE_PATH = '/api/customer-display';

/** The lane used when a request names none (`?lane=` absent): one till, as in the original. */
export const DEFAULT_LANE = 'default';

const LANE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Lane ids are short names: letters, digits, `.`, `_`, `-`, at most 64 characters. */
export function isValidLaneId(id: string): boolean {
  return LANE_ID.test(id);
}

/**
 * A display's own id and secret, as its page makes them (`src/sync/display-pairing.ts`:
 * random bytes, base64url): what the hub accepts on a control stream or a lane stream.
 */
export const DISPLAY_ID = /^[A-Za-z0-9_-]{16,64}$/;
export const DISPLAY_KEY = /^[A-Za-z0-9_-]{32,128}$/;

/** How often the hub pings a silent stream; displays expect it (watchdog). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** The largest POST body the hub accepts by default (a 200-line bill is ~40 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** How long a browser waits before it reconnects by itself (`retry:`). */
export const DEFAULT_RETRY_MS = 1000;

/** The clear reason that means the sale went through (the original's only reason). */
export const PAYMENT_SUCCESS = 'payment_success';
