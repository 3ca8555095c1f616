/**
 * The servers the scale benchmarks start: the built hub CLI with bench/hub-probe.mjs
 * preloaded (heap and event-loop delay from inside the process), the baseline SSE
 * broadcaster, and redis-server. Every one a child process on 127.0.0.1.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, CLI, freePort } from '../test/support/hub-process.js';
import { findRedisServer, startRedis, type RedisProcess } from '../test/support/redis-server.js';
import { pollUntil, stopChild } from './util.js';

const API = '/api/customer-display';
const PROBE = new URL('./hub-probe.mjs', import.meta.url).pathname;

export interface ProbeSample {
  heapUsed: number;
  rss: number;
  /** Event-loop delay since the last reset (ms). */
  loop: { p50: number; p99: number; max: number };
}

export interface ProbedHub {
  readonly pid: number;
  readonly url: string;
  readonly streamUrl: string;
  readonly publishUrl: string;
  clients(): Promise<number>;
  resetLoop(): Promise<void>;
  /** The event-loop delay since the last reset (no GC forced). */
  loopDelay(): Promise<ProbeSample['loop']>;
  /** Heap after a full GC, RSS, and the loop delay since the last reset. */
  sample(): Promise<ProbeSample>;
  stop(): Promise<void>;
}

/** The built CLI with `args` (plus `--port`, `--log-level warn`), probed; resolves once it answers health. */
export async function startProbedHub(args: string[]): Promise<ProbedHub> {
  assertBuilt();
  const port = await freePort();
  // No per-address caps: every simulated display connects from 127.0.0.1.
  const unCapped = ['--max-connections-per-address', '0', '--max-streams-per-address', '0'];
  const child: ChildProcess = fork(CLI, ['--port', String(port), '--log-level', 'warn', ...unCapped, ...args], {
    execArgv: ['--expose-gc', '--import', PROBE],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  const health = async () => (await (await fetch(`${url}${API}/health`)).json()) as { clients: number };
  const up = await pollUntil(() => health().then(() => true, () => false), 10_000, 20);
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`the hub did not start (${args.join(' ')})`);
  }
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return {
    pid: child.pid!,
    url,
    streamUrl: `${url}${API}/stream?lane={lane}`,
    publishUrl: `${url}${API}/update-bill?lane={lane}`,
    clients: async () => (await health()).clients,
    resetLoop: () => ask('reset-loop').then(() => undefined),
    loopDelay: () => ask<{ loop: ProbeSample['loop'] }>('loop').then((reply) => reply.loop),
    sample: () => ask<ProbeSample>('sample'),
    stop: () => stopChild(child),
  };
}

/** A hub with `--state-file` in a fresh temp folder, removed on stop. */
export async function startProbedHubWithStateFile(args: string[]): Promise<ProbedHub> {
  const dir = await mkdtemp(join(tmpdir(), 'display-hub-bench-'));
  const hub = await startProbedHub([...args, '--state-file', join(dir, 'state.json')]);
  return { ...hub, stop: async () => (await hub.stop(), await rm(dir, { recursive: true, force: true })) };
}

export async function startBenchRedis(): Promise<RedisProcess> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
  return startRedis(binary);
}

/** Waits until the hubs together count `expected` displays. */
export async function waitForClients(hubs: readonly ProbedHub[], expected: number): Promise<void> {
  const count = async () => (await Promise.all(hubs.map((hub) => hub.clients()))).reduce((a, b) => a + b, 0);
  if (!(await pollUntil(async () => (await count()) === expected, 30_000, 100))) throw new Error(`only ${await count()} of ${expected} displays connected`);
}
