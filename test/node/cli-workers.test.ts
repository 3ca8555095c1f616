/**
 * `display-hub --workers 2` as a shop runs it (the built CLI, a real redis-server): two
 * processes on one port, one banner, a bill and a prompt posted on one connection reach the
 * displays of both workers, a killed worker is replaced, SIGTERM stops them all.
 */
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';
import { billWith } from '../support/fixtures.js';

const API = '/api/customer-display';
const WORKER_HEADER = 'x-display-hub-worker';
const { binary: redisBinary, skip } = redisForTests();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const billNumber = (e: { data: unknown }) => (e.data as { bill_number?: string })?.bill_number;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The pid of the worker that answers a request now (the primary hands connections out in turn). */
async function servedBy(url: string): Promise<number> {
  const response = await fetch(`${url}${API}/health`, { headers: { Connection: 'close' } });
  await response.arrayBuffer();
  return Number(response.headers.get(WORKER_HEADER));
}

describe('display-hub --workers 2 (built CLI, real Redis)', { skip }, () => {
  let redis: RedisProcess;
  let hub: HubProcess;
  const streams: SseStream[] = [];
  /** The displays of the lane, by the pid of the worker serving each. */
  const byWorker = new Map<number, SseStream[]>();

  before(async () => {
    redis = await startRedis(redisBinary);
    hub = await startHubProcess(['--workers', '2', '--redis', redis.url, '--heartbeat', '0']);
    await until('the banner', () => hub.output().includes('workers: 2 processes'));
  });
  after(async () => {
    for (const stream of streams) stream.close();
    if (hub?.child.exitCode === null) hub.child.kill('SIGKILL');
    await redis?.stop();
  });

  it('prints one banner for both workers, which serve the one port under their own pids', async () => {
    const banner = hub.output();
    assert.equal(banner.match(/listening on/g)?.length, 1, banner);
    const pids = /pids (\d+), (\d+)/.exec(banner)!.slice(1).map(Number);
    assert.notEqual(pids[0], pids[1]);
    const seen = new Set<number>();
    for (let i = 0; i < 10 && seen.size < 2; i++) seen.add(await servedBy(hub.url));
    assert.deepEqual([...seen].sort(), [...pids].sort());
  });

  it('a bill posted on one connection reaches the displays of both workers', async () => {
    for (let i = 0; i < 12 && (byWorker.size < 2 || [...byWorker.values()].some((list) => list.length < 2)); i++) {
      const stream = await openSse(`${hub.url}${API}/stream?lane=till-1`);
      streams.push(stream);
      const pid = Number(stream.response.headers[WORKER_HEADER]);
      byWorker.set(pid, [...(byWorker.get(pid) ?? []), stream]);
    }
    assert.equal(byWorker.size, 2, 'streams on both workers');
    await Promise.all(streams.map((stream) => stream.waitFor((e) => e.event === 'connected')));
    const reply = await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(2, { bill_number: 'BOTH-WORKERS' }));
    assert.equal(reply.status, 200);
    const received = await Promise.all(streams.map((stream) => stream.waitFor((e) => billNumber(e) === 'BOTH-WORKERS', 3000)));
    assert.equal(received.length, streams.length);
    // Every worker's displays see the same event id: Redis numbered it once.
    assert.equal(new Set(received.map((event) => event.id)).size, 1);
  });

  it('a prompt asked on one connection is shown by the displays of both workers; the first answer wins across workers', async () => {
    const asked = await postJson(`${hub.url}${API}/prompt?lane=till-1`, { prompt_id: 'ok-1', kind: 'confirm', title: 'Member card?' });
    assert.equal(asked.status, 200);
    await Promise.all(streams.map((stream) => stream.waitFor((e) => e.event === 'prompt-show' && (e.data as { prompt_id?: string }).prompt_id === 'ok-1', 3000)));
    // Fresh connections: the primary hands them to the workers in turn, so the two answers meet both.
    const close = { headers: { Connection: 'close' } };
    const first = await postJson(`${hub.url}${API}/respond?lane=till-1`, { prompt_id: 'ok-1', value: true }, close);
    const second = await postJson(`${hub.url}${API}/respond?lane=till-1`, { prompt_id: 'ok-1', value: false }, close);
    assert.deepEqual([first.status, second.status], [200, 409]);
    await Promise.all(streams.map((stream) => stream.waitFor((e) => e.event === 'prompt-close', 3000)));
  });

  it('a worker killed with SIGKILL is replaced: its streams end, a new pid serves the port, the bill is still there', async () => {
    const before = /pids (\d+), (\d+)/.exec(hub.output())!.slice(1).map(Number);
    const victim = before[0]!;
    process.kill(victim, 'SIGKILL');
    await until('the restart note', () => hub.output().includes(`(pid ${victim}) exited (SIGKILL): restarting it`));
    let fresh = 0;
    await until('a new worker', async () => {
      const pid = await servedBy(hub.url).catch(() => 0);
      if (pid && !before.includes(pid)) fresh = pid;
      return fresh !== 0;
    });
    assert.ok(alive(before[1]!), 'the other worker was left alone');
    await Promise.all(byWorker.get(victim)!.map((stream) => stream.ended));
    for (const stream of byWorker.get(before[1]!)!) assert.equal(stream.response.destroyed, false, "the other worker's displays keep their streams");
    const display = await openSse(`${hub.url}${API}/stream?lane=till-1`);
    streams.push(display);
    await display.waitFor((e) => billNumber(e) === 'BOTH-WORKERS', 3000);
  });

  it('SIGTERM to the whole group (as systemd sends it) stops every worker gracefully and the primary, exit code 0', async () => {
    const workers = new Set<number>();
    for (let i = 0; i < 10 && workers.size < 2; i++) workers.add(await servedBy(hub.url));
    assert.equal(workers.size, 2);
    // Raw bytes: the farewell (`retry:`) carries no event, which the SSE client would not keep.
    const streamTexts = await Promise.all([openRaw(`${hub.url}${API}/stream?lane=till-2`), openRaw(`${hub.url}${API}/stream?lane=till-2`)]);
    // As systemd's default KillMode does: every process of the group at once (a worker's two SIGTERMs may arrive as one).
    hub.child.kill('SIGTERM');
    for (const pid of workers) process.kill(pid, 'SIGTERM');
    assert.equal(await hub.exited, 0);
    for (const text of await Promise.all(streamTexts.map((stream) => stream.ended))) assert.match(text, /retry: 1000\n\n$/, 'told to come back, then closed');
    await until('the workers to exit', () => [...workers].every((pid) => !alive(pid)), 3000);
    assert.equal(hub.output().match(/closing streams/g)?.length, 2, hub.output());
  });
});

/** A stream read as text until the server ends it. */
function openRaw(url: string): Promise<{ ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      const ended = new Promise<string>((done) => response.once('close', () => done(text)));
      // Opened once the greeting is in: the worker holds it.
      response.once('data', () => resolve({ ended }));
    }).once('error', reject);
  });
}
