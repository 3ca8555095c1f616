/**
 * Abuse of the hub's status surfaces, at small scale against a real hub on 127.0.0.1:
 * - the admin page's live stream must not cost work or bytes proportional to the number of
 *   lanes per change (the issue: with `/admin/events` open, every publish rebuilt a snapshot
 *   of every lane: 98 ms at 1000 lanes, 1.06 s at 4000, 5.0 s at 8000 of blocked event loop);
 * - `/metrics` must not grow with lanes clients invent (the issue: 148.5 KiB at 3000 lanes).
 * Bounds are checked by counting (bytes, calls, series), not by timing: bench/admin-stream.ts
 * measures the latency.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { validateCommand, type AdminChange, type AdminSnapshot, type DisplayInfo, applyAdminChange } from '../../src/protocol/index.js';
import { AdminFeed } from '../../src/hub/fleet/admin-feed.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import type { Hub, Subscriber } from '../../src/hub/hub.js';
import { billWith } from '../support/fixtures.js';
import { API, newIdentity, openControl } from '../support/fleet.js';
import { waitUntil } from '../support/display-page.js';
import { redisForTests, startRedis } from '../support/redis-server.js';
import { openSse, type SseStream } from '../support/sse-client.js';

const ADMIN = 'admin-token-abuse-0001';

function publishBill(hub: Hub, lane: string, number = 'B-1') {
  const checked = validateCommand('update-bill', billWith(2, { bill_number: number }));
  assert.ok(checked.ok);
  return hub.publish(lane, { command: 'update-bill', body: checked.value });
}

async function hubWithLanes(lanes: number): Promise<RunningHub> {
  const running = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN });
  for (let i = 0; i < lanes; i++) await publishBill(running.hub, `lane-${i}`);
  return running;
}

const openAdmin = (running: RunningHub) => openSse(`${running.url}${API}/admin/events?key=${ADMIN}`);

/** Resolves with the next `change` after the events seen so far. */
async function nextChange(stream: SseStream, timeoutMs = 3000): Promise<{ change: AdminChange; bytes: number }> {
  const from = stream.events.length;
  const event = await stream.waitFor((e) => e.event === 'change', timeoutMs, from);
  return { change: event.data as AdminChange, bytes: JSON.stringify(event.data).length };
}

/** Counts the calls a hub method gets from now on. */
function countCalls<K extends 'summary' | 'laneSummary' | 'state'>(hub: Hub, method: K): { readonly count: number } {
  const original = hub[method].bind(hub) as (...args: unknown[]) => unknown;
  const counter = { count: 0 };
  (hub as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    counter.count++;
    return original(...args);
  };
  return counter;
}

