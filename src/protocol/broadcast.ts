/**
 * The BroadcastChannel transport, for a display in a second window of the cashier's own
 * browser (no server at all). The cashier side runs the hub core and answers each display's
 * `hello` with its opening; every message carries the same SSE frames a hub would stream,
 * so the display validates and applies them exactly as it does a real stream.
 */
import { DEFAULT_LANE } from './constants.js';

export const BROADCAST_PREFIX = 'broadcast:';

/** One channel per lane. */
export function broadcastChannelName(lane: string): string {
  return `pos-customer-display:${lane || DEFAULT_LANE}`;
}

export type BroadcastMessage =
  /** A display (re)connects: it wants an opening, resuming after `lastEventId` if it can. */
  | { type: 'hello'; from: string; lastEventId: string | null }
  /** A display leaves (page closed): stop sending to it. */
  | { type: 'bye'; from: string }
  /** The cashier window (re)started its hub: displays say hello again at once. */
  | { type: 'hub-ready' }
  /** SSE frames from the hub side; `to` addresses one display (its opening). */
  | { type: 'frames'; to: string; text: string }
  /** A display answers a prompt (`POST /respond` over the channel); `request` pairs the reply. */
  | { type: 'respond'; from: string; request: string; prompt_id: string; value: unknown }
  /** The cashier side's reply to one `respond`. */
  | { type: 'respond-result'; to: string; request: string; ok: boolean; error?: string };

export function isBroadcastMessage(value: unknown): value is BroadcastMessage {
  if (!value || typeof value !== 'object') return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'hello':
      return typeof message.from === 'string' && (message.lastEventId === null || typeof message.lastEventId === 'string');
    case 'bye':
      return typeof message.from === 'string';
    case 'frames':
      return typeof message.to === 'string' && typeof message.text === 'string';
    case 'hub-ready':
      return true;
    case 'respond':
      return typeof message.from === 'string' && typeof message.request === 'string' && typeof message.prompt_id === 'string';
    case 'respond-result':
      return typeof message.to === 'string' && typeof message.request === 'string' && typeof message.ok === 'boolean';
    default:
      return false;
  }
}
