/**
 * Abuse of the hub's credentials, against a real hub over HTTP, at small scale and bounded
 * in count and time, from 127.0.0.1 (and 127.0.0.2, to show another address is unaffected):
 * shoppers' answers read or given without a credential, a /pair flood and a pending code
 * taken over, guessing tokens, and secrets that are too short or leak in an error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DisplayRegistry } from '../../src/hub/fleet/registry.js';
import { MemoryPairingStore } from '../../src/hub/fleet/pairing-store.js';
import { createLogger } from '../../src/hub/node/logger.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { billWith } from '../support/fixtures.js';
import { admin, newIdentity, type DisplayIdentity } from '../support/fleet.js';
import { runCli } from '../support/hub-process.js';
import { openSse, postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const ADMIN = 'admin-token-abuse-0001';
const TOKEN = 'publish-token-abuse-0001';

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** The first SSE frame's data, for a stream (then the stream is left open). */
  firstEvent?: { event: string; data: Record<string, unknown> };
  close(): void;
}

/**
 * One request from `localAddress` on its own connection. A JSON reply is read whole; an
 * event stream until its first named event (then it stays open until `close`).
 */
function send(hub: RunningHub, localAddress: string, method: string, path: string, { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: new URL(hub.url).port, localAddress, method, path, agent: false, headers: { ...headers, ...(text ? { 'Content-Type': 'application/json' } : {}) } },
      (res) => {
        let received = '';
        res.setEncoding('utf8');
        const close = () => req.destroy();
        const timer = setTimeout(() => reject(new Error(`no answer to ${method} ${path} within 5 s`)), 5000);
        const done = (answer: Omit<Answer, 'close'>) => {
          clearTimeout(timer);
          resolve({ ...answer, close });
        };
        res.on('data', (chunk: string) => {
          received += chunk;
          if (!String(res.headers['content-type']).startsWith('text/event-stream')) return;
          const frame = /event: ([^\n]+)\ndata: ([^\n]+)\n/.exec(received);
          if (frame) done({ status: res.statusCode!, headers: res.headers, body: received, firstEvent: { event: frame[1]!, data: JSON.parse(frame[2]!) } });
        });
        res.once('end', () => done({ status: res.statusCode!, headers: res.headers, body: received }));
      },
    );
    req.once('error', reject);
    req.end(text);
  });
}

const errorOf = (answer: Answer) => (JSON.parse(answer.body) as { error: string; message: string });
const pair = (hub: RunningHub, address: string, who: DisplayIdentity) => send(hub, address, 'GET', `${API}/pair?display=${who.id}&key=${who.key}`, { headers: { Accept: 'text/event-stream' } });

describe('abuse: shoppers\' answers under --private-streams (no --token: publishing open)', () => {
  let hub: RunningHub;
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, privateStreams: true });
  });
  after(() => hub.close());

  it('GET /responses and POST /respond without a credential are 401; the shopper\'s number reaches only the admin-credentialled stream', async () => {
    const phone = { ...SAMPLE_PROMPTS.phone, prompt_id: 'member-abuse' };
    assert.equal((await postJson(`${hub.url}${API}/prompt?lane=till-1`, phone)).status, 200, 'publishing stays open');

    const eavesdropper = await send(hub, '127.0.0.1', 'GET', `${API}/responses?lane=till-1`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(eavesdropper.status, 401, 'before: 200 and every answer of the lane');
    assert.equal(errorOf(eavesdropper).error, 'unauthorized');

    const forged = await send(hub, '127.0.0.1', 'POST', `${API}/respond?lane=till-1`, { body: { prompt_id: 'member-abuse', value: '081234567890' } });
    assert.equal(forged.status, 401, 'before: 200, an answer given for the shopper');

    const cashier = await openSse(`${hub.url}${API}/responses?lane=till-1`, { Authorization: `Bearer ${ADMIN}` });
    try {
      assert.equal(cashier.response.statusCode, 200);
      await cashier.waitFor((event) => event.event === 'connected');
      const answer = await postJson(`${hub.url}${API}/respond?lane=till-1`, { prompt_id: 'member-abuse', value: '081234567890' }, { headers: { Authorization: `Bearer ${ADMIN}` } });
      assert.equal(answer.status, 200);
      const response = await cashier.waitFor((event) => event.event === 'prompt-response');
      assert.equal((response.data as { status: string }).status, 'answered', 'the forged answer before was not taken: the real one is the first');
    } finally {
      cashier.close();
    }
  });
});

