/** The lane rules: command → state + events, the new-bill rule, the restore rule, and the follower's fold. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCommand, EMPTY_LANE_STATE, restoredLaneState, snapshotEvents, stateAfterEvent, type LaneState } from '../../src/hub/lane-state.js';
import type { Command } from '../../src/protocol/index.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';

const bill = (bill_id: unknown): Command => ({ command: 'update-bill', body: { ...billWith(1), bill_id } as never });
const modal = (data: Record<string, unknown> = {}): Command => ({ command: 'show-modal', body: { modal_type: 'payment', html: '<p>x</p>', data } as never });
const payment = (bill_id: unknown): Command => ({ command: 'payment', body: { ...QRIS_PAYMENT, bill_id } as never });

function run(commands: Command[], start: LaneState = EMPTY_LANE_STATE) {
  let state = start;
  const events: string[] = [];
  for (const command of commands) {
    const result = applyCommand(state, command, 1000);
    state = result.state;
    events.push(...result.events.map((event) => event.event));
  }
  return { state, events };
}

describe('lane rules', () => {
  it('stamps updated_at and keeps what the till sent', () => {
    const { state } = run([bill('A')]);
    assert.equal(state.bill?.updated_at, 1000);
    assert.equal(state.bill?.bill_number, 'INV-2026-0007');
  });

  it('a new bill_id ends the old bill\'s payment and dialog; the same bill_id keeps them', () => {
    const open = run([bill('A'), modal({ bill_id: 'A' }), payment('A')]);
    const same = run([bill('A')], open.state);
    assert.ok(same.state.modal && same.state.payment, 'an update of the same bill keeps its payment');
    assert.deepEqual(same.events, ['bill-update']);
    const next = run([bill('B')], open.state);
    assert.equal(next.state.modal, null);
    assert.equal(next.state.payment, null);
    assert.deepEqual(next.events, ['modal-hide', 'bill-update'], 'the dialog is hidden explicitly, for displays without this rule');
  });

  it('ids compare as text: bill 7 and bill "7" are the same bill', () => {
    const open = run([bill(7), payment('7')]);
    assert.ok(run([bill('7')], open.state).state.payment);
  });

  it('a dialog that names no bill belongs to the bill open when it was shown', () => {
    const open = run([bill('A'), modal()]);
    assert.ok(run([bill('A')], open.state).state.modal);
    assert.equal(run([bill('B')], open.state).state.modal, null);
    const beforeAnyBill = run([modal(), bill('A')]);
    assert.ok(beforeAnyBill.state.modal, 'with no bill before it, a dialog is left alone');
  });

  it('clear empties the lane and says why', () => {
    const { state, events } = run([bill('A'), modal(), payment('A'), { command: 'clear', body: { reason: 'void' } }]);
    assert.deepEqual(state, EMPTY_LANE_STATE);
    assert.deepEqual(events.at(-1), 'clear');
  });

  it('restored state never shows another bill\'s payment or dialog over the open bill', () => {
    const stale: LaneState = { bill: { ...billWith(1), bill_id: 'NEW' }, modal: { modal_type: 'payment', html: null, data: { bill_id: 'OLD' } }, payment: { ...QRIS_PAYMENT, bill_id: 'OLD' } };
    assert.deepEqual(restoredLaneState(stale), { ...stale, modal: null, payment: null });
    const consistent = run([bill('A'), modal({ bill_id: 'A' }), payment('A')]).state;
    assert.equal(restoredLaneState(consistent), consistent);
  });

  it('folding the events gives the state the rules computed (what another instance sees)', () => {
    let state = EMPTY_LANE_STATE;
    let folded = EMPTY_LANE_STATE;
    for (const command of [bill('A'), modal({ bill_id: 'A' }), payment('A'), bill('B'), { command: 'hide-modal', body: {} } as Command, bill('B')]) {
      const result = applyCommand(state, command, 5);
      state = result.state;
      for (const event of result.events) folded = stateAfterEvent(folded, event);
      assert.deepEqual(folded, state, command.command);
    }
    assert.deepEqual(snapshotEvents(state).map((event) => event.event), ['bill-update']);
  });
});
