/**
 * What a display knows, and the pure rules that fold validated stream events into it.
 * `<display-sync>` owns the one instance and provides it to its descendants by context.
 */
import type { Bill, DisplayEvent, ModalShowEvent } from './protocol.js';

/**
 * - `connecting`: no stream yet;
 * - `live`: the stream is open and events (or heartbeats) arrive;
 * - `stale`: open, but silent for longer than the heartbeat promises: what shows may be old;
 * - `offline`: the stream is down; reconnecting.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'offline';

export interface DisplayState {
  readonly status: ConnectionStatus;
  /** The open bill (possibly with no items yet), or null. */
  readonly bill: Bill | null;
  /** The visible modal, or null. */
  readonly modal: ModalShowEvent | null;
  /** The last `clear`, so views can show e.g. a thank-you after `payment_success`. */
  readonly lastClear: { readonly reason: string; readonly at: number } | null;
  /** Id of the last event applied; sent back to the hub to resume after a reconnect. */
  readonly lastEventId: string | null;
  /** Id shared by the snapshot events of the current stream (they all describe one moment). */
  readonly snapshotId: string | null;
  /** When anything (an event or a heartbeat) last arrived, in ms since the epoch. */
  readonly lastMessageAt: number | null;
}

export const INITIAL_DISPLAY_STATE: DisplayState = Object.freeze({
  status: 'connecting',
  bill: null,
  modal: null,
  lastClear: null,
  lastEventId: null,
  snapshotId: null,
  lastMessageAt: null,
});

/**
 * Orders event ids: our hub's integers, or `ms-seq` pairs (Redis stream ids). Anything else
 * (the original bridge sends none) cannot be ordered: `undefined`.
 */
export function compareEventIds(a: string, b: string): number | undefined {
  const pa = /^(\d+)(?:-(\d+))?$/.exec(a);
  const pb = /^(\d+)(?:-(\d+))?$/.exec(b);
  if (!pa || !pb) return undefined;
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2] ?? 0) - Number(pb[2] ?? 0);
}

/** An event this display has already applied, seen again (e.g. replayed after a resume). */
function isDuplicate(state: DisplayState, id: string | undefined): boolean {
  if (!id || !state.lastEventId || id === state.snapshotId) return false;
  const order = compareEventIds(id, state.lastEventId);
  return order !== undefined && order <= 0;
}

export function reduceDisplayState(state: DisplayState, message: DisplayEvent, now: number): DisplayState {
  const touched = { ...state, lastMessageAt: now, status: 'live' as const };
  const id = message.id || undefined;
  switch (message.event) {
    case 'ping':
      return touched;
    case 'connected':
      if (message.data.mode === 'resume') return touched;
      // A snapshot follows: forget what we had, so a bill cleared while we were away goes.
      return { ...touched, bill: null, modal: null, lastEventId: id ?? null, snapshotId: id ?? null };
  }
  if (isDuplicate(state, id)) return touched;
  const applied = { ...touched, lastEventId: id ?? state.lastEventId };
  switch (message.event) {
    case 'bill-update':
      return { ...applied, bill: message.data };
    case 'modal-show':
      return { ...applied, modal: message.data };
    case 'modal-hide':
      return { ...applied, modal: null };
    case 'clear':
      return { ...applied, bill: null, modal: null, lastClear: { reason: message.data.reason, at: now } };
  }
}
