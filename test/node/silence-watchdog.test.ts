/** The silence watchdog on a fake clock: stale at 60 % of the timeout, silent at 100 %. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { SilenceWatchdog } from '../../src/sync/silence-watchdog.js';

let clock: sinon.SinonFakeTimers;

function watchdog(timeoutMs: number) {
  const heard: string[] = [];
  const dog = new SilenceWatchdog(
    timeoutMs,
    () => heard.push(`stale@${clock.now}`),
    () => heard.push(`silent@${clock.now}`),
  );
  return { dog, heard };
}

describe('SilenceWatchdog', () => {
  beforeEach(() => {
    // Only the timers it uses: node:test itself needs setImmediate.
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  it('reports stale at 60 % of the timeout and silent at the timeout, once each', () => {
    const { dog, heard } = watchdog(1000);
    dog.arm();
    clock.tick(599);
    assert.deepEqual(heard, []);
    clock.tick(1);
    assert.deepEqual(heard, ['stale@600']);
    clock.tick(399);
    assert.deepEqual(heard, ['stale@600']);
    clock.tick(1);
    clock.tick(5000);
    assert.deepEqual(heard, ['stale@600', 'silent@1000']);
  });

  it('every message re-arms it: a stream that keeps talking is never stale', () => {
    const { dog, heard } = watchdog(1000);
    dog.arm();
    for (let n = 0; n < 20; n++) {
      clock.tick(500);
      dog.arm();
    }
    assert.deepEqual(heard, []);
    clock.tick(1000);
    assert.deepEqual(heard, ['stale@10600', 'silent@11000']);
  });

  it('clear() stops both timers', () => {
    const { dog, heard } = watchdog(1000);
    dog.arm();
    clock.tick(100);
    dog.clear();
    clock.tick(10_000);
    assert.deepEqual(heard, []);
  });

  it('a new timeout (the heartbeat the hub announced) applies from the next arm; 0 disables it', () => {
    const { dog, heard } = watchdog(1000);
    dog.arm();
    dog.setTimeout(200);
    dog.arm();
    clock.tick(200);
    assert.deepEqual(heard, ['stale@120', 'silent@200']);
    dog.setTimeout(0);
    dog.arm();
    clock.tick(60_000);
    assert.equal(heard.length, 2);
  });
});
