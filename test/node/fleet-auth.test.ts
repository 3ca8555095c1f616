/**
 * Credentials over real HTTP: a credential per kind of endpoint, allowed and refused (the
 * whole matrix, and the configurations without tokens or with lane tokens only, are
 * `hub-api-decide.test.ts`); private streams; a revoked display cut off; secrets never in the log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { MemoryPairingStore } from '../../src/hub/fleet/pairing-store.js';
import { DisplayRegistry } from '../../src/hub/fleet/registry.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { admin, API, credentialSecrets, newIdentity, TOKENS, openControl, pairDisplay, streamStatus, type DisplayIdentity } from '../support/fleet.js';
import { openSse, postJson } from '../support/sse-client.js';

type Endpoint = 'publish till-1' | 'publish till-2' | 'stream till-1' | 'stream till-2' | 'admin' | 'metrics' | 'health';

/**
 * End-to-end rows, one or two per kind of endpoint: the credentials reach the API through
 * the server, and what it decides is carried out. The whole matrix (every credential ×
 * every endpoint) is `hub-api-decide.test.ts`, without sockets. The display is paired with till-1.
 */
const ROWS: Array<[who: string, endpoint: Endpoint, status: number]> = [
  ['global --token', 'publish till-2', 200],
  ['till-1 token', 'publish till-1', 200],
  ['display (till-1)', 'stream till-1', 200],
  ['display (till-1)', 'stream till-2', 403],
  ['till-2 read token', 'stream till-2', 200],
  ['missing', 'stream till-1', 401],
  ['admin', 'admin', 200],
  ['global --token', 'admin', 403],
  ['metrics', 'metrics', 200],
  ['missing', 'metrics', 401],
  ['missing', 'health', 200],
];