describe('abuse: /pair', () => {
  let hub: RunningHub;
  before(async () => {
    const displays = new DisplayRegistry(new MemoryPairingStore());
    await displays.start();
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displays });
  });
  after(() => hub.close());

  it('a flood from one address is capped at 8 waiting screens (429 too_many_waiting); another address still gets a code', async () => {
    const held: Answer[] = [];
    try {
      const flood = await Promise.all(Array.from({ length: 40 }, () => pair(hub, '127.0.0.1', newIdentity())));
      held.push(...flood);
      const codes = flood.filter((answer) => answer.firstEvent?.event === 'pairing');
      const refused = flood.filter((answer) => answer.status === 429);
      assert.equal(codes.length, 8, 'before: every one of them waited (up to the global 1000)');
      assert.equal(refused.length, 32);
      assert.equal(errorOf(refused[0]!).error, 'too_many_waiting');
      assert.match(errorOf(refused[0]!).message, /at most 8 per address/);
      assert.equal(refused[0]!.headers['retry-after'], '60');

      const neighbour = await pair(hub, '127.0.0.2', newIdentity());
      held.push(neighbour);
      assert.equal(neighbour.status, 200);
      assert.equal(neighbour.firstEvent?.event, 'pairing', 'a real screen elsewhere gets its code');
      const listed = await admin(hub.url, ADMIN, 'GET', 'displays');
      assert.equal(listed.body.displays.length, 9);
    } finally {
      for (const answer of held) answer.close();
    }
  });

  it("a pending screen's id with another key is refused (401) and its code stays its own", async () => {
    const screen = newIdentity();
    const shown = await pair(hub, '127.0.0.2', screen);
    try {
      const code = (shown.firstEvent!.data as { code: string }).code;
      const takeover = await pair(hub, '127.0.0.1', { id: screen.id, key: newIdentity().key });
      assert.equal(takeover.status, 401, 'before: the newest stream won and showed its own code');
      assert.match(errorOf(takeover).message, /waiting with another key/);
      const listed = (await admin(hub.url, ADMIN, 'GET', 'displays')).body.displays as Array<{ id: string; code: string }>;
      assert.equal(listed.find((display) => display.id === screen.id)?.code, code, 'the original code is untouched');
      assert.equal((await admin(hub.url, ADMIN, 'POST', `displays/${code}/assign`, { lane: 'till-1', name: 'Front' })).status, 200);
      assert.ok(!shown.body.includes('unpaired'));
    } finally {
      shown.close();
    }
  });
});

describe('abuse: guessing tokens', () => {
  let hub: RunningHub;
  const log: string[] = [];
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, token: TOKEN, logger: createLogger('warn', (line) => log.push(line)) });
  });
  after(() => hub.close());

  it('25 wrong tokens: 20 are answered 401, then 429 with Retry-After, even for the right token; another address is unaffected; one warn line', async () => {
    const guesses = Array.from({ length: 25 }, (_, i) => `guess-${String(i).padStart(4, '0')}-abcdefghij`);
    const publish = (address: string, secret: string) => send(hub, address, 'POST', `${API}/update-bill?lane=till-1`, { headers: { Authorization: `Bearer ${secret}` }, body: billWith(1) });
    const started = performance.now();
    const statuses: number[] = [];
    for (const guess of guesses) statuses.push((await publish('127.0.0.1', guess)).status);
    const elapsedMs = performance.now() - started;
    assert.deepEqual(statuses, [...Array(20).fill(401), ...Array(5).fill(429)]);

    const right = await publish('127.0.0.1', TOKEN);
    assert.equal(right.status, 429, 'the right token during the brake: guessing gains nothing');
    assert.equal(errorOf(right).error, 'too_many_failures');
    assert.match(errorOf(right).message, /20 within 60 s/);
    const retryAfter = Number(right.headers['retry-after']);
    assert.ok(retryAfter > 55 && retryAfter <= 60, `Retry-After ${right.headers['retry-after']}`);
    assert.equal((await publish('127.0.0.2', TOKEN)).status, 200, 'another address publishes');
    assert.equal((await send(hub, '127.0.0.1', 'GET', `${API}/health`)).status, 200, 'no credential: not braked');

    // The logger passes warn and error lines only: this one is a warning.
    const braking = log.filter((line) => line.includes('wrong credentials'));
    assert.equal(braking.length, 1, `once per address and brake: ${JSON.stringify(log)}`);
    assert.match(braking[0]!, /127\.0\.0\.1/);
    for (const secret of [TOKEN, ...guesses]) assert.ok(!log.join('\n').includes(secret), 'no secret in the log');
    console.log(`# 25 guesses in ${elapsedMs.toFixed(0)} ms: 20 answered, then refused for 60 s, so at most 20 guesses a minute get an answer per address`);
  });
});

