/**
 * A Redis outage, with a real redis-server killed (SIGKILL) while a till posts: `/health`
 * says 503 with the reason, publishes get 503 with a message a cashier app can log,
 * displays keep their streams and their last bill, and when redis-server is back on the
 * same port everything recovers by itself: health 200, the next post reaches the open
 * displays (no reload). Both ways Redis can come back: empty (its data lost) and from its
 * data dir with an older save than the till's last post. Either way a display never shows
 * an older bill than the till's latest accepted post.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { connectRedisStore } from '../../src/hub/store/redis/redis-store.js';
import { billWith } from '../support/fixtures.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson, type ReceivedEvent, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';
const { binary: redisBinary, skip } = redisForTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bills are numbered `T-<n>`: n only grows on the till. */
const billNumber = (e: ReceivedEvent) => (e.data as { bill_number?: string })?.bill_number;
const serial = (bill: string | undefined) => Number(/-(\d+)$/.exec(bill ?? '')?.[1] ?? NaN);

/** What a display shows after the events it received: the last bill, or none after a clear. */
function shownBill(stream: SseStream): string | null {
  let shown: string | null = null;
  for (const e of stream.events) {
    if (e.event === 'bill-update') shown = billNumber(e) ?? null;
    else if (e.event === 'clear') shown = null;
  }
  return shown;
}

/** Every bill a display was sent, in order, never went back to an older one. */
function assertNeverOlder(stream: SseStream, who: string): void {
  const bills = stream.events.filter((e) => e.event === 'bill-update').map((e) => serial(billNumber(e)));
  for (let i = 1; i < bills.length; i++) assert.ok(bills[i]! > bills[i - 1]!, `${who} went from T-${bills[i - 1]} back to T-${bills[i]}: ${bills.join(', ')}`);
}

/** A display's stream, and whether the hub ever ended it. */
async function display(hub: RunningHub, lane: string, headers: Record<string, string> = {}) {
  const stream = await openSse(`${hub.url}${API}/stream?lane=${lane}`, headers);
  await stream.waitFor((e) => e.event === 'connected');
  const state = { stream, ended: false };
  void stream.ended.then(() => (state.ended = true));
  return state;
}

