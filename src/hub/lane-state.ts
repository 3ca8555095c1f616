/**
 * The state of one lane (one till and its displays) and the rules that turn a validated
 * command into new state plus the events to broadcast. Pure and free of Node APIs, so the
 * hub and the MSW mock share the same rules.
 */
import type { Bill, Command, EventData, EventName, ModalShowEvent, Payment } from '../protocol/index.js';

export interface LaneState {
  /** The open bill, or null when the till has none (idle). */
  readonly bill: Bill | null;
  /** The visible modal, or null. */
  readonly modal: ModalShowEvent | null;
  /** The current payment (any status until the next clear), or null. */
  readonly payment: Payment | null;
}

export const EMPTY_LANE_STATE: LaneState = Object.freeze({ bill: null, modal: null, payment: null });

/** An event without its id: ids are assigned by the hub when it is broadcast. */
export type LaneEvent = { [K in EventName]: { event: K; data: EventData<K> } }[EventName];

export interface Transition {
  state: LaneState;
  events: LaneEvent[];
}

/**
 * Applies one command. `nowSeconds` stamps `updated_at`, as the original bridge does with
 * Python's `time.time()`.
 */
export function applyCommand(state: LaneState, command: Command, nowSeconds: number): Transition {
  switch (command.command) {
    case 'update-bill': {
      const bill: Bill = { ...command.body, updated_at: nowSeconds };
      return { state: { ...state, bill }, events: [{ event: 'bill-update', data: bill }] };
    }
    case 'show-modal': {
      const { modal_type = null, html = null, data, ...extra } = command.body;
      const modal: ModalShowEvent = { ...extra, visible: true, modal_type, html, data: data ?? {} };
      return { state: { ...state, modal }, events: [{ event: 'modal-show', data: modal }] };
    }
    case 'hide-modal': {
      const modalType = command.body.modal_type ?? null;
      return { state: { ...state, modal: null }, events: [{ event: 'modal-hide', data: { modal_type: modalType } }] };
    }
    case 'payment': {
      const payment: Payment = { ...command.body, updated_at: nowSeconds };
      return { state: { ...state, payment }, events: [{ event: 'payment-update', data: payment }] };
    }
    case 'clear': {
      // As the original: clearing drops the bill and the modal (and our payment), and says why.
      return { state: EMPTY_LANE_STATE, events: [{ event: 'clear', data: { reason: command.body.reason } }] };
    }
  }
}

/** The parts of a lane's state a command replaces (its events never depend on the rest). */
export function touchedSlices(command: Command): ReadonlyArray<keyof LaneState> {
  switch (command.command) {
    case 'update-bill':
      return ['bill'];
    case 'show-modal':
    case 'hide-modal':
      return ['modal'];
    case 'payment':
      return ['payment'];
    case 'clear':
      return ['bill', 'modal', 'payment'];
  }
}

/** The events that bring a freshly connected display to the current state. */
export function snapshotEvents(state: LaneState): LaneEvent[] {
  const events: LaneEvent[] = [];
  if (state.bill) events.push({ event: 'bill-update', data: state.bill });
  if (state.modal) events.push({ event: 'modal-show', data: state.modal });
  if (state.payment) events.push({ event: 'payment-update', data: state.payment });
  return events;
}
