/**
 * Prompts through Redis: two hub instances (A and B) on one real redis-server, each over
 * HTTP on its own loopback port. A prompt asked on one shows on the lane's displays on the
 * other (open ones and ones that connect later), an answer posted anywhere reaches the
 * asking cashier's `/responses` wherever it is open, the first answer wins across
 * instances, and cancel, replacement, a new bill and the timeout close it everywhere.
 * Answers are not left in Redis once delivered, nor in any opening.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { reportsAvailability, sharesRedisClient } from '../../src/hub/store/store.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { FakeClock } from '../support/fake-clock.js';
import { SEED_BILL } from '../support/fixtures.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';
const TIP = { ...SAMPLE_PROMPTS.tip, amount_base: 27750 };
const EMAIL = 'shopper.secret@example.com';
const { binary: redisBinary, skip } = redisForTests();

async function display(hub: RunningHub, lane: string): Promise<SseStream> {
  const stream = await openSse(`${hub.url}${API}/stream?lane=${lane}`);
  await stream.waitFor((e) => e.event === 'connected');
  return stream;
}

async function cashier(hub: RunningHub, lane: string): Promise<SseStream> {
  const stream = await openSse(`${hub.url}${API}/responses?lane=${lane}`);
  await stream.waitFor((e) => e.event === 'connected');
  return stream;
}

const post = (hub: RunningHub, path: string, body: unknown) => postJson(`${hub.url}${API}/${path}`, body);
const respond = (hub: RunningHub, lane: string, prompt_id: string, value: unknown) => post(hub, `respond?lane=${lane}`, { prompt_id, value });
const responses = (till: SseStream) => till.events.filter((e) => e.event === 'prompt-response').map((e) => e.data);

/** Every key of the chain with its content as text (strings, hashes, lists, streams). */
async function everythingIn(redis: Redis): Promise<string> {
  const dump: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    const value =
      type === 'string' ? await redis.get(key)
      : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
      : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
      : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
      : type === 'zset' ? JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'))
      : '';
    dump.push(`${key} ${value}`);
  }
  return dump.join('\n');
}