describe('abuse: the limits follow their flags', () => {
  it('--max-credential-failures 3 and --max-waiting-per-address 2 (as startHubServer options)', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, token: TOKEN, adminToken: ADMIN, maxCredentialFailures: 3, maxWaitingPerAddress: 2 });
    const held: Answer[] = [];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(hub, '127.0.0.1', 'GET', '/metrics', { headers: { Authorization: `Bearer wrong-guess-${i}-0000000` } })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      assert.match(errorOf(await send(hub, '127.0.0.1', 'GET', '/metrics', { headers: { Authorization: `Bearer ${ADMIN}` } })).message, /\(3 within 60 s, --max-credential-failures\)/);
      for (let i = 0; i < 3; i++) held.push(await pair(hub, '127.0.0.1', newIdentity()));
      assert.deepEqual(held.map((answer) => answer.status), [200, 200, 429]);
      assert.match(errorOf(held[2]!).message, /at most 2 per address, --max-waiting-per-address/);
    } finally {
      for (const answer of held) answer.close();
      await hub.close();
    }
  });
});

describe('abuse: secrets at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abuse-credentials-'));

  it('a token shorter than 16 characters is refused (exit 2), naming the flag, never the token', async () => {
    for (const [flag, secret] of [['--token', 'short-secret-1'], ['--admin-token', 'short-secret-2'], ['--metrics-token', 'short-secret-3']] as const) {
      const { code, stdout, stderr } = await runCli([flag, secret, '--port', '0']);
      assert.equal(code, 2, flag);
      assert.match(stderr, new RegExp(`${flag} must be at least 16 characters`));
      assert.ok(!`${stdout}${stderr}`.includes(secret), `${flag}: the token is not printed`);
    }
    const lanes = join(dir, 'short-lanes.json');
    writeFileSync(lanes, JSON.stringify({ 'till-1': 'short-secret-4' }));
    const short = await runCli(['--lane-tokens', lanes, '--port', '0']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /lane "till-1": expected a token of at least 16 characters/);
    assert.ok(!short.stderr.includes('short-secret-4'));
  });

  it("an unreachable Redis is named without its URL's password", async () => {
    await assert.rejects(startHubServer({ port: 0, heartbeatMs: 0, redis: 'redis://shop:redis-password-0001@127.0.0.1:1' }), (error: Error) => {
      assert.match(error.message, /^cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1: /);
      assert.ok(!error.message.includes('redis-password-0001'), error.message);
      return true;
    });
  });

  it('a --lane-tokens file that is not JSON: line and column, no secret text', async () => {
    const lanes = join(dir, 'broken-lanes.json');
    writeFileSync(lanes, '{\n  "till-1": "secret-of-till-1-0001",\n  "till-2": secret-of-till-2-0002\n}\n');
    const { code, stderr } = await runCli(['--lane-tokens', lanes, '--port', '0']);
    assert.equal(code, 2);
    assert.match(stderr, /--lane-tokens .*broken-lanes\.json: not valid JSON \(line 3, column 13\)/);
    assert.ok(!/secret-of|till-2-000/.test(stderr), `no part of a secret: ${stderr}`);
  });
});
