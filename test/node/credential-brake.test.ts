/**
 * The brake on guessing credentials (`api/credential-brake.ts`) on a fake clock: when it
 * engages, how long it holds, that it says so once, and that its memory is bounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialBrake } from '../../src/hub/api/credential-brake.js';
import { FakeClock } from '../support/fake-clock.js';

describe('CredentialBrake', () => {
  it('engages on the 20th wrong secret within a minute, says so once, and holds for a minute', () => {
    const clock = new FakeClock(1000);
    const brake = new CredentialBrake({ now: clock.now });
    const engaged = Array.from({ length: 25 }, () => brake.fail('10.0.0.9'));
    assert.deepEqual(engaged.map((on, i) => (on ? i + 1 : 0)).filter(Boolean), [20], 'only the 20th engages it');
    assert.equal(brake.retryAfter('10.0.0.9'), 60);
    assert.equal(brake.retryAfter('10.0.0.10'), 0, 'another address is not braked');
    clock.advance(59_001);
    assert.equal(brake.retryAfter('10.0.0.9'), 1, 'rounded up: never "retry in 0 s" while braked');
    clock.advance(1000);
    assert.equal(brake.retryAfter('10.0.0.9'), 0);
    assert.equal(brake.fail('10.0.0.9'), false, 'a clean slate after the brake');
  });

  it('holds for its whole time even when the failure window ends first', () => {
    const clock = new FakeClock();
    const brake = new CredentialBrake({ now: clock.now, windowMs: 10_000, brakeMs: 60_000, maxFailures: 3 });
    for (let i = 0; i < 3; i++) brake.fail('a');
    clock.advance(30_000);
    assert.equal(brake.fail('a'), false);
    assert.equal(brake.retryAfter('a'), 30);
  });

  it('counts within a window: failures spread out never engage it', () => {
    const clock = new FakeClock();
    const brake = new CredentialBrake({ now: clock.now });
    for (let i = 0; i < 100; i++) {
      assert.equal(brake.fail('a'), false, `failure ${i}`);
      clock.advance(4_000); // 15 a minute
    }
    assert.equal(brake.retryAfter('a'), 0);
  });

  it('remembers at most maxAddresses, forgetting the least recently seen', () => {
    const clock = new FakeClock();
    const brake = new CredentialBrake({ now: clock.now, maxFailures: 2, maxAddresses: 100 });
    brake.fail('kept');
    for (let i = 0; i < 1000; i++) {
      brake.fail(`10.1.${i >> 8}.${i & 255}`);
      if (i % 50 === 0) brake.fail('kept'); // seen again: stays
    }
    assert.equal(brake.size, 100);
    assert.ok(brake.retryAfter('kept') > 0, 'the recently seen address is still braked');
  });
});
