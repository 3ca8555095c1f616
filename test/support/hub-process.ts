/**
 * Runs the built `display-hub` CLI (dist/hub/cli.js) as a child process, as a shop would,
 * so tests can SIGTERM it, kill -9 it and restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const CLI = new URL('../../dist/hub/cli.js', import.meta.url).pathname;

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error('dist/hub/cli.js is missing: run `npm run build` first (npm test does)');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

/**
 * Runs the CLI with `args`; resolves once it answers health (or rejects with its output).
 * `startTimeoutMs`: how long it may take to answer (a restart on a large state file takes longer).
 */
export async function startHubProcess(args: string[], env: NodeJS.ProcessEnv = {}, cli = CLI, { startTimeoutMs = 10_000 } = {}): Promise<HubProcess> {
  if (cli === CLI) assertBuilt();
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : await freePort();
  const fullArgs = portIndex >= 0 ? args : ['--port', String(port), ...args];
  const child = spawn(process.execPath, [cli, ...fullArgs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/customer-display/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`display-hub did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url, port, output: () => output, exited };
}

/** Runs the CLI to completion (for --help, bad flags…). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
