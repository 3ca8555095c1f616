/**
 * DisplayFeed.seed(): the lane state a page carried, checked like stream events before the
 * shopper sees it, for this lane only, and only before anything else was applied.
 * (The page, the stream resuming from it and stale pages: display-app-seed.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisplayFeed } from '../../src/sync/display-feed.js';
import { billWith } from '../support/fixtures.js';

const seedOf = (events: unknown[], overrides: Record<string, unknown> = {}) => ({ lane: 'till-1', lastEventId: '1700000000123', events, ...overrides });
const bill = billWith(2, { bill_number: 'SEED-1' });

function feedWithErrors() {
  const feed = new DisplayFeed({ lane: 'till-1' });
  const errors: string[] = [];
  feed.subscribe({ onError: (detail) => errors.push(detail.message) });
  return { feed, errors };
}

describe('DisplayFeed.seed', () => {
  it('shows the seed bill at once, as of its id, still connecting', () => {
    const { feed, errors } = feedWithErrors();
    assert.equal(feed.seed(seedOf([{ event: 'bill-update', data: bill }])), true);
    assert.equal(feed.state.bill?.bill_number, 'SEED-1');
    assert.equal(feed.state.phase, 'bill');
    assert.equal(feed.state.lastEventId, '1700000000123', 'the stream resumes from here');
    assert.equal(feed.state.status, 'connecting', 'nothing heard from the hub yet');
    assert.deepEqual(errors, []);
  });

  it('an empty lane: idle, with the id to resume from', () => {
    const { feed } = feedWithErrors();
    assert.equal(feed.seed(seedOf([])), true);
    assert.equal(feed.state.bill, null);
    assert.equal(feed.state.lastEventId, '1700000000123');
  });

  for (const [name, seed] of [
    ['a bill that fails the stream checks', seedOf([{ event: 'bill-update', data: { ...bill, total: 'seribu' } }])],
    ['an event a snapshot never carries', seedOf([{ event: 'clear', data: { reason: 'void' } }])],
    ['another lane', seedOf([{ event: 'bill-update', data: bill }], { lane: 'till-2' })],
    ['an id that is not an event id', seedOf([{ event: 'bill-update', data: bill }], { lastEventId: '../1' })],
    ['not an object', 'bill'],
    ['events not a list', seedOf([], { events: { 0: { event: 'bill-update', data: bill } } })],
  ] as const) {
    it(`is not used: ${name} (nothing shown, reported)`, () => {
      const { feed, errors } = feedWithErrors();
      assert.equal(feed.seed(seed), false);
      assert.equal(feed.state.bill, null);
      assert.equal(feed.state.lastEventId, null);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /^initial state/);
    });
  }

  it('only once, before anything was applied (a seed is never newer than what the feed has)', () => {
    const { feed } = feedWithErrors();
    assert.equal(feed.seed(seedOf([{ event: 'bill-update', data: bill }])), true);
    const later = billWith(3, { bill_number: 'SEED-2' });
    assert.equal(feed.seed(seedOf([{ event: 'bill-update', data: later }], { lastEventId: '1700000000999' })), false);
    assert.equal(feed.state.bill?.bill_number, 'SEED-1');
  });
});
