/**
 * Runs a real redis-server (Debian's package; `.ci/run` installs it) on a free loopback
 * port, with no persistence, for the backplane tests. Where it is missing the Redis suites
 * are skipped, except under CI: there a skip would pass the run having tested nothing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './hub-process.js';

export function findRedisServer(): string | null {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

/** Under CI (`CI` set, as CI services set it; not "false" or "0"). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.CI && env.CI !== 'false' && env.CI !== '0';
}

export const REDIS_SKIP_REASON = 'redis-server not found (Debian: apt-get install redis-server; .ci/run installs it)';
export const REDIS_NEEDED_UNDER_CI = 'redis-server is needed: CI is set, so the Redis suites fail instead of being skipped (Debian: apt-get install redis-server; .ci/run installs it)';

/**
 * The redis-server a Redis suite runs against, and its `skip` option. Found: run. Missing:
 * skipped on a developer's machine; under CI not skipped, and {@link startRedis} fails the
 * suite saying redis-server is needed.
 */
export function redisForTests(env: NodeJS.ProcessEnv = process.env, find: () => string | null = findRedisServer): { binary: string | null; skip: string | false } {
  const binary = find();
  if (binary) return { binary, skip: false };
  return { binary: null, skip: underCi(env) ? false : REDIS_SKIP_REASON };
}

export interface RedisProcess {
  port: number;
  url: string;
  /** kill -9. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      // A server started with a password answers NOAUTH: it is up all the same.
      resolve(/^(\+PONG|-NOAUTH)/.test(String(data)));
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts redis-server; `binary` null (not found, under CI: see {@link redisForTests}) fails
 * with why. `args` come after the defaults and override them (`--dir`, `--requirepass`…).
 */
export async function startRedis(binary: string | null, port?: number, args: readonly string[] = []): Promise<RedisProcess> {
  if (!binary) throw new Error(REDIS_NEEDED_UNDER_CI);
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(binary, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', ...args], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (!(await ping(chosen))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${chosen}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
