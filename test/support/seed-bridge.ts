/**
 * Runs the original Flask bridge (test/fixtures/seed_bridge.py) on a free loopback port.
 * Needs Python 3 with Flask and Flask-CORS (Debian: python3-flask python3-flask-cors;
 * `.ci/run` installs them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './hub-process.js';

const SCRIPT = new URL('../fixtures/seed_bridge.py', import.meta.url).pathname;
const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];

/** A Python that can import Flask and Flask-CORS, or null. */
export function findFlaskPython(): string | null {
  for (const python of PYTHON_CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import flask, flask_cors'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

export interface SeedBridge {
  url: string;
  stop(): Promise<void>;
}

export async function startSeedBridge(python: string): Promise<SeedBridge> {
  const port = await freePort();
  const child: ChildProcess = spawn(python, [SCRIPT, String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the seed bridge did not start:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
