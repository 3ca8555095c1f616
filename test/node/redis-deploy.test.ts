/**
 * A Redis as shops run one: a password for the default user, an ACL user per shop limited
 * to its own key prefix (`--redis-prefix`), and TLS (`rediss://`) with a self-signed
 * certificate made here by openssl. The built CLI against a real redis-server: it runs
 * with the shop's user, a wrong password or an untrusted certificate stops the start at
 * once with what to fix, and no banner, log line or error ever shows the password.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { printableRedisUrl } from '../../src/hub/store/redis/redis-url.js';
import { billWith } from '../support/fixtures.js';
import { freePort, runCli, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const { binary: redisBinary, skip } = redisForTests();
const DEFAULT_PASSWORD = 'default-user-pw-0001';
const SHOP_PASSWORD = 'shop1-user-pw-0002';
/** The shop's ACL user: its own keys and channels, no admin commands (INFO stays: the client's ready check). */
const SHOP_USER = ['shop1', 'on', `>${SHOP_PASSWORD}`, '~shop1:*', '&shop1:*', '+@all', '-@dangerous', '+info'];
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('printableRedisUrl', () => {
  it('hides user and password wherever a URL is printed, keeps where it points', () => {
    const rows: Array<[string, string]> = [
      ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
      ['redis://shop:pw@10.0.0.5:6379/2', 'redis://***@10.0.0.5:6379/2'],
      ['rediss://:only-pw@redis.example:6380', 'rediss://***@redis.example:6380'],
      ['redis://shop:p@ss/w@rd@10.0.0.5:6379', 'redis://***@10.0.0.5:6379'],
      ['redis:/shop:pw@10.0.0.5', 'redis:/***@10.0.0.5'],
      ['redis://10.0.0.5:6379?password=pw&db=1', 'redis://10.0.0.5:6379?password=***&db=1'],
    ];
    for (const [url, printed] of rows) assert.equal(printableRedisUrl(url), printed, url);
  });
});

