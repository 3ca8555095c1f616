/**
 * The two servers the fan-out benchmark compares, each a child process so /proc/<pid> shows
 * its cost alone: the hub (the built CLI) and bench/baseline-sse-server.mjs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { assertBuilt, CLI, freePort, startHubProcess } from '../test/support/hub-process.js';
import { createPoster, pollUntil, stopChild } from './util.js';

const API = '/api/customer-display';
const BASELINE_SCRIPT = new URL('./baseline-sse-server.mjs', import.meta.url).pathname;

export interface Server {
  kind: 'hub' | 'baseline';
  pid: number;
  streamUrl: string;
  /** Resolves with the HTTP status (0: no reply). */
  publish(body: unknown): Promise<number>;
  clients(): Promise<number>;
  stop(): Promise<void>;
}

async function getJson(url: string): Promise<{ clients: number }> {
  return (await (await fetch(url)).json()) as { clients: number };
}

export async function startHub(nodeFlags: string[] = []): Promise<Server> {
  // warn: the default `info` log line per request would measure the logger, not the fan-out.
  // No per-address caps: every simulated display connects from 127.0.0.1.
  const args = ['--log-level', 'warn', '--max-connections-per-address', '0', '--max-streams-per-address', '0'];
  const hub = nodeFlags.length ? await startHubWithFlags(nodeFlags, args) : await startHubProcess(args);
  const poster = createPoster();
  return {
    kind: 'hub',
    pid: hub.child.pid!,
    streamUrl: `${hub.url}${API}/stream`,
    publish: (body) => poster.post(`${hub.url}${API}/update-bill`, body),
    clients: async () => (await getJson(`${hub.url}${API}/health`)).clients,
    stop: () => (poster.close(), stopChild(hub.child)),
  };
}

/** startHubProcess with Node flags: `--cpu-prof` may not be passed through NODE_OPTIONS. */
async function startHubWithFlags(nodeFlags: string[], args: string[]): Promise<{ child: ChildProcess; url: string }> {
  assertBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, CLI, '--port', String(port), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const up = await pollUntil(
    async () => {
      try {
        return (await fetch(`${url}${API}/health`)).ok;
      } catch {
        return false;
      }
    },
    10_000,
    20,
  );
  if (!up) {
    child.kill('SIGKILL');
    throw new Error('the hub did not start');
  }
  return { child, url };
}

export async function startBaseline(nodeFlags: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...nodeFlags, BASELINE_SCRIPT, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the baseline server did not start')), 10_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', () => reject(new Error(`the baseline server exited: ${out}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const poster = createPoster();
  return {
    kind: 'baseline',
    pid: child.pid!,
    streamUrl: `${url}/stream`,
    publish: (body) => poster.post(`${url}/publish`, body),
    clients: async () => (await getJson(`${url}/health`)).clients,
    stop: () => (poster.close(), stopChild(child)),
  };
}