describe('prompts through Redis, two instances', { skip }, () => {
  const clock = new FakeClock(Date.now());
  let redis: RedisProcess;
  let a: RunningHub;
  let b: RunningHub;
  let client: Redis;
  // One fake clock for both: prompt timeouts fire when the test says, on both instances.
  const start = () => startHubServer({ port: 0, heartbeatMs: 0, redis: redis.url, now: clock.now, scheduleTimeout: clock.scheduleTimeout });

  before(async () => {
    redis = await startRedis(redisBinary);
    [a, b] = await Promise.all([start(), start()]);
    assert.ok(sharesRedisClient(a.hub.store));
    client = a.hub.store.redisClient;
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('asked on A, shown on B (open and late displays), answered on B, delivered on A; a second answer on either is refused', async () => {
    const [screenB, tillA] = [await display(b, 'x1'), await cashier(a, 'x1')];
    const asked = await post(a, 'prompt?lane=x1', TIP);
    assert.equal(asked.status, 200);
    assert.equal(asked.body.prompt_id, 'tip-42');
    const shown = await screenB.waitFor((e) => e.event === 'prompt-show');
    assert.equal((shown.data as { prompt_id: string }).prompt_id, 'tip-42');
    assert.equal(shown.id, undefined, 'prompts carry no event id');
    // A display that opens on B after the prompt was asked on A gets it in its opening.
    const lateB = await display(b, 'x1');
    await lateB.waitFor((e) => e.event === 'prompt-show');

    assert.equal((await respond(b, 'x1', 'tip-42', 'four')).status, 400, 'an invalid answer is refused and leaves it open');
    assert.equal((await respond(b, 'x1', 'tip-42', 4163)).status, 200);
    for (const [hub, value] of [[b, 0], [a, 100]] as const) {
      const again = await respond(hub, 'x1', 'tip-42', value);
      assert.equal(again.status, 409);
      assert.equal(again.body.error, 'prompt_not_open');
    }
    const answer = await tillA.waitFor((e) => e.event === 'prompt-response');
    assert.deepEqual(answer.data, { prompt_id: 'tip-42', status: 'answered', value: 4163 });
    for (const screen of [screenB, lateB]) assert.deepEqual((await screen.waitFor((e) => e.event === 'prompt-close')).data, { prompt_id: 'tip-42', reason: 'answered' });

    // Opened after the answer, on either instance: no prompt, no answer.
    for (const hub of [a, b]) {
      const after = await display(hub, 'x1');
      await post(hub, 'clear?lane=x1', {});
      await after.waitFor((e) => e.event === 'clear');
      assert.ok(!after.events.some((e) => e.event.startsWith('prompt-')), 'nothing of the answered prompt in an opening');
      after.close();
    }
    assert.equal(responses(tillA).length, 1, 'one answer only');
    for (const stream of [screenB, lateB, tillA]) stream.close();
  });

  it('answers posted at once on both instances: exactly one wins', async () => {
    const tillA = await cashier(a, 'x2');
    for (let round = 0; round < 10; round++) {
      const prompt_id = `race-${round}`;
      await post(a, 'prompt?lane=x2', { ...SAMPLE_PROMPTS.rating, prompt_id });
      const replies = await Promise.all([respond(a, 'x2', prompt_id, 1), respond(b, 'x2', prompt_id, 5)]);
      assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409], `round ${round}`);
      const won = replies[0]!.status === 200 ? 1 : 5;
      const answer = await tillA.waitFor((e) => e.event === 'prompt-response' && (e.data as { prompt_id: string }).prompt_id === prompt_id);
      assert.deepEqual(answer.data, { prompt_id, status: 'answered', value: won });
    }
    assert.equal(responses(tillA).length, 10);
    tillA.close();
  });

  it('cancel on B, replacement on B, a new bill on B and a clear on A close the prompt asked on A, on every display, told to the cashier on B', async () => {
    const [screenA, screenB, tillB] = [await display(a, 'x3'), await display(b, 'x3'), await cashier(b, 'x3')];
    const closedEverywhere = async (prompt_id: string, reason: string) => {
      for (const screen of [screenA, screenB]) {
        await screen.waitFor((e) => e.event === 'prompt-close' && (e.data as { prompt_id: string }).prompt_id === prompt_id);
      }
      const response = await tillB.waitFor((e) => e.event === 'prompt-response' && (e.data as { prompt_id: string }).prompt_id === prompt_id);
      assert.deepEqual(response.data, { prompt_id, status: 'cancelled', reason });
    };
    await post(a, 'update-bill?lane=x3', SEED_BILL);

    await post(a, 'prompt?lane=x3', { ...SAMPLE_PROMPTS.confirm, prompt_id: 'p-cancel' });
    await screenB.waitFor((e) => e.event === 'prompt-show');
    assert.equal((await post(b, 'cancel-prompt?lane=x3', { prompt_id: 'p-cancel' })).status, 200);
    await closedEverywhere('p-cancel', 'cashier');
    assert.equal((await post(a, 'cancel-prompt?lane=x3', { prompt_id: 'p-cancel' })).status, 409, 'gone on A too');

    await post(a, 'prompt?lane=x3', { ...SAMPLE_PROMPTS.confirm, prompt_id: 'p-old' });
    await post(b, 'prompt?lane=x3', { ...SAMPLE_PROMPTS.confirm, prompt_id: 'p-new' });
    await closedEverywhere('p-old', 'replaced');
    assert.equal((await respond(a, 'x3', 'p-old', true)).status, 409);

    await post(b, 'update-bill?lane=x3', { ...SEED_BILL, total: 30000 });
    // B's own next prompt script runs after the close it tried for that update (one connection, in order).
    assert.equal((await post(b, 'cancel-prompt?lane=x3', { prompt_id: 'none' })).status, 409);
    assert.equal(await client.hget('pcd:lane:x3:prompt', 'id'), 'p-new', 'the same bill, updated, keeps the prompt');
    await post(b, 'update-bill?lane=x3', { ...SEED_BILL, bill_id: 'another' });
    await closedEverywhere('p-new', 'new-bill');

    await post(a, 'prompt?lane=x3', { ...SAMPLE_PROMPTS.confirm, prompt_id: 'p-clear' });
    await post(a, 'clear?lane=x3', {});
    await closedEverywhere('p-clear', 'clear');
    assert.deepEqual(
      responses(tillB).map((r) => (r as { prompt_id: string }).prompt_id),
      ['p-cancel', 'p-old', 'p-new', 'p-clear'],
      'each closed once, in order',
    );
    for (const stream of [screenA, screenB, tillB]) stream.close();
  });

  it('times out on both instances at once: one timeout reaches the cashier, displays on both close it, a late answer is refused', async () => {
    const [screenA, screenB, tillB] = [await display(a, 'x4'), await display(b, 'x4'), await cashier(b, 'x4')];
    await post(a, 'prompt?lane=x4', { ...SAMPLE_PROMPTS.rating, prompt_id: 'slow', timeout_s: 30 });
    await screenB.waitFor((e) => e.event === 'prompt-show');
    clock.advance(20_000);
    const late = await display(b, 'x4');
    assert.equal(((await late.waitFor((e) => e.event === 'prompt-show')).data as { expires_in_s: number }).expires_in_s, 10);
    clock.advance(10_000); // both instances' timers fire
    const response = await tillB.waitFor((e) => e.event === 'prompt-response');
    assert.deepEqual(response.data, { prompt_id: 'slow', status: 'timeout' });
    for (const screen of [screenA, screenB, late]) assert.deepEqual((await screen.waitFor((e) => e.event === 'prompt-close')).data, { prompt_id: 'slow', reason: 'timeout' });
    assert.equal((await respond(b, 'x4', 'slow', 5)).status, 409, 'too late');
    assert.equal(responses(tillB).length, 1, 'one timeout, not one per instance');
    for (const stream of [screenA, screenB, late, tillB]) stream.close();
  });

  it('the instance that asked is gone: the prompt stays open elsewhere (a new instance shows it too) and still times out, closed by another instance', async () => {
    const c = await start();
    const [screenB, tillA] = [await display(b, 'x7'), await cashier(a, 'x7')];
    await post(c, 'prompt?lane=x7', { ...SAMPLE_PROMPTS.rating, prompt_id: 'orphan', timeout_s: 30 });
    await screenB.waitFor((e) => e.event === 'prompt-show');
    await c.close();
    const late = await display(a, 'x7');
    await late.waitFor((e) => e.event === 'prompt-show');
    // An instance started after the prompt was asked never heard of it: its displays' openings read it from Redis.
    const d = await start();
    const newcomer = await display(d, 'x7');
    await newcomer.waitFor((e) => e.event === 'prompt-show');
    clock.advance(30_000);
    assert.deepEqual((await tillA.waitFor((e) => e.event === 'prompt-response')).data, { prompt_id: 'orphan', status: 'timeout' });
    for (const screen of [screenB, late, newcomer]) await screen.waitFor((e) => e.event === 'prompt-close');
    for (const stream of [screenB, late, newcomer, tillA]) stream.close();
    await d.close();
  });

  it('an answer given while no cashier listens is held in Redis briefly, taken by a stream opened on the other instance, and then gone from Redis', async () => {
    await post(a, 'prompt?lane=x5', SAMPLE_PROMPTS.receipt);
    assert.equal((await respond(b, 'x5', 'receipt-42', { channel: 'email', email: EMAIL })).status, 200);
    const held = await client.pttl('pcd:lane:x5:answers');
    assert.ok(held > 0 && held <= 30_000, `held with a TTL of at most 30 s (${held} ms)`);
    const tillA = await cashier(a, 'x5');
    const answer = await tillA.waitFor((e) => e.event === 'prompt-response');
    assert.deepEqual(answer.data, { prompt_id: 'receipt-42', status: 'answered', value: { channel: 'email', email: EMAIL } });
    tillA.close();
    assert.ok(!(await everythingIn(client)).includes(EMAIL), 'no answer left in Redis once delivered');
  });

  it('an answer delivered to a listening cashier never touches a Redis key, nor a display opening', async () => {
    const tillB = await cashier(b, 'x6');
    const screenA = await display(a, 'x6');
    await post(a, 'prompt?lane=x6', SAMPLE_PROMPTS.receipt);
    await screenA.waitFor((e) => e.event === 'prompt-show');
    const monitor = await client.monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
    assert.equal((await respond(a, 'x6', 'receipt-42', { channel: 'email', email: EMAIL })).status, 200);
    await tillB.waitFor((e) => e.event === 'prompt-response');
    const opened = await display(b, 'x6');
    const openedA = await display(a, 'x6');
    monitor.disconnect();
    // The answer went into Redis once, as an argument of the closing script, which PUBLISHed it to the listening instance.
    assert.ok(!(await everythingIn(client)).includes(EMAIL), 'no key holds it');
    assert.equal(commands.filter((line) => line.includes(EMAIL) && /^(set|hset|rpush|lpush|xadd)\b/i.test(line)).length, 0);
    for (const stream of [opened, openedA, screenA]) assert.ok(!JSON.stringify(stream.events).includes(EMAIL), 'no display saw the answer');
    for (const stream of [tillB, screenA, opened, openedA]) stream.close();
  });

  // Last: it drops every subscribed connection of both instances.
  it('news and answers lost while an instance could not hear Redis: after it reconnects, its displays close the prompt and its cashier gets the held answer', async () => {
    const [screenB, tillA] = [await display(b, 'x8'), await cashier(a, 'x8')];
    await post(b, 'prompt?lane=x8', { ...SAMPLE_PROMPTS.rating, prompt_id: 'lost' });
    await screenB.waitFor((e) => e.event === 'prompt-show');
    await client.call('CLIENT', 'KILL', 'TYPE', 'pubsub'); // every instance's subscribed connections; they reconnect after ~100 ms
    assert.equal((await respond(a, 'x8', 'lost', 3)).status, 200);
    assert.equal(await client.exists('pcd:lane:x8:answers'), 1, 'nobody heard it: held');
    assert.deepEqual((await tillA.waitFor((e) => e.event === 'prompt-response')).data, { prompt_id: 'lost', status: 'answered', value: 3 });
    assert.deepEqual((await screenB.waitFor((e) => e.event === 'prompt-close')).data, { prompt_id: 'lost', reason: 'timeout' });
    assert.equal(await client.exists('pcd:lane:x8:answers'), 0, 'taken');
    for (const stream of [screenB, tillA]) stream.close();
  });

  // Last of all: Redis is gone for good.
  it('Redis unreachable: asking, answering and cancelling get 503 unavailable, with a message a till can log', async () => {
    await post(a, 'prompt?lane=x9', SAMPLE_PROMPTS.rating);
    await redis.kill();
    const deadline = Date.now() + 5000;
    while (reportsAvailability(a.hub.store) && a.hub.store.available && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const [path, body] of [
      ['prompt?lane=x9', { ...SAMPLE_PROMPTS.rating, prompt_id: 'down' }],
      ['respond?lane=x9', { prompt_id: 'rating-42', value: 3 }],
      ['cancel-prompt?lane=x9', { prompt_id: 'rating-42' }],
    ] as const) {
      const reply = await post(a, path, body);
      assert.equal(reply.status, 503, path);
      assert.equal(reply.body.error, 'unavailable');
      assert.match(reply.body.message, /could not reach its store/);
    }
  });
});
