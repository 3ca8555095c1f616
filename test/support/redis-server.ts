/**
 * Runs a real redis-server (Debian's package; `.ci/run` installs it) on a free loopback
 * port, with no persistence, for the backplane tests.
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
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startRedis(binary: string, port?: number): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(binary, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
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
