/**
 * The state budgets without sockets: how a lane's bytes are measured, the per-lane check
 * every store applies through applyCommand, the process budget's totals (settled, freed,
 * prompts included), and a refused change leaving the memory store untouched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCommand, EMPTY_LANE_STATE, type LaneState } from '../../src/hub/lane-state.js';
import {
  jsonBytes,
  laneBudget,
  laneOverheadBytes,
  LaneBudgetError,
  StateBudget,
  StateBudgetError,
  stateBytes,
  utf8Length,
} from '../../src/hub/state-budget.js';
import { MemoryStore } from '../../src/hub/store/memory/memory-store.js';
import type { Command } from '../../src/protocol/index.js';
import { billWith } from '../support/fixtures.js';

const bill = (lane: string, padding: number): Command => ({ command: 'update-bill', body: { ...billWith(1, { bill_id: lane }), padding: 'x'.repeat(padding) } as never });
const modal = (padding: number): Command => ({ command: 'show-modal', body: { modal_type: 'notice', data: { text: 'x'.repeat(padding) } } as never });
const clear: Command = { command: 'clear', body: { reason: 'done' } as never };
const stateAfter = (...commands: Command[]): LaneState => commands.reduce((state, command) => applyCommand(state, command, 1).state, EMPTY_LANE_STATE);

describe('measuring a lane', () => {
  it('utf8Length agrees with Buffer.byteLength, pairs and lone surrogates included', () => {
    for (const text of ['', 'plain', 'Rp 12.500 — kopi', 'ñandú', '日本語', 'emoji 🧾🍜', 'lone \ud800 high', 'lone \udc00 low', '\ud83e']) {
      assert.equal(utf8Length(text), Buffer.byteLength(text), JSON.stringify(text));
    }
  });

  it('a lane is its bill, dialog and payment as JSON, extra fields included', () => {
    const state = stateAfter(bill('A', 1000), modal(500));
    assert.equal(stateBytes(state), jsonBytes(state.bill) + jsonBytes(state.modal));
    assert.ok(stateBytes(state) > 1500, 'the client\'s extra field counts');
    assert.equal(stateBytes(EMPTY_LANE_STATE), 0);
  });
});

describe('the per-lane check (every store applies it in applyCommand)', () => {
  const budget = laneBudget(4096);

  it('refuses a change that would take the lane past its budget, naming the budget and its flag', () => {
    const state = stateAfter(bill('A', 2000));
    assert.throws(() => applyCommand(state, modal(2500), 1, { lane: 'till-1', budget }), (error: LaneBudgetError) => {
      assert.ok(error instanceof LaneBudgetError);
      assert.equal(error.status, 413);
      assert.equal(error.code, 'lane_budget_exceeded');
      assert.match(error.message, /^lane till-1 would hold \d+ bytes .* above the lane budget of 4096 bytes \(--lane-budget\)/);
      return true;
    });
    assert.doesNotThrow(() => applyCommand(state, modal(500), 1, { lane: 'till-1', budget }));
  });

  it('a change that does not grow the lane always passes: a clear, a smaller bill, a lane over a lowered budget', () => {
    const big = stateAfter(bill('A', 6000), modal(2000));
    assert.doesNotThrow(() => applyCommand(big, clear, 1, { lane: 'till-1', budget }));
    assert.doesNotThrow(() => applyCommand(big, bill('A', 5000), 1, { lane: 'till-1', budget }), 'smaller, though still over');
    assert.throws(() => applyCommand(big, bill('A', 7000), 1, { lane: 'till-1', budget }), LaneBudgetError);
  });
});

describe('StateBudget: this process\'s lanes and prompts', () => {
  const prompts = { bytes: new Map<string, number>(), bytesOn(lane: string) { return this.bytes.get(lane) ?? 0; }, get totalBytes() { return [...this.bytes.values()].reduce((a, b) => a + b, 0); } };

  it('counts settled lanes with their overhead, frees cleared and forgotten ones', () => {
    const budget = new StateBudget(8192, 1 << 20, () => prompts);
    const a = stateAfter(bill('A', 1000));
    budget.settle('a', a);
    assert.equal(budget.usedBytes, stateBytes(a) + laneOverheadBytes('a'));
    budget.settle('b', a);
    budget.settle('a', EMPTY_LANE_STATE);
    assert.equal(budget.usedBytes, stateBytes(a) + laneOverheadBytes('a'), 'cleared: freed');
    budget.forget('b');
    assert.equal(budget.usedBytes, 0, 'forgotten: freed');
  });

  it('refuses growth past the total with a 507 naming --state-budget; what a lane already had is not counted twice', () => {
    const one = stateAfter(bill('A', 3000));
    const perLane = stateBytes(one) + laneOverheadBytes('a'); // every lane id here is one letter
    const budget = new StateBudget(8192, perLane * 2, () => prompts);
    budget.admit('a', EMPTY_LANE_STATE, one);
    budget.settle('a', one);
    budget.admit('b', EMPTY_LANE_STATE, one);
    budget.settle('b', one);
    assert.throws(() => budget.admit('c', EMPTY_LANE_STATE, one), (error: StateBudgetError) => {
      assert.equal(error.status, 507);
      assert.equal(error.code, 'state_budget_exceeded');
      assert.match(error.message, new RegExp(`above its state budget of ${perLane * 2} bytes \\(--state-budget\\)`));
      return true;
    });
    const bigger = stateAfter(bill('A', 3010));
    assert.throws(() => budget.admit('a', one, bigger), StateBudgetError, 'a full hub refuses growth');
    assert.doesNotThrow(() => budget.admit('a', one, stateAfter(bill('A', 2000))), 'and takes a smaller bill');
    budget.settle('b', EMPTY_LANE_STATE);
    assert.doesNotThrow(() => budget.admit('c', EMPTY_LANE_STATE, one), 'a cleared lane made room');
  });

  it('prompts count in their lane and in the total', () => {
    const one = stateAfter(bill('A', 3000));
    const budget = new StateBudget(stateBytes(one) + 1000, 1 << 20, () => prompts);
    budget.settle('a', one);
    assert.doesNotThrow(() => budget.admitPrompt('a', 1000));
    assert.throws(() => budget.admitPrompt('a', 1001), LaneBudgetError);
    prompts.bytes.set('a', 1000);
    assert.throws(() => budget.admit('a', one, stateAfter(bill('A', 3001))), LaneBudgetError, 'the open prompt leaves no room');
    assert.equal(budget.usedBytes, stateBytes(one) + laneOverheadBytes('a') + 1000);
    const small = new StateBudget(1 << 20, 5000, () => prompts);
    assert.throws(() => small.admitPrompt('b', 4001), StateBudgetError);
    assert.doesNotThrow(() => small.admitPrompt('a', 5000), 'replacing the lane\'s own prompt frees its bytes first');
    prompts.bytes.clear();
  });
});

describe('MemoryStore with a budget', () => {
  it('a refused append changes nothing: no state, no event id, no journal record, no delivery', () => {
    const records: string[] = [];
    const delivered: string[] = [];
    const store = new MemoryStore({ budget: laneBudget(4096), journal: { record: (lane) => records.push(lane) } });
    store.listen((lane) => delivered.push(lane));
    store.append('till-1', bill('A', 1000), 1);
    const head = store.headId;
    const before = store.state('till-1');
    assert.throws(() => store.append('till-1', modal(4000), 1), LaneBudgetError);
    assert.throws(() => store.append('till-2', bill('B', 5000), 1), LaneBudgetError, 'a new lane too');
    assert.equal(store.headId, head);
    assert.equal(store.state('till-1'), before);
    assert.deepEqual([...store.states()].map(([lane]) => lane), ['till-1'], 'the refused new lane left no trace');
    assert.deepEqual(records, ['till-1']);
    assert.deepEqual(delivered, ['till-1']);
  });
});