async function health(hub: RunningHub) {
  const response = await fetch(`${hub.url}${API}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls `/health` until it answers 200 (bounded). */
async function healthyAgain(hub: RunningHub, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await health(hub);
    if (answer.status === 200 || performance.now() > deadline) return answer;
    await sleep(20);
  }
}

/** A till posting bill after bill (T-1, T-2…) until stopped: what was accepted, and the refusals. */
function till(hub: RunningHub, lane: string) {
  const accepted: Array<{ bill: string; eventId: string }> = [];
  const refused: Array<{ status: number; body: any; retryAfter: string | null }> = [];
  let n = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const bill = `T-${++n}`;
      const reply = await postJson(`${hub.url}${API}/update-bill?lane=${lane}`, billWith(1, { bill_number: bill }));
      if (reply.status === 200) accepted.push({ bill, eventId: String(reply.body.event_id) });
      else refused.push({ status: reply.status, body: reply.body, retryAfter: reply.headers.get('retry-after') });
      await sleep(5);
    }
  })();
  return {
    accepted,
    refused,
    next: () => `T-${++n}`,
    async until(condition: () => boolean, timeoutMs = 5000) {
      const deadline = performance.now() + timeoutMs;
      while (!condition() && performance.now() < deadline) await sleep(5);
      assert.ok(condition(), 'the till got there in time');
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Redis's `SAVE`: its dump file in the data dir holds the lanes as of now. */
async function saveNow(redis: RedisProcess): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  try {
    assert.equal(await client.save(), 'OK');
  } finally {
    client.disconnect();
  }
}

describe('Redis outage: redis-server killed mid-traffic', { skip }, () => {
  let redis: RedisProcess | undefined;
  let hubs: RunningHub[] = [];
  let dataDir: string | undefined;
  /** Each hub's log lines about Redis. */
  let redisLines: string[][] = [];
  const start = (url: string) => {
    const lines: string[] = [];
    redisLines.push(lines);
    const keep = (line: string) => void (line.startsWith('redis:') && lines.push(line));
    return startHubServer({ port: 0, heartbeatMs: 0, redis: url, logger: { error: keep, warn: keep, info: keep, debug: keep } });
  };

  afterEach(async () => {
    await Promise.all(hubs.map((hub) => hub.close()));
    hubs = [];
    redisLines = [];
    await redis?.stop();
    redis = undefined;
  });
  after(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Redis back empty: health 503 with the reason and publishes 503 meanwhile, displays keep stream and bill, then the next post reaches them', async () => {
    redis = await startRedis(redisBinary);
    const [a, b] = (hubs = await Promise.all([start(redis.url), start(redis.url)]));
    assert.deepEqual(await health(a!).then(({ status, body }) => [status, body.status, body.redis]), [200, 'ok', 'up']);
    // The till posts to A; one display on A, one on B.
    const onA = await display(a!, 'outage');
    const onB = await display(b!, 'outage');
    const posting = till(a!, 'outage');
    await posting.until(() => posting.accepted.length >= 5);

    await redis.kill();
    const killedAt = Date.now();
    await posting.until(() => posting.refused.length >= 3);
    await posting.stop();
    const last = posting.accepted.at(-1)!;

    // Publishes: refused at once with a reason a cashier app can log as it is.
    for (const refusal of posting.refused) {
      assert.equal(refusal.status, 503);
      assert.equal(refusal.body.status, 'error');
      assert.equal(refusal.body.error, 'unavailable');
      assert.match(refusal.body.message, /^Redis cannot be reached \(for \d+ s\): this update was not stored/);
      assert.equal(refusal.retryAfter, '1');
    }
    // Health: 503 for a load balancer, and why, on both instances.
    for (const hub of [a!, b!]) {
      const { status, body } = await health(hub);
      assert.equal(status, 503);
      assert.equal(body.status, 'unavailable');
      assert.equal(body.redis, 'down');
      const since = Date.parse(String(body.redis_down_since));
      assert.ok(Math.abs(since - killedAt) < 2000, `down since the kill (${body.redis_down_since})`);
      assert.equal(typeof body.redis_down_s, 'number');
      assert.match(String(body.reason), /Redis cannot be reached: publishes are refused \(503\)/);
    }
    // The display on the till's instance shows the last accepted bill (it was told 200).
    await onA.stream.waitFor((e) => billNumber(e) === last.bill);
    assert.equal(shownBill(onA.stream), last.bill);
    assert.ok(shownBill(onB.stream), 'the display on B keeps a bill');
    assert.ok(!onA.ended && !onB.ended, 'the displays keep their streams');
    // A display connecting now (a lane new to the instance) is turned away at once (it retries by itself), not left waiting unanswered.
    const newcomer = await Promise.race([openSse(`${b!.url}${API}/stream?lane=outage-newcomer`), sleep(2000).then(() => null)]);
    assert.ok(newcomer, 'answered');
    assert.equal(await Promise.race([newcomer.ended.then(() => 'ended'), sleep(2000).then(() => 'still open')]), 'ended');
    assert.deepEqual(newcomer.events, [], 'and shown nothing');

    redis = await startRedis(redisBinary, redis.port); // empty: the data is lost
    const back = await healthyAgain(a!);
    assert.equal(back.status, 200, 'health back to 200 by itself');
    assert.deepEqual([back.body.status, back.body.redis, back.body.reason], ['ok', 'up', undefined]);
    assert.equal((await healthyAgain(b!)).status, 200);
    // Nothing old comes back: the next post is what the displays show, on their same streams.
    assert.equal(shownBill(onA.stream), last.bill);
    const next = posting.next();
    const reply = await postJson(`${a!.url}${API}/update-bill?lane=outage`, billWith(2, { bill_number: next }));
    assert.equal(reply.status, 200);
    await Promise.all([onA.stream.waitFor((e) => billNumber(e) === next, 5000), onB.stream.waitFor((e) => billNumber(e) === next, 5000)]);
    assert.ok(!onA.ended && !onB.ended, 'no reconnect, no reload');
    // The operator's log: one line when Redis went, one when it came back, no error repeated.
    for (const lines of redisLines) {
      assert.equal(lines.filter((line) => line.startsWith('redis: unreachable: /health answers 503')).length, 1, lines.join('\n'));
      assert.equal(lines.filter((line) => /^redis: back after \d+\.\d s: \/health 200, publishing again$/.test(line)).length, 1, lines.join('\n'));
      assert.equal(new Set(lines).size, lines.length, `no line repeated: ${lines.join('\n')}`);
    }
    assertNeverOlder(onA.stream, 'the display on A');
    assertNeverOlder(onB.stream, 'the display on B');
    // A display coming back with an id from before the outage gets the bill of now.
    const returning = await display(b!, 'outage', { 'Last-Event-ID': last.eventId });
    await returning.stream.waitFor((e) => e.event === 'bill-update');
    assert.equal(shownBill(returning.stream), next);
    for (const { stream } of [onA, onB, returning]) stream.close();
  });

  it("an instance's own post reaches its displays before the till gets its 200: a kill right after cannot leave them a bill behind", async () => {
    redis = await startRedis(redisBinary);
    const store = await connectRedisStore({ redis: redis.url });
    try {
      const received: string[] = [];
      store.listen((_lane, { events }) => received.push(...events.map((event) => event.id)));
      await store.follow('own');
      for (let n = 1; n <= 3; n++) {
        const { events } = await store.append('own', { command: 'update-bill', body: billWith(1, { bill_number: `T-${n}` }) } as never, n);
        // Not after a round trip through Redis (the PUBLISH, then a read it may never answer).
        assert.deepEqual(received.slice(-events.length), events.map((event) => event.id), `T-${n} was handed to the displays with its reply`);
      }
      await sleep(50);
      assert.equal(received.length, 3, 'and not a second time when the PUBLISH comes back');
    } finally {
      await store.close();
    }
  });

  it('Redis back from its data dir with a save older than the last post: displays keep the newer bill, never the saved one', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'redis-outage-'));
    redis = await startRedis(redisBinary, undefined, ['--dir', dataDir]);
    const [a, b] = (hubs = await Promise.all([start(redis.url), start(redis.url)]));
    const onA = await display(a!, 'saved');
    const onB = await display(b!, 'saved');
    const post = (bill: string) => postJson(`${a!.url}${API}/update-bill?lane=saved`, billWith(1, { bill_number: bill }));
    assert.equal((await post('T-1')).status, 200);
    await saveNow(redis); // Redis's dump holds T-1…
    const newest = await post('T-2'); // …and not T-2: killed before its next save
    assert.equal(newest.status, 200);
    await Promise.all([onA.stream.waitFor((e) => billNumber(e) === 'T-2'), onB.stream.waitFor((e) => billNumber(e) === 'T-2')]);

    await redis.kill();
    assert.equal((await health(b!)).status, 503);
    assert.equal((await post('T-3')).status, 503);
    redis = await startRedis(redisBinary, redis.port, ['--dir', dataDir]);
    assert.equal((await healthyAgain(a!)).status, 200);
    assert.equal((await healthyAgain(b!)).status, 200);

    // Redis holds T-1 now. A display that saw T-2 and comes back keeps T-2 (a resume with nothing missed).
    const returning = await display(b!, 'saved', { 'Last-Event-ID': String(newest.body.event_id) });
    assert.equal((returning.stream.events[0]!.data as { mode: string }).mode, 'resume');
    const reply = await post('T-4');
    assert.equal(reply.status, 200);
    await Promise.all([onA, onB, returning].map(({ stream }) => stream.waitFor((e) => billNumber(e) === 'T-4', 5000)));
    const bills = (stream: SseStream) => stream.events.filter((e) => e.event === 'bill-update').map(billNumber);
    // The saved T-1 is never sent again: each bill once, in order.
    assert.deepEqual(bills(onA.stream), ['T-1', 'T-2', 'T-4']);
    assert.deepEqual(bills(onB.stream), ['T-1', 'T-2', 'T-4']);
    assert.deepEqual(bills(returning.stream), ['T-4']);
    assert.ok(!onA.ended && !onB.ended, 'the open displays kept their streams');
    for (const { stream } of [onA, onB, returning]) stream.close();
  });
});
