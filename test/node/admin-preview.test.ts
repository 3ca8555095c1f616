/**
 * The admin page's live previews (`GET admin/preview?lanes=`) over real HTTP on 127.0.0.1:
 * who may open one, which lane lists it takes, each lane's state at once and after a post,
 * bursts as one message, no shopper's answer in it, the streams bounded; with two instances
 * on one Redis, a post on one reaches a preview on the other.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_PREVIEW_STREAMS } from '../../src/hub/node/fleet-handler.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import type { LanePreview } from '../../src/protocol/index.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';
import { API } from '../support/fleet.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const ADMIN = 'admin-token-preview-0001';
const TILL_1 = 'till-1-token-preview-01';
const admin = { Authorization: `Bearer ${ADMIN}` };

const previewUrl = (hub: RunningHub, lanes: string) => `${hub.url}${API}/admin/preview?lanes=${lanes}`;
const post = (hub: RunningHub, path: string, body: unknown) => postJson(`${hub.url}${API}/${path}`, body, { headers: admin });
const previews = (stream: SseStream, from = 0) => stream.events.slice(from).filter((e) => e.event === 'lane').map((e) => e.data as LanePreview);
const nextPreview = async (stream: SseStream, lane: string, test: (preview: LanePreview) => boolean = () => true) =>
  (await stream.waitFor((e) => e.event === 'lane' && (e.data as LanePreview).lane === lane && test(e.data as LanePreview), 3000, stream.events.length)).data as LanePreview;

async function status(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!body) await response.body?.cancel();
  return { status: response.status, body };
}

describe('admin previews: one hub in memory', () => {
  let hub: RunningHub;
  const streams: SseStream[] = [];
  const open = async (lanes: string, key = `&key=${ADMIN}`) => {
    const stream = await openSse(previewUrl(hub, lanes) + key);
    streams.push(stream);
    return stream;
  };

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, laneTokens: { 'till-1': TILL_1 } });
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await hub.close();
  });

  it('401 without a token or with a wrong one, 403 with a till token, as bearer or ?key=', async () => {
    assert.equal((await status(previewUrl(hub, 'till-1'))).status, 401);
    assert.equal((await status(previewUrl(hub, 'till-1'), { Authorization: 'Bearer wrong-token-000000' })).status, 401);
    assert.equal((await status(`${previewUrl(hub, 'till-1')}&key=wrong-token-000000`)).status, 401);
    const till = await status(previewUrl(hub, 'till-1'), { Authorization: `Bearer ${TILL_1}` });
    assert.equal(till.status, 403);
    assert.equal(till.body.status, 'error');
    assert.equal((await status(`${previewUrl(hub, 'till-1')}&key=${TILL_1}`)).status, 403);
  });

  it('400 naming the problem: no lanes, a bad lane id, a lane twice, more than 24', async () => {
    const cases: Array<[string, string]> = [
      ['', 'invalid_lanes'],
      ['till-1,till%202', 'invalid_lane'],
      ['till-1,,till-2', 'invalid_lane'],
      ['till-1,till-2,till-1', 'duplicate_lane'],
      [Array.from({ length: 25 }, (_, i) => `lane-${i}`).join(','), 'too_many_lanes'],
    ];
    for (const [lanes, error] of cases) {
      const reply = await status(previewUrl(hub, lanes), admin);
      assert.equal(reply.status, 400, lanes);
      assert.equal(reply.body.error, error, lanes);
      assert.equal(reply.body.field, 'lanes');
      assert.match(reply.body.message, /^lanes: /);
    }
    assert.equal((await status(previewUrl(hub, 'till-1'), { ...admin })).status, 200);
    const exactly24 = Array.from({ length: 24 }, (_, i) => `ok-${i}`).join(',');
    const stream = await open(exactly24);
    await stream.waitFor(() => previews(stream).length === 24);
    stream.close();
  });

  it('sends each lane its state at once: a bill, a payment, an idle lane', async () => {
    assert.equal((await post(hub, 'update-bill?lane=pv-bill', billWith(2, { bill_number: 'INV-PV-1', total: 61050 }))).status, 200);
    assert.equal((await post(hub, 'update-bill?lane=pv-pay', billWith(1, { bill_number: 'INV-PV-2' }))).status, 200);
    assert.equal((await post(hub, 'payment?lane=pv-pay', { ...QRIS_PAYMENT, bill_id: 7 })).status, 200);
    const stream = await openSse(previewUrl(hub, 'pv-bill,pv-pay,pv-idle'), admin);
    streams.push(stream);
    await stream.waitFor(() => previews(stream).length === 3);
    const byLane = new Map(previews(stream).map((preview) => [preview.lane, preview.state]));
    assert.equal(byLane.get('pv-bill')!.phase, 'bill');
    assert.equal(byLane.get('pv-bill')!.bill!.bill_number, 'INV-PV-1');
    assert.equal(byLane.get('pv-bill')!.bill!.total, 61050);
    assert.equal(byLane.get('pv-pay')!.phase, 'payment');
    assert.equal(byLane.get('pv-pay')!.payment!.status, QRIS_PAYMENT.status);
    assert.deepEqual(byLane.get('pv-idle'), { phase: 'idle', bill: null, modal: null, payment: null, prompt: null });
    assert.equal(stream.events[0]!.retry, 2000, 'retry: comes first, as on the admin stream');
  });

  it('a post reaches the stream; a burst of posts is one message with the last state; other lanes stay quiet', async () => {
    const stream = await open('pv-live,pv-quiet');
    await stream.waitFor(() => previews(stream).length === 2);
    const from = stream.events.length;
    const posted = performance.now();
    await post(hub, 'update-bill?lane=pv-live', billWith(1, { bill_number: 'LIVE-1' }));
    const first = await stream.waitFor((e) => e.event === 'lane', 3000, from);
    console.log(`a post reached the preview stream ${(first.at - posted).toFixed(1)} ms after it was sent`);
    assert.equal((first.data as LanePreview).state.bill!.bill_number, 'LIVE-1');

    const burstFrom = stream.events.length;
    for (let i = 0; i < 10; i++) await post(hub, 'update-bill?lane=pv-live', billWith(1, { bill_number: `BURST-${i}` }));
    await nextPreview(stream, 'pv-live', (p) => p.state.bill?.bill_number === 'BURST-9');
    // Let a second window pass: nothing else comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const burst = previews(stream, burstFrom);
    assert.ok(burst.length <= 2, `10 posts in a burst: ${burst.length} messages (one per 100 ms window at most)`);
    assert.equal(burst.at(-1)!.state.bill!.bill_number, 'BURST-9');
    assert.ok(burst.every((p) => p.lane === 'pv-live'), 'the quiet lane is not re-sent');
  });

  it('only the lanes a preview names are looked at: posts to other lanes cost it nothing', async () => {
    const stream = await open('pv-watched');
    await stream.waitFor(() => previews(stream).length === 1);
    const looked: string[] = [];
    const state = hub.hub.state.bind(hub.hub);
    hub.hub.state = (lane?: string) => {
      looked.push(lane ?? '');
      return state(lane);
    };
    try {
      for (let i = 0; i < 20; i++) await post(hub, `update-bill?lane=pv-other-${i % 4}`, billWith(1, { bill_number: `OTHER-${i}` }));
      await post(hub, 'update-bill?lane=pv-watched', billWith(1, { bill_number: 'WATCHED' }));
      await nextPreview(stream, 'pv-watched', (p) => p.state.bill?.bill_number === 'WATCHED');
    } finally {
      hub.hub.state = state;
    }
    assert.deepEqual([...new Set(looked.filter((lane) => lane.startsWith('pv-')))], ['pv-watched']);
  });

  it('a prompt shows in the preview, without the shopper’s answer, and goes when answered', async () => {
    const stream = await open('pv-ask');
    await stream.waitFor(() => previews(stream).length === 1);
    const from = stream.events.length;
    const asked = await post(hub, 'prompt?lane=pv-ask', { kind: 'receipt', prompt_id: 'rcpt-1', channels: ['email', 'whatsapp'] });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const shown = await nextPreview(stream, 'pv-ask', (p) => p.state.prompt !== null);
    assert.equal(shown.state.prompt!.prompt_id, 'rcpt-1');
    const answer = { channel: 'email', email: 'shopper.secret@example.com' };
    const answered = await postJson(`${hub.url}${API}/respond?lane=pv-ask`, { prompt_id: 'rcpt-1', value: answer });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    await nextPreview(stream, 'pv-ask', (p) => p.state.prompt === null);
    const sent = JSON.stringify(stream.events.slice(from));
    assert.ok(!sent.includes('shopper.secret'), 'the answer never reaches a preview');
  });

  it(`at most ${MAX_PREVIEW_STREAMS} preview streams at once: the next is 429, and a closed one frees its place`, async () => {
    for (const stream of streams) stream.close();
    streams.length = 0;
    await waitFor(() => hub.handler.fleet.previewFeed.size === 0);
    for (let i = 0; i < MAX_PREVIEW_STREAMS; i++) {
      const stream = await open(`bound-${i}`);
      await stream.waitFor((e) => e.event === 'lane');
    }
    const refused = await status(previewUrl(hub, 'bound-x'), admin);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, 'too_many_previews');
    streams.pop()!.close();
    await waitFor(() => hub.handler.fleet.previewFeed.size < MAX_PREVIEW_STREAMS);
    const again = await open('bound-y');
    await again.waitFor((e) => e.event === 'lane');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const { binary: redisBinary, skip } = redisForTests();

describe('admin previews: two instances on one Redis', { skip }, () => {
  let redis: RedisProcess;
  let a: RunningHub;
  let b: RunningHub;
  before(async () => {
    redis = await startRedis(redisBinary);
    const options = { port: 0, heartbeatMs: 0, redis: redis.url, adminToken: ADMIN };
    [a, b] = await Promise.all([startHubServer(options), startHubServer(options)]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('a preview on B of a lane no display watches there: its state at once, then a post made on A', async () => {
    assert.equal((await post(a, 'update-bill?lane=chain-1', billWith(1, { bill_number: 'CHAIN-1' }))).status, 200);
    const stream = await openSse(`${previewUrl(b, 'chain-1')}&key=${ADMIN}`);
    try {
      const first = await stream.waitFor((e) => e.event === 'lane', 3000);
      assert.equal((first.data as LanePreview).state.bill!.bill_number, 'CHAIN-1');
      assert.equal((await post(a, 'update-bill?lane=chain-1', billWith(2, { bill_number: 'CHAIN-2' }))).status, 200);
      await nextPreview(stream, 'chain-1', (p) => p.state.bill?.bill_number === 'CHAIN-2');
      const lanes = (await (await fetch(`${b.url}${API}/lanes`)).json()) as { lanes: Array<{ lane: string; clients: number }> };
      assert.equal(lanes.lanes.find((lane) => lane.lane === 'chain-1')?.clients ?? 0, 0, 'a preview is not a display');
    } finally {
      stream.close();
    }
  });
});
