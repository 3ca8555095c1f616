/** The replay buffer: what a resuming display gets, and when it must take a snapshot instead. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventHistory } from '../../src/hub/store/memory/event-history.js';
import { Frame } from '../../src/protocol/index.js';

const event = (id: number, size = 10) => ({ id: String(id), frame: new Frame('x'.repeat(size)) });
const ids = (entries: Array<{ id: string }> | null) => entries?.map((entry) => entry.id) ?? null;

describe('EventHistory', () => {
  it('returns exactly the events after the id, across the gaps other lanes leave', () => {
    const history = new EventHistory({ maxEvents: 10, maxBytes: 1000 }, '100');
    for (const id of [102, 105, 109]) history.push(event(id));
    assert.deepEqual(ids(history.since('100', '110')), ['102', '105', '109']);
    assert.deepEqual(ids(history.since('103', '110')), ['105', '109'], 'an id between two of this lane');
    assert.deepEqual(ids(history.since('109', '110')), [], 'up to date: nothing to replay');
    assert.deepEqual(ids(history.since('110', '110')), [], 'the head itself');
  });

  it('refuses ids it cannot vouch for: older than the buffer, ahead of the hub, not ours', () => {
    const history = new EventHistory({ maxEvents: 10, maxBytes: 1000 }, '100');
    history.push(event(101));
    assert.equal(history.since('99', '101'), null, 'before the lane started here');
    assert.equal(history.since('102', '101'), null, 'ahead of the head: another run');
    assert.equal(history.since('garbage', '101'), null);
    assert.equal(history.since('', '101'), null);
  });

  it('is bounded by count: the oldest go, and an id before them gets null', () => {
    const history = new EventHistory({ maxEvents: 2, maxBytes: 1000 }, '0');
    for (const id of [1, 2, 3]) history.push(event(id));
    assert.deepEqual(ids(history.since('1', '3')), ['2', '3']);
    assert.equal(history.since('0', '3'), null, 'event 1 is gone: a display that missed it needs a snapshot');
  });

  it('is bounded by bytes, but always keeps the newest event however large', () => {
    const history = new EventHistory({ maxEvents: 100, maxBytes: 25 }, '0');
    history.push(event(1, 10));
    history.push(event(2, 10));
    assert.equal(history.byteLength, 20);
    history.push(event(3, 10));
    assert.equal(history.byteLength, 20, 'event 1 dropped to stay under 25 bytes');
    assert.equal(history.since('0', '3'), null);
    history.push(event(4, 100));
    assert.deepEqual(ids(history.since('3', '4')), ['4'], 'a bill larger than the budget is still replayable');
    assert.equal(history.byteLength, 100);
  });

  it('clear() forgets everything: every earlier id gets a snapshot', () => {
    const history = new EventHistory({ maxEvents: 10, maxBytes: 1000 }, '0');
    for (const id of [1, 2]) history.push(event(id));
    history.clear();
    assert.equal(history.byteLength, 0);
    assert.equal(history.since('1', '2'), null);
    assert.deepEqual(ids(history.since('2', '2')), [], 'the newest id stays valid (nothing missed)');
  });

  it('orders Redis stream ids (ms-seq) too', () => {
    const history = new EventHistory({ maxEvents: 10, maxBytes: 1000 }, '1000-0');
    history.push({ id: '1000-1', frame: new Frame('a') });
    history.push({ id: '1001-0', frame: new Frame('b') });
    assert.deepEqual(ids(history.since('1000-0', '1001-0')), ['1000-1', '1001-0']);
    assert.deepEqual(ids(history.since('1000-1', '1001-0')), ['1001-0']);
  });
});