describe('abuse: the admin stream sends changes, not every lane per change', () => {
  const hubs: RunningHub[] = [];
  const streams: SseStream[] = [];
  after(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(hubs.map((running) => running.close()));
  });

  it('one publish among 200 or 2000 lanes: one change of one lane, the same bytes, no listing of every lane', async () => {
    const bytesAt: Record<number, number> = {};
    for (const lanes of [200, 2000]) {
      const running = await hubWithLanes(lanes);
      hubs.push(running);
      const admin = await openAdmin(running);
      streams.push(admin);
      const snapshot = (await admin.waitFor((e) => e.event === 'snapshot', 5000)).data as AdminSnapshot;
      assert.equal(snapshot.lanes.length, lanes, 'the snapshot lists every lane once, when the stream opens');

      const listings = countCalls(running.hub, 'summary');
      const lookups = countCalls(running.hub, 'laneSummary');
      // A burst of publishes to one lane is one change of that lane.
      for (let i = 0; i < 10; i++) await publishBill(running.hub, 'lane-7', `BURST-${i}`);
      const { change, bytes } = await nextChange(admin);
      assert.deepEqual(change.lanes.map((lane) => lane.lane), ['lane-7']);
      assert.equal(change.lanes[0]!.bill_number, 'BURST-9');
      assert.deepEqual([change.removed_lanes, change.displays, change.removed_displays], [[], [], []]);
      assert.equal(listings.count, 0, 'no change lists every lane');
      assert.equal(lookups.count, 1, 'one lookup for the one lane that changed');
      bytesAt[lanes] = bytes;
    }
    console.log(`change bytes per publish: 200 lanes ${bytesAt[200]} B, 2000 lanes ${bytesAt[2000]} B`);
    assert.equal(bytesAt[2000], bytesAt[200], 'the bytes per change do not grow with the number of lanes');
  });

  it('with no admin stream open (or after it closed), publishes cost the admin feed nothing', async () => {
    const running = await hubWithLanes(50);
    hubs.push(running);
    const lookups = countCalls(running.hub, 'laneSummary');
    for (let i = 0; i < 20; i++) await publishBill(running.hub, `lane-${i}`, `QUIET-${i}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(lookups.count, 0, 'no admin stream: nothing described');

    const admin = await openAdmin(running);
    await admin.waitFor((e) => e.event === 'snapshot', 5000);
    await publishBill(running.hub, 'lane-1', 'WATCHED');
    await nextChange(admin);
    const seen = lookups.count;
    assert.ok(seen >= 1);
    admin.close();
    await waitUntil('the hub saw the admin stream close', () => running.handler.fleet.adminFeed.size === 0, 5000);
    for (let i = 0; i < 20; i++) await publishBill(running.hub, `lane-${i}`, `AFTER-${i}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(lookups.count, seen, 'the stream closed: nothing described any more');
  });

  it('replaying snapshot + changes gives what a new snapshot says: lanes that come, change and go, screens, displays waiting', async () => {
    const running = await hubWithLanes(5);
    hubs.push(running);
    const admin = await openAdmin(running);
    streams.push(admin);
    let view = (await admin.waitFor((e) => e.event === 'snapshot', 5000)).data as AdminSnapshot;

    // A lane emptied and unwatched leaves; a new one comes; a screen opens on a third.
    await running.hub.publish('lane-1', { command: 'clear', body: {} } as never);
    await publishBill(running.hub, 'new-lane', 'NEW-1');
    const screen = await openSse(`${running.url}${API}/stream?lane=lane-2`);
    streams.push(screen);
    await screen.waitFor((e) => e.event === 'connected');
    // A display page waits with a code: a display change.
    const waiting = await openControl(running.url, newIdentity());
    streams.push(waiting);

    const seen: AdminChange[] = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { change } = await nextChange(admin);
      seen.push(change);
      view = applyAdminChange(view, change);
      if (view.displays.length === 1 && view.lanes.some((lane) => lane.lane === 'lane-2' && lane.clients === 1) && !view.lanes.some((lane) => lane.lane === 'lane-1')) break;
    }
    assert.ok(seen.some((change) => change.removed_lanes.includes('lane-1')), 'the emptied lane is removed');
    assert.ok(seen.some((change) => change.displays.some((display) => display.status === 'pending')), 'the waiting display is sent as a change');

    const fresh = await openAdmin(running);
    streams.push(fresh);
    const truth = (await fresh.waitFor((e) => e.event === 'snapshot', 5000)).data as AdminSnapshot;
    assert.deepEqual(view.lanes, truth.lanes);
    assert.deepEqual(
      view.displays.map((display) => display.id),
      truth.displays.map((display) => display.id),
    );
  });
});

