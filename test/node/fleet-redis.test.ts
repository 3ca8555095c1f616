/**
 * Many screens on a chain: two hub instances on one Redis. Pairings, secrets and
 * revocations are shared: paired on A while connected to B, a display reads its lane on
 * either; revoked on A, its stream on B is closed within 1 s; lane tokens hold on both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { billWith } from '../support/fixtures.js';
import { admin, API, pairDisplay, streamStatus } from '../support/fleet.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson } from '../support/sse-client.js';

const ADMIN = 'admin-token-redis-0001';
const { binary: redisBinary, skip } = redisForTests();

describe('many screens on two instances sharing Redis', { skip }, () => {
  let redis: RedisProcess;
  let a: RunningHub;
  let b: RunningHub;

  before(async () => {
    redis = await startRedis(redisBinary);
    const options = { port: 0, heartbeatMs: 0, redis: redis.url, adminToken: ADMIN, privateStreams: true, laneTokens: { 'till-1': 'till-1-token-0001' } };
    [a, b] = await Promise.all([startHubServer(options), startHubServer(options)]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('a till token for till-1 publishes to till-1 on both instances and gets 403 on till-2 on both', async () => {
    const headers = { Authorization: 'Bearer till-1-token-0001' };
    for (const hub of [a, b]) {
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1), { headers })).status, 200);
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1), { headers })).status, 403);
    }
  });

  it('paired on A while its page is on B; reads on both; revoked on A, its stream on B closes within 1 s', async () => {
    // The control stream on B, the admin on A.
    const { identity, control } = await pairDisplay(b.url, ADMIN, 'till-1', 'Chain screen', a.url);
    const query = `lane=till-1&display=${identity.id}&key=${identity.key}`;
    assert.equal(await streamStatus(`${a.url}${API}/stream?${query}`), 200);
    assert.equal(await streamStatus(`${a.url}${API}/stream?lane=till-2&display=${identity.id}&key=${identity.key}`), 403);
    const stream = await openSse(`${b.url}${API}/stream?${query}`);
    await stream.waitFor((e) => e.event === 'connected');
    await postJson(`${a.url}${API}/update-bill?lane=till-1`, billWith(1, { bill_number: 'FROM-A' }), { headers: { Authorization: `Bearer ${ADMIN}` } });
    await stream.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === 'FROM-A');

    const revokedAt = performance.now();
    assert.equal((await admin(a.url, ADMIN, 'DELETE', `displays/${identity.id}`)).status, 200);
    await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('still open after 5 s')), 5000))]);
    const cutAfterMs = performance.now() - revokedAt;
    console.log(`revoked on A: the stream on B closed ${cutAfterMs.toFixed(1)} ms after the DELETE was sent`);
    assert.ok(cutAfterMs < 1000, `closed after ${cutAfterMs} ms`);
    await control.waitFor((e) => e.event === 'unpaired');
    for (const hub of [a, b]) assert.equal(await streamStatus(`${hub.url}${API}/stream?${query}`), 401);
  });
});
