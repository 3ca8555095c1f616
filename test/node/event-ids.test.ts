/** The in-memory hub's ids: never repeated, across restarts with or without a state file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventIdClock } from '../../src/hub/store/memory/event-ids.js';

describe('EventIdClock', () => {
  it('follows the clock, and counts up within one millisecond', () => {
    let now = 1000;
    const clock = new EventIdClock(() => now);
    assert.deepEqual([clock.next(), clock.next(), clock.next()], [1001, 1002, 1003]);
    now = 5000;
    assert.equal(clock.next(), 5000);
  });

  it('restarted from a file that is ahead of the clock, continues above the saved id', () => {
    const clock = new EventIdClock(() => 1000, 9000);
    assert.equal(clock.head, 9000);
    assert.equal(clock.next(), 9001);
  });

  it('restarted from a file that is behind (crash), starts at the clock: above every id the lost run gave out', () => {
    let now = 10_000;
    const before = new EventIdClock(() => now, 0);
    const given = Array.from({ length: 50 }, () => before.next()); // a burst: ids run ahead of the clock
    now += 200; // the restart takes longer than the burst ran ahead
    const after = new EventIdClock(() => now, given[10]); // the file saw only the 11th
    assert.ok(after.next() > given.at(-1)!, 'no id is handed out twice');
  });
});

describe('defaultStateBudget', () => {
  // Lanes are bounded by bytes now (a count bounded nothing when one lane held 750 KB).
  it('follows the heap: an eighth of it, within 16 MiB and 128 MiB', async () => {
    const { defaultStateBudget } = await import('../../src/hub/node/memory-budget.js');
    const MiB = 1024 * 1024;
    assert.equal(defaultStateBudget(512 * MiB), 64 * MiB);
    assert.equal(defaultStateBudget(256 * MiB), 32 * MiB, 'a 256 MB heap keeps three quarters of itself for the rest');
    assert.equal(defaultStateBudget(64 * MiB), 16 * MiB, 'a small heap still serves a shop');
    assert.equal(defaultStateBudget(1024 * MiB), 128 * MiB);
    assert.equal(defaultStateBudget(4096 * MiB), 128 * MiB, 'no bigger: RSS and the restart must stay bounded');
  });
});
