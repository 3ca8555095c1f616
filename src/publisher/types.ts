/**
 * The publisher's shared types, in a module of their own: the transports, the prompt lines
 * and the hub adapter need them, and importing them from `publisher.ts` (which imports
 * those modules) made import cycles.
 */
import type { CommandName } from '../protocol/index.js';

export interface PublishResult {
  /** The hub accepted the state this call asked for. */
  ok: boolean;
  /** HTTP status; 0 when no reply came (network error, timeout, invalid input). */
  status: number;
  /** Why it failed. */
  error?: string;
  /** This call's state was sent by a later call of the same kind (latest wins). */
  coalesced?: boolean;
}

export interface PublishFailure extends PublishResult {
  ok: false;
  /** The endpoint, e.g. `update-bill`. */
  command: CommandName;
}

/** Options for one call. */
export interface SendOptions {
  /**
   * For `pagehide`: sent at once, beside a request in flight (the page will not wait for
   * it), as a `fetch` with `keepalive` that outlives the page.
   */
  keepalive?: boolean;
}
