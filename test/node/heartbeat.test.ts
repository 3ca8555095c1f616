/** Heartbeats at scale: a slice of the streams per tick, pings only for silent ones. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Heartbeat, type Beating } from '../../src/hub/heartbeat.js';
import { parseFrames } from '../../src/protocol/index.js';

class FakeStream implements Beating {
  pings = 0;
  lastFrame = '';
  constructor(public lastSentAt: number | null) {}
  sendPing(frame: { text: string }, now: number): void {
    this.pings++;
    this.lastFrame = frame.text;
    this.lastSentAt = now;
  }
}

describe('Heartbeat', () => {
  it('pings each silent stream about once per interval, never more than a slice in one tick', () => {
    let now = 1_000_000;
    const streams = new Set<FakeStream>(Array.from({ length: 20_000 }, () => new FakeStream(now)));
    const heartbeat = new Heartbeat(15_000, streams, () => now);
    const ticks = Math.round((10 * 15_000) / heartbeat.tickMs); // ten intervals
    let most = 0;
    for (let tick = 0; tick < ticks; tick++) {
      now += heartbeat.tickMs;
      most = Math.max(most, heartbeat.tick());
    }
    assert.ok(most <= Math.ceil((20_000 * heartbeat.tickMs) / 15_000), `at most a slice per tick (was ${most})`);
    assert.ok(most < 20_000 / 100, 'a tick touches under 1 % of the streams');
    const counts = new Set([...streams].map((stream) => stream.pings));
    assert.ok([...counts].every((count) => count >= 9 && count <= 11), `about one ping per interval each (counts: ${[...counts]})`);
  });

  it('a few streams are pinged about once per interval too, not twice', () => {
    let now = 0;
    const streams = new Set<FakeStream>(Array.from({ length: 20 }, () => new FakeStream(0)));
    const heartbeat = new Heartbeat(1500, streams, () => now);
    for (let tick = 0; tick < (10 * 1500) / heartbeat.tickMs; tick++) {
      now += heartbeat.tickMs;
      heartbeat.tick();
    }
    assert.ok([...streams].every((stream) => stream.pings >= 9 && stream.pings <= 11), String([...streams].map((s) => s.pings)));
  });

  it('pings a silent stream at once and not again within the interval; a stream that gets events gets none', () => {
    let now = 100_000;
    const busy = new FakeStream(now);
    const silent = new FakeStream(now - 10_000);
    const opening = new FakeStream(null); // its opening is not sent yet
    const heartbeat = new Heartbeat(10_000, new Set([busy, silent, opening]), () => now);
    for (let tick = 0; tick < 10_000 / heartbeat.tickMs - 1; tick++) {
      now += heartbeat.tickMs;
      busy.lastSentAt = now; // an event every tick
      heartbeat.tick();
    }
    assert.equal(busy.pings, 0);
    assert.equal(opening.pings, 0);
    assert.equal(silent.pings, 1);
    const [ping] = parseFrames(silent.lastFrame);
    assert.deepEqual(ping && 'event' in ping ? [ping.event, ping.id] : null, ['ping', undefined], 'a ping has no id: it cannot move Last-Event-ID');
  });

  it('keeps going while streams come and go', () => {
    let now = 0;
    const streams = new Set<FakeStream>([new FakeStream(0), new FakeStream(0)]);
    const heartbeat = new Heartbeat(1000, streams, () => now);
    now = 600;
    heartbeat.tick();
    const late = new FakeStream(0);
    streams.add(late);
    streams.delete([...streams][0]!);
    for (let tick = 0; tick < 200; tick++) {
      now += heartbeat.tickMs;
      heartbeat.tick();
    }
    assert.ok(late.pings >= 1, 'a stream added mid-round is visited');
  });
});