describe('AdminFeed: the snapshot and the changes after it leave nothing out', () => {
  const display = (id: string, lane: string | null): DisplayInfo => ({ id, code: lane ? null : 'ABC123', name: null, lane, status: lane ? 'connected' : 'pending', user_agent: null, address: null, connected_at: 0, last_event_id: null, offline_since: null });

  it('a display that comes while the first stream waits for its snapshot arrives as a change', async () => {
    let listed: DisplayInfo[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const feed = new AdminFeed(
      {
        laneInfo: () => undefined,
        lanes: () => [],
        displays: async () => {
          const now = listed;
          if (calls++ === 0) await gate; // the first read is slow (Redis)
          return now;
        },
      },
      10,
      (error) => assert.fail(error),
    );
    const frames: string[] = [];
    feed.add({ send: (frame) => frames.push(frame.text), close() {} });
    // The registry changes while the snapshot is being read.
    await waitUntil('the snapshot being read', () => calls === 1, 2000);
    listed = [display('screen-1', 'till-1')];
    feed.displaysChangedNow();
    release();
    await waitUntil('a change after the snapshot', () => frames.some((text) => text.startsWith('event: change')), 2000);
    assert.match(frames[0]!, /^event: snapshot/);
    const change = JSON.parse(/^data: (.*)$/m.exec(frames.find((text) => text.startsWith('event: change'))!)![1]!) as AdminChange;
    assert.deepEqual(change.displays.map((d) => d.id), ['screen-1']);
    assert.deepEqual(change.lanes.map((lane) => lane.lane), ['till-1'], 'its lane comes with it');
    feed.close();
  });
});

describe('abuse: /metrics stays bounded whatever lanes clients invent', () => {
  /** A display that reads everything (the hub's own subscriber interface, no socket). */
  const display = (): Subscriber => ({ send() {}, close() {} });

  it('3000 streams on invented lanes and 3000 lanes with a bill and a display: at most 101 lane series, the size barely grows', async () => {
    const running = await startHubServer({ port: 0, heartbeatMs: 0 });
    try {
      const scrape = async () => {
        const text = await (await fetch(`${running.url}/metrics`)).text();
        const series = text.split('\n').filter((line) => line.startsWith('display_hub_displays_connected{'));
        return { bytes: Buffer.byteLength(text), series };
      };
      const empty = await scrape();
      let invented = 0;
      for (let i = 0; i < 3000; i++) {
        try {
          running.hub.connect(`invented-${i}-${Math.random().toString(36).slice(2)}`, display());
          invented++;
        } catch {
          // Streams alone may open only so many lanes (--max-reader-lanes): the metric must be bounded either way.
        }
      }
      for (let i = 0; i < 3000; i++) {
        await publishBill(running.hub, `till-${i}`);
        running.hub.connect(`till-${i}`, display());
        if (i < 5) running.hub.connect(`till-${i}`, display());
      }
      const full = await scrape();
      console.log(`/metrics: ${(empty.bytes / 1024).toFixed(1)} KiB with no lanes; ${(full.bytes / 1024).toFixed(1)} KiB and ${full.series.length} lane series with ${invented} invented lanes and 3000 published lanes (before: 148.5 KiB at 3000 invented lanes)`);
      assert.ok(full.series.length <= 101, `${full.series.length} lane series`);
      assert.ok(full.series.every((line) => !line.includes('invented-')), 'no invented lane is a series');
      const sum = full.series.reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
      assert.equal(sum, invented + 3000 + 5, 'every display is still counted');
      assert.ok(full.series.some((line) => line.startsWith('display_hub_displays_connected{lane="till-0"} 2')), 'the lanes with the most displays are named');
      assert.ok(full.bytes - empty.bytes < 12 * 1024, `/metrics grew ${full.bytes - empty.bytes} bytes`);
    } finally {
      await running.close();
    }
  });
});

describe('--metrics-lanes', () => {
  it('names at most that many lanes, those with the most displays; the rest are summed as other', async () => {
    const running = await startHubServer({ port: 0, heartbeatMs: 0, metricsLanes: 2 });
    try {
      for (let i = 0; i < 5; i++) {
        await publishBill(running.hub, `till-${i}`);
        for (let d = 0; d <= i; d++) running.hub.connect(`till-${i}`, { send() {}, close() {} });
      }
      const text = await (await fetch(`${running.url}/metrics`)).text();
      const series = text.split('\n').filter((line) => line.startsWith('display_hub_displays_connected{'));
      assert.deepEqual(series, ['display_hub_displays_connected{lane="till-4"} 5', 'display_hub_displays_connected{lane="till-3"} 4', 'display_hub_displays_connected{lane="other"} 6']);
    } finally {
      await running.close();
    }
  });
});

describe('abuse: status under --private-streams tells a stranger nothing about the lanes', () => {
  it('/health says only that the hub is up, /lanes is 401; a token of the hub sees both', async () => {
    const running = await startHubServer({ port: 0, heartbeatMs: 0, privateStreams: true, adminToken: ADMIN, metricsToken: 'metrics-token-abuse-0001' });
    try {
      await publishBill(running.hub, 'till-secret-name');
      const get = async (path: string, token?: string) => {
        const response = await fetch(`${running.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
        return { status: response.status, text: await response.text() };
      };
      for (const path of [`${API}/health`, '/']) {
        const health = await get(path);
        assert.equal(health.status, 200, `${path}: a load balancer's check still works`);
        assert.deepEqual(JSON.parse(health.text), { status: 'ok', service: 'pos-customer-display hub' });
      }
      const lanes = await get(`${API}/lanes`);
      assert.equal(lanes.status, 401);
      assert.doesNotMatch(lanes.text, /till-secret-name/);
      assert.match(JSON.parse(lanes.text).message, /--private-streams/);
      for (const token of [ADMIN, 'metrics-token-abuse-0001']) {
        assert.match((await get(`${API}/lanes`, token)).text, /till-secret-name/);
        assert.equal(JSON.parse((await get(`${API}/health`, token)).text).lanes, 1);
      }
    } finally {
      await running.close();
    }
  });
});

const { binary: redisBinary, skip: noRedis } = redisForTests();

describe('the admin stream with two instances sharing Redis', { skip: noRedis }, () => {
  it("a bill published on B reaches A's admin page as a change of its lane (A has a display on it)", async () => {
    const redis = await startRedis(redisBinary);
    const options = { port: 0, heartbeatMs: 0, redis: redis.url, adminToken: ADMIN };
    const [a, b] = await Promise.all([startHubServer(options), startHubServer(options)]);
    const streams: SseStream[] = [];
    try {
      const screen = await openSse(`${a.url}${API}/stream?lane=till-1`);
      streams.push(screen);
      await screen.waitFor((e) => e.event === 'connected');
      const admin = await openAdmin(a);
      streams.push(admin);
      await admin.waitFor((e) => e.event === 'snapshot', 5000);
      await publishBill(b.hub, 'till-1', 'FROM-B');
      const change = await admin.waitFor((e) => e.event === 'change' && (e.data as AdminChange).lanes.some((lane) => lane.bill_number === 'FROM-B'), 5000);
      assert.deepEqual((change.data as AdminChange).lanes.map((lane) => lane.lane), ['till-1']);
    } finally {
      for (const stream of streams) stream.close();
      await Promise.all([a.close(), b.close()]);
      await redis.stop();
    }
  });
});