describe('credentials', () => {
  let hub: RunningHub;
  let display: DisplayIdentity;
  const log: string[] = [];

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, privateStreams: true, ...TOKENS, logger: lineLogger(log) });
    display = (await pairDisplay(hub.url, TOKENS.adminToken, 'till-1', 'Front counter')).identity;
  });
  after(() => hub?.close());

  const secretOf = (who: string): string | undefined => credentialSecrets(display.key)[who];

  async function statusOf(who: string, endpoint: Endpoint): Promise<number> {
    const secret = secretOf(who);
    const headers: Record<string, string> = secret ? { Authorization: `Bearer ${secret}` } : {};
    const [kind, lane] = endpoint.split(' ');
    if (kind === 'publish') return (await postJson(`${hub.url}${API}/update-bill?lane=${lane}`, billWith(1), { headers })).status;
    if (kind === 'stream') {
      // EventSource cannot send headers: the secret goes in the query (with the display's id for a display).
      const query = new URLSearchParams({ lane: lane!, ...(secret ? { key: secret } : {}), ...(who.startsWith('display') ? { display: display.id } : {}) });
      return streamStatus(`${hub.url}${API}/stream?${query}`);
    }
    const path = { admin: `${API}/displays`, metrics: '/metrics', health: `${API}/health` }[kind as 'admin' | 'metrics' | 'health'];
    return (await fetch(`${hub.url}${path}`, { headers })).status;
  }

  it('a credential per endpoint kind, allowed and refused, over HTTP', async () => {
    const actual = [];
    for (const [who, endpoint] of ROWS) actual.push([who, endpoint, await statusOf(who, endpoint)]);
    assert.deepEqual(actual, ROWS);
  });

  it('a till token for till-1 gets 403 on till-2 and says so; a wrong token gets 401 with WWW-Authenticate', async () => {
    const refused = await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1), { headers: { Authorization: `Bearer ${TOKENS.laneTokens['till-1']}` } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error, 'forbidden');
    const wrong = await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1), { headers: { Authorization: 'Bearer nope-nope-nope' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer');
  });

  it('an unpaired display gets 401 on a private stream, and a pending one too', async () => {
    const stranger = newIdentity();
    const control = await openControl(hub.url, stranger);
    assert.equal(control.events[0]!.event, 'pairing');
    assert.equal(await streamStatus(`${hub.url}${API}/stream?lane=till-1&display=${stranger.id}&key=${stranger.key}`), 401);
    control.close();
  });

  it('revoking a display closes its open stream within 1 s and its secret stops working', async () => {
    const paired = await pairDisplay(hub.url, TOKENS.adminToken, 'till-3', 'Back counter');
    const { id, key } = paired.identity;
    const stream = await openSse(`${hub.url}${API}/stream?lane=till-3&display=${id}&key=${key}`);
    await stream.waitFor((e) => e.event === 'connected');
    const revokedAt = performance.now();
    assert.equal((await admin(hub.url, TOKENS.adminToken, 'DELETE', `displays/${id}`)).status, 200);
    await endsWithin(stream.ended, 5000);
    const cutAfterMs = performance.now() - revokedAt;
    console.log(`revoked display's stream closed ${cutAfterMs.toFixed(1)} ms after the DELETE was sent`);
    assert.ok(cutAfterMs < 1000, `closed after ${cutAfterMs} ms`);
    await paired.control.waitFor((e) => e.event === 'unpaired');
    assert.equal(await streamStatus(`${hub.url}${API}/stream?lane=till-3&display=${id}&key=${key}`), 401);
  });

  it('moving a display closes its stream on the old lane; its secret then reads only the new lane', async () => {
    const paired = await pairDisplay(hub.url, TOKENS.adminToken, 'till-4');
    const { id, key } = paired.identity;
    const stream = await openSse(`${hub.url}${API}/stream?lane=till-4&display=${id}&key=${key}`);
    await stream.waitFor((e) => e.event === 'connected');
    assert.equal((await admin(hub.url, TOKENS.adminToken, 'PATCH', `displays/${id}`, { lane: 'till-5', name: 'Moved' })).status, 200);
    await endsWithin(stream.ended, 5000);
    const told = await paired.control.waitFor((e) => e.event === 'paired' && (e.data as { lane: string }).lane === 'till-5');
    assert.equal((told.data as { name: string }).name, 'Moved');
    assert.equal(await streamStatus(`${hub.url}${API}/stream?lane=till-4&display=${id}&key=${key}`), 403);
    assert.equal(await streamStatus(`${hub.url}${API}/stream?lane=till-5&display=${id}&key=${key}`), 200);
    paired.control.close();
  });

  it('no secret reaches the log', () => {
    const text = log.join('\n');
    for (const secret of [TOKENS.token, TOKENS.adminToken, TOKENS.metricsToken, TOKENS.laneTokens['till-1'], TOKENS.laneTokens['till-2'].read, display.key]) {
      assert.ok(!text.includes(secret), `the log contains ${secret}`);
    }
    assert.match(text, /\/api\/customer-display\/stream/);
  });
});

/** Fails instead of hanging when the hub never closes the stream. */
function endsWithin(ended: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failure = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the stream was still open after ${ms} ms`)), ms)));
  return Promise.race([ended, failure]).finally(() => clearTimeout(timer));
}

describe('pairing limits', () => {
  it('a hub refuses more screens waiting for a code than its limit (503), and takes one again when a place frees', async () => {
    const displays = new DisplayRegistry(new MemoryPairingStore(), Date.now, 2);
    await displays.start();
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: 'admin-token-0001', displays });
    try {
      const first = await openControl(hub.url, newIdentity());
      const second = await openControl(hub.url, newIdentity());
      const refused = await fetch(`${hub.url}${API}/pair?display=${newIdentity().id}&key=${newIdentity().key}`);
      assert.equal(refused.status, 503);
      assert.equal(((await refused.json()) as { error: string }).error, 'too_many_waiting');
      first.close();
      await waitUntil('the place to free', async () => (await admin(hub.url, 'admin-token-0001', 'GET', 'displays')).body.displays.length === 1);
      const third = await openControl(hub.url, newIdentity());
      assert.equal(third.events[0]!.event, 'pairing');
      second.close();
      third.close();
    } finally {
      await hub.close();
    }
  });
});

function lineLogger(lines: string[]) {
  const write = (line: string) => void lines.push(line);
  return { error: write, warn: write, info: write, debug: write };
}

