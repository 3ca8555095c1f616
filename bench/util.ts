/**
 * Small helpers shared by the benchmarks: sleeping, process statistics from /proc, and
 * the row format every benchmark reports in (one table for the whole run).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One line of the results table. `value` is already formatted; `target` says what it is held against. */
export interface Row {
  bench: string;
  case: string;
  figure: string;
  value: string;
  target?: string;
  /** `miss`: far from its target; the README explains those. */
  verdict?: 'ok' | 'miss' | '';
}

/** Every benchmark returns rows for the table and raw data for latest.json. */
export interface BenchResult {
  rows: Row[];
  data: unknown;
}

export interface BenchOptions {
  quick: boolean;
  /** Also record CPU profiles (hub: V8 --cpu-prof; page: Chrome trace) into this folder. */
  profileDir?: string;
  log: (line: string) => void;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Kernel clock ticks per second, for /proc/<pid>/stat utime and stime. */
let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcSample {
  /** Resident set size in bytes. */
  rss: number;
  /** User + system CPU time in seconds. */
  cpuSeconds: number;
  /** When sampled (performance.now(), ms). */
  at: number;
}

/** RSS and CPU time of another process, from Linux's /proc (the bench runs on Linux). */
export function sampleProcess(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  // The command name (field 2) may contain spaces; fields after the closing paren are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After ")": state is index 0, so utime (field 14) is index 11 and stime (15) index 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rss: rssKb * 1024, cpuSeconds: ticks / ticksPerSecond(), at: performance.now() };
}

/** CPU use between two samples, as % of one core. */
export function cpuPercent(from: ProcSample, to: ProcSample): number {
  return ((to.cpuSeconds - from.cpuSeconds) / ((to.at - from.at) / 1000)) * 100;
}

/** Polls `check` until it is true or `timeoutMs` passes; returns whether it became true. */
export async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** Renders rows as one aligned text table. */
export function formatTable(rows: readonly Row[]): string {
  const header: Row = { bench: 'bench', case: 'case', figure: 'figure', value: 'value', target: 'target', verdict: '' };
  const verdictHeader = rows.some((row) => row.verdict === 'miss') ? 'note' : '';
  const cells = [header, ...rows].map((row) => [row.bench, row.case, row.figure, row.value, row.target ?? '', row === header ? verdictHeader : row.verdict === 'miss' ? 'MISS' : '']);
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The same rows as a Markdown table (for the project README). */
export function formatMarkdown(rows: readonly Row[]): string {
  const out = ['| bench | case | figure | value | target |', '|---|---|---|---|---|'];
  for (const row of rows) out.push(`| ${row.bench} | ${row.case} | ${row.figure} | ${row.value}${row.verdict === 'miss' ? ' ⚠' : ''} | ${row.target ?? ''} |`);
  return out.join('\n');
}

/**
 * A lean JSON POST over a keep-alive node:http agent. On this machine `fetch` (undici) adds
 * about 0.8 ms per request on loopback, which would sit inside every publish→receive
 * latency and hide the servers' own cost; this adds next to nothing. Resolves with the
 * status (0 on a network error), never rejects.
 */
export function createPoster(): { post(url: string, body: unknown): Promise<number>; close(): void } {
  const agent = new Agent({ keepAlive: true });
  return {
    post(url, body) {
      const text = JSON.stringify(body);
      return new Promise((resolve) => {
        const req = request(
          url,
          { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } },
          (res) => {
            res.resume();
            res.once('end', () => resolve(res.statusCode ?? 0));
            res.once('error', () => resolve(0));
          },
        );
        req.once('error', () => resolve(0));
        req.end(text);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Percentiles: the tests' rule, one definition. */
export { summarize } from '../test/support/stats.js';

/** SIGTERM (a hub then closes its streams and exits), SIGKILL if it is still there after 3 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A process's children, from /proc (cluster workers, nginx's worker). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU seconds of a server and every process under it, living now (a cluster's primary and
 * workers, nginx's master and worker): compare two readings over a step, with the same
 * processes alive in both.
 */
export function treeCpuSeconds(pid: number): number {
  let seconds = 0;
  try {
    seconds = sampleProcess(pid).cpuSeconds;
  } catch {
    return 0; // gone
  }
  for (const child of childPids(pid)) seconds += treeCpuSeconds(child);
  return seconds;
}

/** The pid of the redis-server started with `--port <port>` (its CPU counts as the hub's where the hub needs it); 0 if none. */
export function pidListeningOn(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('redis-server') && args[args.indexOf('--port') + 1] === String(port)) return Number(entry);
    } catch {
      /* gone */
    }
  }
  return 0;
}
