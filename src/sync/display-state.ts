/**
 * What a display knows, and the pure rules that fold validated stream events into it.
 * `<display-sync>` owns the one instance and provides it to its descendants by context.
 */
import { compareEventIds, PAYMENT_SUCCESS, type Bill, type DisplayEvent, type ModalShowEvent, type Payment, type PromptShown } from '../protocol/index.js';

/**
 * - `connecting`: no stream yet;
 * - `live`: the stream is open and events (or heartbeats) arrive;
 * - `stale`: open, but silent for longer than the heartbeat promises: what shows may be old;
 * - `offline`: the stream is down; reconnecting.
 */
/**
 * `refused`: the hub answered the stream 401/403 (a screen not paired, or not allowed on
 * this lane, under `--private-streams`): not a connection problem, retried only rarely.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'stale' | 'offline' | 'refused';

/**
 * What the shopper should be looking at, derived from the events (one source of truth for
 * every element): `idle` (between customers) → `bill` (items rung up) → `payment` (a
 * payment or modal is up) → `thanks` (after a successful payment, for a while) → `idle`.
 */
export type DisplayPhase = 'idle' | 'bill' | 'payment' | 'thanks';

export interface LastClear {
  readonly reason: string;
  /** When it arrived, in ms since the epoch. */
  readonly at: number;
  /** The change due to the shopper, when the payment said so. */
  readonly change: number | null;
}

/** This display's answer to the prompt on screen. */
export interface PromptAnswer {
  readonly value: unknown;
  /** `sending`: posted, no reply yet; `acknowledged`: the hub took it; `refused`: it did not (see `error`). */
  readonly status: 'sending' | 'acknowledged' | 'refused';
  readonly error?: string;
}

/** A prompt the shopper is asked (not lane state: it is never stored or replayed by the hub). */
export interface PromptView {
  readonly prompt: PromptShown;
  /** When it arrived here, in ms since the epoch (the countdown runs from it). */
  readonly shownAt: number;
  readonly answer: PromptAnswer | null;
  /** The hub closed it after this display answered: kept a moment to show the answer was taken. */
  readonly closed: boolean;
}

export interface DisplayState {
  readonly status: ConnectionStatus;
  readonly phase: DisplayPhase;
  /** The open bill (possibly with no items yet), or null. */
  readonly bill: Bill | null;
  /** The visible modal, or null. */
  readonly modal: ModalShowEvent | null;
  /** The current structured payment (any status), or null. */
  readonly payment: Payment | null;
  /** The change due from the latest payment or payment modal of this sale, kept for the thank-you. */
  readonly changeDue: number | null;
  /** The last `clear`, so views can show a thank-you after `payment_success`. */
  readonly lastClear: LastClear | null;
  /** Id of the last event applied; sent back to the hub to resume after a reconnect. */
  readonly lastEventId: string | null;
  /** Id shared by the snapshot events of the current stream (they all describe one moment). */
  readonly snapshotId: string | null;
  /** When anything (an event or a heartbeat) last arrived, in ms since the epoch. */
  readonly lastMessageAt: number | null;
  /** The question on screen (tip, receipt, …), or null. */
  readonly prompt: PromptView | null;
}

export const INITIAL_DISPLAY_STATE: DisplayState = Object.freeze({
  status: 'connecting',
  phase: 'idle',
  bill: null,
  modal: null,
  payment: null,
  changeDue: null,
  lastClear: null,
  lastEventId: null,
  snapshotId: null,
  lastMessageAt: null,
  prompt: null,
});

/** How long the thank-you phase lasts after a successful payment, unless configured. */
export const DEFAULT_THANKS_MS = 5000;

/** An event this display has already applied, seen again (e.g. replayed after a resume). */
function isDuplicate(state: DisplayState, id: string | undefined): boolean {
  if (!id || !state.lastEventId || id === state.snapshotId) return false;
  const order = compareEventIds(id, state.lastEventId);
  return order !== undefined && order <= 0;
}

/** A payment the shopper should see (a cancelled one is over). */
export function isPaymentShown(payment: Payment | null): payment is Payment {
  return payment !== null && payment.status !== 'cancelled';
}

/** The change a payment or payment modal announces, if it names one. */
function announcedChange(change: unknown): number | null {
  return typeof change === 'number' && Number.isFinite(change) ? change : null;
}

/** The phase at `now`: payment beats bill beats a running thank-you beats idle. */
function derivePhase(state: DisplayState, now: number, thanksMs: number): DisplayPhase {
  if (isPaymentShown(state.payment) || state.modal) return 'payment';
  if (state.bill && state.bill.items.length > 0) return 'bill';
  const clear = state.lastClear;
  if (clear && clear.reason === PAYMENT_SUCCESS && now < clear.at + thanksMs) return 'thanks';
  return 'idle';
}

