/** The display's state machine: phases for every event sequence of a sale, a void, a logout, a reconnect. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INITIAL_DISPLAY_STATE, reduceDisplayState, withPhase, withPromptAnswer, type DisplayState } from '../../src/sync/display-state.js';
import type { DisplayEvent } from '../../src/protocol/index.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';

const THANKS_MS = 5000;
let clock = 1_000_000;
let nextId = 100;

function run(events: Array<Omit<DisplayEvent, 'id'> & { id?: string }>, start: DisplayState = INITIAL_DISPLAY_STATE) {
  const phases: string[] = [];
  let state = start;
  for (const event of events) {
    clock += 10;
    const id = event.id ?? (event.event === 'ping' ? undefined : String(nextId++));
    state = reduceDisplayState(state, { ...event, id } as DisplayEvent, clock, { thanksMs: THANKS_MS });
    phases.push(state.phase);
  }
  return { state, phases };
}

const connected = { event: 'connected', data: { status: 'ok', mode: 'snapshot' } } as const;
const bill = (items: number) => ({ event: 'bill-update', data: billWith(items) }) as const;
const cashModal = (change?: number) =>
  ({ event: 'modal-show', data: { visible: true, modal_type: 'payment', html: '<div>…</div>', data: { total: 1000, ...(change === undefined ? {} : { change }) } } }) as const;
const hide = { event: 'modal-hide', data: { modal_type: 'payment' } } as const;
const clear = (reason = 'payment_success') => ({ event: 'clear', data: { reason } }) as const;

describe('display phases', () => {
  it('a cash sale: idle → bill → payment → thanks (with the change) → idle after thanks-duration', () => {
    const { state, phases } = run([connected, bill(0), bill(1), bill(2), cashModal(), cashModal(2250), hide, clear()]);
    assert.deepEqual(phases, ['idle', 'idle', 'bill', 'bill', 'payment', 'payment', 'bill', 'thanks']);
    assert.equal(state.lastClear?.change, 2250, 'the change survives the modal being hidden before the clear');
    assert.equal(withPhase(state, clock + THANKS_MS - 1, THANKS_MS).phase, 'thanks');
    assert.equal(withPhase(state, clock + THANKS_MS, THANKS_MS).phase, 'idle');
  });

  it('a QR sale: pending → declined → approved → thanks without a change', () => {
    const payment = (status: string) => ({ event: 'payment-update', data: { ...QRIS_PAYMENT, status } }) as const;
    const { state, phases } = run([connected, bill(3), cashModal(500), payment('pending'), payment('declined'), payment('approved'), hide, clear()]);
    assert.deepEqual(phases, ['idle', 'bill', 'payment', 'payment', 'payment', 'payment', 'payment', 'thanks']);
    assert.equal(state.lastClear?.change, null, 'a QR payment has no change, whatever a cash attempt said');
  });

  it('an abandoned cash dialog, then a dialog without change: the thank-you names no change', () => {
    const qrDialog = { event: 'modal-show', data: { visible: true, modal_type: 'payment', html: '<div>QRIS</div>', data: { total: 1000 } } } as const;
    const { state, phases } = run([connected, bill(1), cashModal(22250), hide, qrDialog, hide, clear()]);
    assert.deepEqual(phases, ['idle', 'bill', 'payment', 'bill', 'payment', 'bill', 'thanks']);
    assert.equal(state.lastClear?.change, null);
  });

  it("a bill with another bill_id ends the previous bill's payment; the same bill keeps it", () => {
    const pending = { event: 'payment-update', data: { ...QRIS_PAYMENT, bill_id: 'A', status: 'pending' } } as const;
    const billOf = (bill_id: string) => ({ event: 'bill-update', data: { ...billWith(2), bill_id } }) as const;
    const same = run([connected, billOf('A'), pending, billOf('A')]);
    assert.equal(same.state.payment?.status, 'pending');
    assert.equal(same.state.phase, 'payment');
    const next = run([connected, billOf('A'), pending, billOf('B')]);
    assert.equal(next.state.payment, null, 'the previous customer\'s payment is gone');
    assert.equal(next.state.phase, 'bill');
  });

  it('a cancelled payment goes back to the bill', () => {
    const { phases } = run([connected, bill(1), { event: 'payment-update', data: { ...QRIS_PAYMENT, status: 'cancelled' } }]);
    assert.deepEqual(phases, ['idle', 'bill', 'bill']);
  });

  it('a void and a logout go straight to idle, no thank-you', () => {
    assert.deepEqual(run([connected, bill(2), clear('void')]).phases, ['idle', 'bill', 'idle']);
    assert.deepEqual(run([connected, bill(2), cashModal(), clear('logout')]).phases, ['idle', 'bill', 'payment', 'idle']);
  });

  it('the next customer during the thank-you: straight to their bill', () => {
    const { phases } = run([connected, bill(1), clear(), bill(0), bill(1)]);
    assert.deepEqual(phases, ['idle', 'bill', 'thanks', 'thanks', 'bill']);
  });

  it('a reconnect with a snapshot replaces what was shown; a resume keeps it and skips replays', () => {
    const during = run([connected, bill(2), cashModal()]);
    assert.equal(during.state.phase, 'payment');
    // The hub cleared while we were away: the snapshot has no bill, no modal.
    const snapshot = run([{ event: 'connected', data: { status: 'ok', mode: 'snapshot' }, id: '500' }], during.state);
    assert.equal(snapshot.state.phase, 'idle');
    assert.equal(snapshot.state.bill, null);
    const resumed = run([{ event: 'connected', data: { status: 'ok', mode: 'resume' }, id: during.state.lastEventId! }], during.state);
    assert.equal(resumed.state.phase, 'payment');
    const replay = run([{ ...hide, id: during.state.lastEventId! }], resumed.state);
    assert.equal(replay.state.phase, 'payment', 'an event already applied is not applied again');
  });

  it('the original bridge (no ids, no mode) works the same', () => {
    const { phases, state } = run(
      [{ event: 'connected', data: { status: 'ok' }, id: '' }, { ...bill(1), id: '' }, { ...cashModal(100), id: '' }, { ...hide, id: '' }, { ...clear(), id: '' }],
    );
    assert.deepEqual(phases, ['idle', 'bill', 'payment', 'bill', 'thanks']);
    assert.equal(state.lastClear?.change, 100);
  });
});

describe('prompts in the display state', () => {
  const tip = { prompt_id: 'tip-1', kind: 'tip', amount_base: 1000, presets: [{ percent: 10 }], allow_custom: true, allow_none: true, round_to: 1 } as const;
  const show = (id: string) => ({ event: 'prompt-show', data: { ...tip, prompt_id: id }, id: '120' }) as unknown as DisplayEvent;
  const close = (id: string) => ({ event: 'prompt-close', data: { prompt_id: id, reason: 'answered' }, id: '120' }) as unknown as DisplayEvent;
  const reduce = (state: DisplayState, event: DisplayEvent) => reduceDisplayState(state, event, (clock += 10), { thanksMs: THANKS_MS });

  it('shows a prompt even though EventSource repeats the last id on it (never a duplicate), and leaves the phase alone', () => {
    const { state } = run([connected, bill(2)]);
    const shown = reduce({ ...state, lastEventId: '120' }, show('tip-1'));
    assert.equal(shown.prompt?.prompt.prompt_id, 'tip-1');
    assert.equal(shown.phase, 'bill');
    assert.equal(shown.lastEventId, '120', 'a prompt does not move the resume id');
  });

  it('closes it; keeps it (closed) only when this screen answered; a reconnect forgets it (the opening shows it again if open)', () => {
    const shown = reduce(INITIAL_DISPLAY_STATE, show('tip-1'));
    assert.equal(reduce(shown, close('tip-1')).prompt, null);
    assert.equal(reduce(shown, close('other')).prompt?.prompt.prompt_id, 'tip-1', 'another prompt id closes nothing');
    const answered = withPromptAnswer(shown, 'tip-1', { value: 100, status: 'sending' });
    assert.equal(reduce(answered, close('tip-1')).prompt?.closed, true);
    const refusedLate = withPromptAnswer(reduce(answered, close('tip-1')), 'tip-1', { value: 100, status: 'refused', error: 'x' });
    assert.equal(refusedLate.prompt, null, 'another screen won: nothing left to show');
    const resumed = reduce(answered, { event: 'connected', data: { status: 'ok', mode: 'resume' }, id: '120' } as DisplayEvent);
    assert.equal(resumed.prompt, null);
  });

  it('the same prompt shown again keeps this screen\'s answer; a new one starts fresh', () => {
    const answered = withPromptAnswer(reduce(INITIAL_DISPLAY_STATE, show('tip-1')), 'tip-1', { value: 100, status: 'acknowledged' });
    assert.equal(reduce(answered, show('tip-1')).prompt?.answer?.value, 100);
    assert.equal(reduce(answered, show('tip-2')).prompt?.answer, null);
  });
});
