/** Reconnect delays: doubling from the first, capped, with jitter in the upper half. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reconnectDelay } from '../../src/sync/backoff.js';

const options = { initialMs: 250, maxMs: 5000 };

describe('reconnectDelay', () => {
  it('doubles from initialMs with each attempt, up to maxMs', () => {
    const lowest = Array.from({ length: 8 }, (_, attempt) => reconnectDelay(attempt, { ...options, random: () => 0 }));
    assert.deepEqual(lowest, [125, 250, 500, 1000, 2000, 2500, 2500, 2500]);
    const highest = Array.from({ length: 8 }, (_, attempt) => reconnectDelay(attempt, { ...options, random: () => 0.999_999 }));
    assert.deepEqual(highest, [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('jitters within [half, whole] of the ceiling, so displays do not reconnect in step', () => {
    const delays = new Set<number>();
    for (let n = 0; n < 200; n++) {
      const delay = reconnectDelay(3, options);
      assert.ok(delay >= 1000 && delay <= 2000, `attempt 3: ${delay} ms within [1000, 2000]`);
      delays.add(delay);
    }
    assert.ok(delays.size > 1, 'Math.random is used by default: not every display waits the same');
  });

  it('stays finite and capped however many attempts failed (a hub down all night)', () => {
    for (const attempt of [31, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      const delay = reconnectDelay(attempt, { ...options, random: () => 0.5 });
      assert.equal(delay, 3750, `attempt ${attempt}`);
    }
  });
});