/** When the current thank-you phase ends (ms since the epoch), or null when none runs. */
export function thanksEndsAt(state: DisplayState, thanksMs: number): number | null {
  return state.phase === 'thanks' && state.lastClear ? state.lastClear.at + thanksMs : null;
}

export interface ReduceOptions {
  /** Length of the thank-you phase in ms. */
  thanksMs?: number;
}

function applyEvent(state: DisplayState, message: DisplayEvent, now: number): DisplayState {
  const touched = { ...state, lastMessageAt: now, status: 'live' as const };
  const id = message.id || undefined;
  switch (message.event) {
    case 'ping':
      return touched;
    // Prompts carry no id of their own (EventSource repeats the last one): never duplicates.
    case 'prompt-show':
      return { ...touched, prompt: showPrompt(state.prompt, message.data, now) };
    case 'prompt-close':
      return { ...touched, prompt: closePrompt(state.prompt, message.data.prompt_id) };
    case 'connected':
      // A prompt closed while we were away sent no event we could resume: the opening
      // shows the open one again, if any.
      if (message.data.mode === 'resume') return { ...touched, prompt: null };
      // A snapshot follows: forget what we had, so a bill cleared while we were away goes.
      return { ...touched, bill: null, modal: null, payment: null, changeDue: null, prompt: null, lastEventId: id ?? null, snapshotId: id ?? null };
  }
  if (isDuplicate(state, id)) return touched;
  const applied = { ...touched, lastEventId: id ?? state.lastEventId };
  switch (message.event) {
    case 'bill-update': {
      // A new bill ends another bill's payment (the hub applies the same rule, and hides
      // that bill's dialog with a modal-hide of its own).
      const payment = applied.payment && String(applied.payment.bill_id) === String(message.data.bill_id) ? applied.payment : null;
      return { ...applied, bill: message.data, payment };
    }
    case 'modal-show':
      // The dialog on screen is the authority: one without a change (a QRIS dialog after an
      // abandoned cash attempt) means none is due.
      return { ...applied, modal: message.data, changeDue: announcedChange(message.data.data?.change) };
    case 'modal-hide':
      return { ...applied, modal: null };
    case 'payment-update':
      // The structured payment is the authority: a QR payment has no change, whatever a
      // cash attempt before it said.
      return { ...applied, payment: message.data, changeDue: announcedChange(message.data.change) };
    case 'clear':
      // The cashier usually hides the modal before clearing (as the original does), so the
      // change is remembered from the sale, not read from what is visible now.
      return {
        ...applied,
        bill: null,
        modal: null,
        payment: null,
        changeDue: null,
        lastClear: { reason: message.data.reason, at: now, change: state.changeDue },
      };
  }
}

/** The same prompt shown again (a reconnect) keeps this display's answer. */
function showPrompt(current: PromptView | null, prompt: PromptShown, now: number): PromptView {
  const same = current && current.prompt.prompt_id === prompt.prompt_id;
  return { prompt, shownAt: now, answer: same ? current.answer : null, closed: false };
}

/** Closed: gone, unless this display's answer is what closed it (shown a moment longer). */
function closePrompt(current: PromptView | null, promptId: string): PromptView | null {
  if (!current || current.prompt.prompt_id !== promptId) return current;
  const ours = current.answer && current.answer.status !== 'refused';
  return ours ? { ...current, closed: true } : null;
}

/** This display's answer changed (sent, taken, refused). */
export function withPromptAnswer(state: DisplayState, promptId: string, answer: PromptAnswer): DisplayState {
  const current = state.prompt;
  if (!current || current.prompt.prompt_id !== promptId) return state;
  // Refused after the hub closed it (another screen answered first): nothing left to show.
  if (answer.status === 'refused' && current.closed) return { ...state, prompt: null };
  return { ...state, prompt: { ...current, answer } };
}

export function reduceDisplayState(state: DisplayState, message: DisplayEvent, now: number, options: ReduceOptions = {}): DisplayState {
  const next = applyEvent(state, message, now);
  return withPhase(next, now, options.thanksMs ?? DEFAULT_THANKS_MS);
}

/** Recomputes the phase (after an event, or when a thank-you runs out). */
export function withPhase(state: DisplayState, now: number, thanksMs: number): DisplayState {
  const phase = derivePhase(state, now, thanksMs);
  return phase === state.phase ? state : { ...state, phase };
}
