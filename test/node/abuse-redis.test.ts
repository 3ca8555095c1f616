/**
 * Abuse of Redis mode (issue item 10: 20 000 lanes left 40 002 keys with no TTL and Redis
 * at 526 MB). Against a real redis-server on a loopback port, at small scale through the
 * options: a state budget, a lane cap and a lane TTL of seconds. What Redis holds stays
 * bounded, every key of a lane expires, and an expired lane's bytes leave the total.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { connectRedisStore, REDIS_LANE_OVERHEAD_BYTES, type RedisStore } from '../../src/hub/store/redis/redis-store.js';
import { billWith } from '../support/fixtures.js';
import { startHubProcess } from '../support/hub-process.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const { binary: redisBinary, skip } = redisForTests();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every key under a prefix (SCAN, bounded by the test's own small key counts). */
async function keysOf(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
const storedBytes = async (redis: Redis, prefix: string) => Number((await redis.get(`${prefix}:stored-bytes`)) ?? 0);
const historyBytes = async (redis: Redis, prefix: string) => Number((await redis.get(`${prefix}:history-bytes`)) ?? 0);
const sumOf = async (redis: Redis, hash: string) => Object.values(await redis.hgetall(hash)).reduce((sum, bytes) => sum + Number(bytes), 0);
/** What the account should say: the totals are the sums of the lanes' entries. */
async function assertNoDrift(redis: Redis, prefix: string): Promise<void> {
  assert.equal(await storedBytes(redis, prefix), await sumOf(redis, `${prefix}:lane-bytes`), 'state total = sum of the lanes');
  assert.equal(await historyBytes(redis, prefix), await sumOf(redis, `${prefix}:lane-history`), 'history total = sum of the lanes');
}
/** Bytes of event data a lane's stream holds now, read from the stream itself. */
async function streamDataBytes(redis: Redis, key: string): Promise<number> {
  const entries = (await redis.xrange(key, '-', '+')) as Array<[string, string[]]>;
  return entries.reduce((sum, [, fields]) => sum + Buffer.byteLength(fields[3]!), 0);
}
const FIXED_KEYS = ['history-bytes', 'history-lanes', 'lane-bytes', 'lane-history', 'lanes', 'stored-bytes'];

describe('abuse: Redis mode stays bounded', { skip }, () => {
  let redis: RedisProcess;
  let probe: RedisStore;
  let client: Redis;

  before(async () => {
    redis = await startRedis(redisBinary);
    probe = await connectRedisStore({ redis: redis.url, keyPrefix: 'probe' });
    client = probe.redisClient;
  });
  after(async () => {
    await probe?.close();
    await redis?.stop();
  });

  it('2 000 lanes posted under a 2 MiB budget: refused beyond it with 507, Redis bounded, every lane key has a TTL', async () => {
    const prefix = 'flood';
    const budget = 2 * 1024 * 1024;
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, redis: redis.url, redisKeyPrefix: prefix, stateBudgetBytes: budget });
    try {
      const memoryBefore = await usedMemory(client);
      const statuses = new Map<number, number>();
      let firstRefusal: Awaited<ReturnType<typeof postJson>> | undefined;
      const LANES = 2000;
      for (let lane = 0; lane < LANES; lane += 50) {
        const replies = await Promise.all(
          Array.from({ length: 50 }, (_, n) => postJson(`${hub.url}${API}/update-bill?lane=flood-${lane + n}`, billWith(20, { bill_number: `F-${lane + n}` }))),
        );
        for (const reply of replies) {
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          if (reply.status !== 200) firstRefusal ??= reply;
        }
      }
      const accepted = statuses.get(200) ?? 0;
      assert.ok(accepted > 50 && accepted < LANES, `some lanes fit, the rest are refused (${JSON.stringify([...statuses])})`);
      assert.equal((statuses.get(200) ?? 0) + (statuses.get(507) ?? 0), LANES, 'every refusal is a 507');
      assert.equal(firstRefusal!.body.error, 'state_budget_exceeded');
      assert.match(String(firstRefusal!.body.message), /state budget.*--state-budget/);

      const total = await storedBytes(client, prefix);
      assert.ok(total <= budget, `${total} bytes counted, budget ${budget}`);
      await assertNoDrift(client, prefix);
      const keys = await keysOf(client, prefix);
      const laneKeys = keys.filter((key) => key.startsWith(`${prefix}:lane:`));
      assert.equal(laneKeys.length, accepted * 2, 'a state hash and a stream per accepted lane, nothing for a refused one');
      const fixed = keys.filter((key) => !key.startsWith(`${prefix}:lane:`)).sort();
      assert.deepEqual(fixed, FIXED_KEYS.map((name) => `${prefix}:${name}`), 'besides the lanes, only the fixed account keys');
      const ttls = await Promise.all(laneKeys.map((key) => client.pttl(key)));
      assert.ok(ttls.every((ttl) => ttl > 0), 'every lane key expires');
      const grown = (await usedMemory(client)) - memoryBefore;
      const perLane = (grown - (total - accepted * REDIS_LANE_OVERHEAD_BYTES) - (await historyBytes(client, prefix))) / accepted;
      console.log(`redis abuse: Redis's own cost per lane beyond its JSON ~${Math.round(perLane)} B (counted: ${REDIS_LANE_OVERHEAD_BYTES} B)`);
      console.log(
        `redis abuse: ${LANES} lanes posted (${JSON.stringify(billWith(20)).length}-byte bills), budget ${budget} B: ${accepted} accepted, ${LANES - accepted} refused 507; ${keys.length} keys (${laneKeys.length} per-lane, all with a TTL), stored ${total} B, used_memory +${(grown / 1048576).toFixed(1)} MiB`,
      );
      assert.ok(grown < budget * 4, `used_memory grew ${grown} bytes for a ${budget}-byte budget`);

      // A clear always fits (it frees bytes), and what it frees leaves the total.
      const cleared = await postJson(`${hub.url}${API}/clear?lane=flood-0`, { reason: 'cancelled' });
      assert.equal(cleared.status, 200);
      assert.ok((await storedBytes(client, prefix)) < total);
      await assertNoDrift(client, prefix);
    } finally {
      await hub.close();
    }
  });

  it('a refused post changes nothing in Redis: past the state budget (507), past the lane budget (413)', async () => {
    const prefix = 'refused';
    const store = await connectRedisStore({ redis: redis.url, keyPrefix: prefix, stateBudgetBytes: 8 * 1024 });
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, redis: redis.url, redisKeyPrefix: prefix, laneBudgetBytes: 4096 });
    try {
      await store.append('kept', { command: 'update-bill', body: billWith(1, { bill_number: 'SMALL' }) } as never, 1);
      const snapshot = async () => ({
        keys: (await keysOf(client, prefix)).sort(),
        state: await client.hgetall(`${prefix}:lane:kept:state`),
        events: await client.xrange(`${prefix}:lane:kept:events`, '-', '+'),
        totals: [await storedBytes(client, prefix), await historyBytes(client, prefix)],
      });
      const before = await snapshot();
      const bigBill = billWith(150, { bill_number: 'BIG' });
      assert.ok(JSON.stringify(bigBill).length > 8 * 1024);
      await assert.rejects(store.append('kept', { command: 'update-bill', body: bigBill } as never, 2), { status: 507, code: 'state_budget_exceeded' });
      await assert.rejects(store.append('other', { command: 'update-bill', body: bigBill } as never, 2), /state budget of 8192 bytes \(--state-budget\)/);
      assert.deepEqual(await snapshot(), before, 'refused past the state budget: nothing written');

      const tooLarge = await postJson(`${hub.url}${API}/update-bill?lane=kept`, bigBill);
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.body.error, 'lane_budget_exceeded');
      assert.match(String(tooLarge.body.message), /--lane-budget/);
      const newLane = await postJson(`${hub.url}${API}/update-bill?lane=fresh`, bigBill);
      assert.equal(newLane.status, 413);
      assert.deepEqual(await snapshot(), before, 'refused past the lane budget: nothing written');
    } finally {
      await hub.close();
      await store.close();
    }
  });

  it('past the history budget, the least recently active lanes lose their replay (a snapshot), never a post', async () => {
    const prefix = 'replay';
    const store = await connectRedisStore({ redis: redis.url, keyPrefix: prefix, historyBudgetBytes: 5000 });
    try {
      for (let lane = 0; lane < 40; lane++) await store.append(`r-${lane}`, { command: 'update-bill', body: billWith(5, { bill_number: `R-${lane}` }) } as never, lane);
      const total = await historyBytes(client, prefix);
      assert.ok(total <= 5000, `${total} bytes of replay kept`);
      await assertNoDrift(client, prefix);
      assert.equal(await client.exists(`${prefix}:lane:r-0:events`), 0, 'the oldest lane lost its stream');
      assert.equal(await client.exists(`${prefix}:lane:r-39:events`), 1, 'the newest keeps its own');
      assert.equal(Number(await client.hget(`${prefix}:lane-history`, 'r-39')), await streamDataBytes(client, `${prefix}:lane:r-39:events`));
      const opening = await store.open('r-0', '1-0');
      assert.equal(opening.missed, null, 'a display of an evicted lane gets a snapshot');
      assert.match(JSON.stringify(opening.state.bill), /R-0/, 'its state is still there');
      // It posts again: a stream anew, counted.
      await store.append('r-0', { command: 'clear', body: { reason: 'cancelled' } } as never, 99);
      assert.equal(await client.xlen(`${prefix}:lane:r-0:events`), 1);
      await assertNoDrift(client, prefix);
    } finally {
      await store.close();
    }
  });

  it('lanes are bounded by the budget over every instance, however small: each costs its overhead; a known lane can still clear', async () => {
    const prefix = 'tiny';
    const LANES = 5;
    const start = () => startHubServer({ port: 0, heartbeatMs: 0, redis: redis.url, redisKeyPrefix: prefix, stateBudgetBytes: LANES * REDIS_LANE_OVERHEAD_BYTES });
    const [a, b] = await Promise.all([start(), start()]);
    try {
      const clear = (hub: RunningHub, lane: string) => postJson(`${hub.url}${API}/clear?lane=${lane}`, { reason: 'cancelled' });
      for (let lane = 0; lane < LANES; lane++) assert.equal((await clear(lane % 2 ? a : b, `tiny-${lane}`)).status, 200);
      const refused = await clear(a, 'tiny-new');
      assert.equal(refused.status, 507);
      assert.equal(refused.body.error, 'state_budget_exceeded');
      assert.equal(await client.exists(`${prefix}:lane:tiny-new:state`, `${prefix}:lane:tiny-new:events`), 0);
      assert.equal((await clear(b, 'tiny-0')).status, 200, 'a lane already there is not refused what does not grow it');
      assert.equal(await client.zcard(`${prefix}:lanes`), LANES);
      await assertNoDrift(client, prefix);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a lane idle past its TTL is gone, its bytes left the totals, and its place is free again', async () => {
    const prefix = 'idle';
    // Room for two small lanes: a third is refused until one of them is gone.
    const budget = 2 * REDIS_LANE_OVERHEAD_BYTES + JSON.stringify(billWith(1)).length + 300;
    const store = await connectRedisStore({ redis: redis.url, keyPrefix: prefix, laneTtlMs: 2000, stateBudgetBytes: budget });
    const bytesOf = async (lane: string) => [Number(await client.hget(`${prefix}:lane-bytes`, lane)), Number(await client.hget(`${prefix}:lane-history`, lane))];
    const totals = async () => [await storedBytes(client, prefix), await historyBytes(client, prefix)];
    try {
      const post = (lane: string, n = 1) => store.append(lane, { command: 'update-bill', body: billWith(n) } as never, 1);
      await post('old');
      await post('kept');
      const old = await bytesOf('old');
      assert.ok(old[0]! > 0 && old[1]! > 0);
      const pttl = await client.pttl(`${prefix}:lane:old:state`);
      assert.ok(pttl > 0 && pttl <= 2000, `TTL ${pttl} ms`);
      await assert.rejects(post('third'), { code: 'state_budget_exceeded' });
      await sleep(1200);
      await post('kept', 2); // activity refreshes the kept lane's TTL
      await sleep(1200);
      assert.equal(await client.exists(`${prefix}:lane:old:state`, `${prefix}:lane:old:events`), 0, 'Redis expired the idle lane by itself');
      assert.ok(await client.exists(`${prefix}:lane:kept:state`), 'the active lane is still there');
      const kept = await bytesOf('kept');
      assert.deepEqual(await totals(), [old[0]! + kept[0]!, old[1]! + kept[1]!], 'until the next append, the expired lane is still counted');
      // The next append prunes the expired lane from the account before it checks anything.
      await post('third');
      const third = await bytesOf('third');
      assert.deepEqual(await totals(), [kept[0]! + third[0]!, kept[1]! + third[1]!], "the old lane's bytes left both totals");
      assert.equal(await client.hget(`${prefix}:lane-bytes`, 'old'), null);
      assert.equal(await client.hget(`${prefix}:lane-history`, 'old'), null);
      assert.equal(await client.zscore(`${prefix}:lanes`, 'old'), null);
      assert.deepEqual((await client.zrange(`${prefix}:lanes`, '0', '-1')).sort(), ['kept', 'third']);
      await assertNoDrift(client, prefix);
    } finally {
      await store.close();
    }
  });

  it("a lane's stream keeps its newest events within its byte bound, and the account follows exactly", async () => {
    const prefix = 'history';
    const store = await connectRedisStore({ redis: redis.url, keyPrefix: prefix, laneHistoryBytes: 20_000 });
    try {
      for (let n = 0; n < 60; n++) await store.append('busy', { command: 'update-bill', body: billWith(5, { bill_number: `H-${n}` }) } as never, n);
      const entries = (await client.xrange(`${prefix}:lane:busy:events`, '-', '+')) as Array<[string, string[]]>;
      const dataBytes = await streamDataBytes(client, `${prefix}:lane:busy:events`);
      assert.ok(dataBytes <= 20_000 && entries.length < 60, `${entries.length} events, ${dataBytes} bytes kept`);
      assert.match(entries.at(-1)![1][3]!, /H-59/);
      assert.equal(Number(await client.hget(`${prefix}:lane-history`, 'busy')), dataBytes);
      const state = await client.hgetall(`${prefix}:lane:busy:state`);
      assert.equal(Number(await client.hget(`${prefix}:lane-bytes`, 'busy')), Buffer.byteLength(state.bill!) + REDIS_LANE_OVERHEAD_BYTES);
      await assertNoDrift(client, prefix);
    } finally {
      await store.close();
    }
  });

  it('display-hub --redis --lane-ttl 2: the process sets the TTL; the lane is gone 2 s after its last post', async () => {
    const hub = await startHubProcess(['--redis', redis.url, '--lane-ttl', '2', '--log-level', 'warn']);
    try {
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=cli-ttl`, billWith(1))).status, 200);
      const ttls = [await client.pttl('pcd:lane:cli-ttl:state'), await client.pttl('pcd:lane:cli-ttl:events')];
      assert.ok(ttls.every((ttl) => ttl > 0 && ttl <= 2000), `TTLs ${ttls} ms`);
      await sleep(2300);
      assert.equal(await client.exists('pcd:lane:cli-ttl:state', 'pcd:lane:cli-ttl:events'), 0);
    } finally {
      hub.child.kill('SIGKILL');
      await hub.exited;
    }
  });
});
