/**
 * The state of one lane (one till and its displays) and the rules that turn a validated
 * command into new state plus the events to broadcast. Pure and free of Node APIs, so the
 * hub and the MSW mock share the same rules.
 */
import type { Bill, Command, EventData, EventName, ModalShowEvent, Payment } from '../protocol/index.js';
import type { StateAdmission } from './state-budget.js';

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
 * Python's `time.time()`. With `within`, the new state must pass its budget (every store
 * applies commands here, so every store checks it): a {@link BudgetError} is thrown
 * before the store keeps anything.
 */
export function applyCommand(state: LaneState, command: Command, nowSeconds: number, within?: { lane: string; budget: StateAdmission }): Transition {
  const transition = transitionFor(state, command, nowSeconds);
  within?.budget.admit(within.lane, state, transition.state);
  return transition;
}

function transitionFor(state: LaneState, command: Command, nowSeconds: number): Transition {
  switch (command.command) {
    case 'update-bill': {
      const bill: Bill = { ...command.body, updated_at: nowSeconds };
      // A new bill ends what belonged to another one: its payment, and its dialog (hidden
      // explicitly, so displays that know nothing of this rule, the original's, drop it too).
      const rest = withoutOtherBills(state, bill.bill_id);
      const hide: LaneEvent[] = state.modal && !rest.modal ? [{ event: 'modal-hide', data: { modal_type: state.modal.modal_type ?? null } }] : [];
      return { state: { ...rest, bill }, events: [...hide, { event: 'bill-update', data: bill }] };
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

const sameId = (a: unknown, b: unknown) => a !== undefined && a !== null && String(a) === String(b);

/**
 * The state without the payment and dialog of any bill other than `billId`. A dialog that
 * names no bill belongs to the bill that was open when it was shown.
 */
export function withoutOtherBills(state: LaneState, billId: unknown): LaneState {
  const openBill = state.bill?.bill_id;
  const payment = state.payment && sameId(state.payment.bill_id, billId) ? state.payment : null;
  const modalBill = state.modal?.data?.bill_id ?? openBill;
  const modal = state.modal && (modalBill === undefined || sameId(modalBill, billId)) ? state.modal : null;
  return payment === state.payment && modal === state.modal ? state : { ...state, payment, modal };
}

/**
 * State read back after a restart: a payment or dialog of another bill than the open one
 * never comes back over it (a file that is behind must not show the previous customer's
 * payment).
 */
export function restoredLaneState(state: LaneState): LaneState {
  return state.bill ? withoutOtherBills(state, state.bill.bill_id) : state;
}

/** True when the lane shows nothing: no bill, dialog or payment. */
export function isEmptyLaneState(state: LaneState): boolean {
  return !state.bill && !state.modal && !state.payment;
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

/**
 * A lane's state after one of its events, as a display folds it in: how an instance that
 * reads another's events (a shared store) keeps its view of the lane.
 */
export function stateAfterEvent(state: LaneState, event: LaneEvent): LaneState {
  switch (event.event) {
    case 'bill-update':
      // The new-bill rule again: no event says the old bill's payment ended.
      return { ...withoutOtherBills(state, event.data.bill_id), bill: event.data };
    case 'modal-show':
      return { ...state, modal: event.data };
    case 'modal-hide':
      return { ...state, modal: null };
    case 'payment-update':
      return { ...state, payment: event.data };
    case 'clear':
      return EMPTY_LANE_STATE;
    default:
      return state;
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