describe('Redis with a password, an ACL user per shop, and TLS', { skip }, () => {
  let redis: RedisProcess;
  let tlsPort: number;
  let certDir: string;
  let cert: string;
  const plain = (auth: string) => `redis://${auth}127.0.0.1:${redis.port}`;

  before(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
    cert = join(certDir, 'cert.pem');
    const tlsArgs: string[] = [];
    if (hasOpenssl) {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', cert]);
      assert.equal(made.status, 0, String(made.stderr));
      tlsPort = await freePort();
      tlsArgs.push('--tls-port', String(tlsPort), '--tls-cert-file', cert, '--tls-key-file', join(certDir, 'key.pem'), '--tls-auth-clients', 'no');
    }
    redis = await startRedis(redisBinary, undefined, ['--requirepass', DEFAULT_PASSWORD, '--user', ...SHOP_USER, ...tlsArgs]);
  });
  after(async () => {
    await redis?.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  /** A bill posted to the hub reaches a display on it. */
  async function billGoesThrough(hub: HubProcess, lane: string): Promise<void> {
    const display = await openSse(`${hub.url}${API}/stream?lane=${lane}`);
    try {
      await display.waitFor((e) => e.event === 'connected');
      const reply = await postJson(`${hub.url}${API}/update-bill?lane=${lane}`, billWith(1, { bill_number: `VIA-${lane}` }));
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      await display.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === `VIA-${lane}`);
    } finally {
      display.close();
    }
  }

  /** Every key in Redis, read as the default user. */
  async function keys(): Promise<string[]> {
    const { Redis } = await import('ioredis');
    const admin = new Redis(plain(`:${DEFAULT_PASSWORD}@`));
    try {
      return await admin.keys('*');
    } finally {
      admin.disconnect();
    }
  }

  async function stop(hub: HubProcess): Promise<string> {
    hub.child.kill('SIGTERM');
    await hub.exited;
    return hub.output();
  }

  it("the shop's ACL user with its prefix: the hub works inside its keys; banner and debug logs never show the password", async () => {
    const url = `${plain(`shop1:${SHOP_PASSWORD}@`)}/0`;
    const hub = await startHubProcess(['--redis', url, '--redis-prefix', 'shop1', '--log-level', 'debug']);
    await billGoesThrough(hub, 'acl');
    const stored = await keys();
    assert.ok(stored.some((key) => key.startsWith('shop1:lane:acl:')), stored.join(' '));
    assert.deepEqual(stored.filter((key) => !key.startsWith('shop1:')), [], 'nothing outside the prefix');
    const output = await stop(hub);
    assert.match(output, new RegExp(`state: {2}Redis at redis://\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}/0 \\(shared with every instance\\)`));
    assert.ok(!output.includes(SHOP_PASSWORD), 'the password is never printed');
    assert.ok(!/ready check/i.test(output), `the client's ready check works with this ACL: ${output}`);
  });

  it('the default user with its password, in the URL from $DISPLAY_HUB_REDIS (out of ps)', async () => {
    const hub = await startHubProcess(['--log-level', 'debug'], { DISPLAY_HUB_REDIS: plain(`:${DEFAULT_PASSWORD}@`) });
    await billGoesThrough(hub, 'default-user');
    const output = await stop(hub);
    assert.ok(output.includes(`Redis at redis://***@127.0.0.1:${redis.port}`), output);
    assert.ok(!output.includes(DEFAULT_PASSWORD));
  });

  it('a wrong password, no password, or a user outside its prefix: the start stops at once saying what to fix, never the password', async () => {
    const cases: Array<[args: string[], expected: RegExp]> = [
      [['--redis', plain('shop1:wrong-pw-0009@')], /Redis refused the user or password in the URL \(WRONGPASS/],
      [['--redis', plain('')], /Redis wants a password: give it in the URL, redis:\/\/user:password@host:port \(NOAUTH/],
      // The shop's user may not touch the default prefix (pcd): told at start, not on the first bill.
      [['--redis', plain(`shop1:${SHOP_PASSWORD}@`)], /the Redis user in the URL may not run what the hub needs \(NOPERM/],
    ];
    for (const [args, expected] of cases) {
      const started = performance.now();
      const { code, stdout, stderr } = await runCli([...args, '--port', '0']);
      const output = `${stdout}${stderr}`;
      assert.notEqual(code, 0, output);
      assert.match(stderr, new RegExp(`cannot reach Redis at redis://(\\*\\*\\*@)?127\\.0\\.0\\.1:${redis.port}: `), stderr);
      assert.match(stderr, expected);
      assert.ok(performance.now() - started < 5000, 'at once, not after the 10 s wait for an unreachable Redis');
      assert.ok(!output.includes('wrong-pw-0009') && !output.includes(SHOP_PASSWORD), `no password printed: ${output}`);
    }
  });

  it('rediss:// with a self-signed certificate trusted through NODE_EXTRA_CA_CERTS, user and password in the URL', { skip: !hasOpenssl && 'openssl not found' }, async () => {
    const url = `rediss://shop1:${SHOP_PASSWORD}@127.0.0.1:${tlsPort}`;
    const hub = await startHubProcess(['--redis-prefix', 'shop1'], { DISPLAY_HUB_REDIS: url, NODE_EXTRA_CA_CERTS: cert });
    await billGoesThrough(hub, 'tls');
    assert.ok((await keys()).includes('shop1:lane:tls:state'));
    const output = await stop(hub);
    assert.ok(output.includes(`Redis at rediss://***@127.0.0.1:${tlsPort}`), output);
    assert.ok(!output.includes(SHOP_PASSWORD));
  });

  it('rediss:// with a certificate the hub does not trust: the start stops at once, saying how to trust it', { skip: !hasOpenssl && 'openssl not found' }, async () => {
    const started = performance.now();
    const { code, stderr } = await runCli(['--redis', `rediss://shop1:${SHOP_PASSWORD}@127.0.0.1:${tlsPort}`, '--redis-prefix', 'shop1', '--port', '0']);
    assert.notEqual(code, 0);
    assert.match(stderr, /TLS: Redis's certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: .*\); for a private CA, start the hub with NODE_EXTRA_CA_CERTS=/);
    assert.ok(performance.now() - started < 5000, 'at once');
    assert.ok(!stderr.includes(SHOP_PASSWORD));
  });
});
