/**
 * `npm run bench` (after `npm run build`): runs the benchmarks of issue 8, prints one table,
 * writes bench/results/latest.json (with the machine it ran on) and latest.md (the same
 * table in Markdown). Benchmarks report; they never assert timings.
 *
 *   tsx bench/run.ts [fanout] [paint] [render] [bundle] [publisher] [frames] [sanitizer] [scale] [redis] [reliability] [prompt] [prompt-redis] [transfer] [first-bill] [bfcache] [workers] [redis-outage] [media-upload] [preview] [--quick] [--profile]
 *
 * No names: all of them. Only such a full run writes latest.* (and, with no failure, the
 * measured table of docs/benchmarks.md: bench/measured-table.ts); a subset writes partial.*, and
 * --quick (smaller sizes, a smoke run) quick.*. --profile: also a V8 CPU profile of the hub
 * under fan-out and a Chrome trace of display updates, in bench/results/profiles/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '../test/support/chromium.js';
import { BUNDLE } from '../test/support/display-page.js';
import { CLI } from '../test/support/hub-process.js';
import { benchBfcache } from './bfcache.js';
import { benchBundle } from './bundle.js';
import { benchFanout } from './fanout.js';
import { benchFirstBill } from './first-bill.js';
import { benchFrames } from './frames.js';
import { benchPaint } from './paint.js';
import { benchPreview } from './preview.js';
import { benchPrompt } from './prompt.js';
import { benchPromptRedis } from './prompt-redis.js';
import { benchPublisher } from './publisher.js';
import { benchReliability } from './reliability.js';
import { updateBenchmarksPage } from './measured-table.js';
import { benchRender } from './render.js';
import { benchSanitizerApi } from './sanitizer-api.js';
import { benchTransfer } from './transfer.js';
import { benchWorkers } from './workers.js';
import { benchRedisOutage } from './redis-outage.js';
import { benchMediaUpload } from './media-upload.js';
import { benchRedis, benchScale } from './scale.js';
import { formatMarkdown, formatTable, type BenchOptions, type BenchResult, type Row } from './util.js';

const BENCHES: Record<string, (options: BenchOptions) => Promise<BenchResult>> = {
  fanout: benchFanout,
  paint: benchPaint,
  render: benchRender,
  bundle: benchBundle,
  publisher: benchPublisher,
  frames: benchFrames,
  sanitizer: benchSanitizerApi,
  scale: benchScale,
  redis: benchRedis,
  reliability: benchReliability,
  prompt: benchPrompt,
  'prompt-redis': benchPromptRedis,
  transfer: benchTransfer,
  'first-bill': benchFirstBill,
  bfcache: benchBfcache,
  workers: benchWorkers,
  'redis-outage': benchRedisOutage,
  'media-upload': benchMediaUpload,
  preview: benchPreview,
};
/** A run that takes longer than this is stuck: stop, whatever the benchmark. */
const WATCHDOG_MS = 30 * 60_000;
const RESULTS = new URL('./results/', import.meta.url).pathname;

function parseArgs(argv: string[]) {
  const flags = argv.filter((arg) => arg.startsWith('--'));
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = [...names.filter((name) => !(name in BENCHES)), ...flags.filter((flag) => !['--quick', '--profile'].includes(flag))];
  if (unknown.length) {
    process.stderr.write(`bench: unknown ${unknown.join(', ')}\nusage: tsx bench/run.ts [${Object.keys(BENCHES).join('] [')}] [--quick] [--profile]\n`);
    process.exit(2);
  }
  return { names: names.length ? names : Object.keys(BENCHES), quick: flags.includes('--quick'), profile: flags.includes('--profile') };
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    chromium: (run(findChromium(), ['--version']).split('\n').pop() ?? 'unknown').replace(/ built on .*/, ''),
    commit: run('git', ['-C', join(RESULTS, '..', '..'), 'rev-parse', '--short', 'HEAD']),
    date: new Date().toISOString(),
  };
}

/** Writes through a temporary file, so a reader never sees half a file. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<number> {
  const { names, quick, profile } = parseArgs(process.argv.slice(2));
  for (const [file, what] of [
    [BUNDLE, 'the drop-in bundle'],
    [CLI, 'the hub CLI'],
  ] as const) {
    if (!existsSync(file)) {
      process.stderr.write(`bench: ${what} (${file}) is missing: run \`npm run build\` first\n`);
      return 1;
    }
  }
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${WATCHDOG_MS / 60_000} min, giving up\n`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const profileDir = profile ? join(RESULTS, 'profiles') : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    // Only this run's profiles: the hub's is found by its pid, but old ones pile up.
    for (const name of readdirSync(profileDir)) if (name.endsWith('.cpuprofile') || name === 'paint-trace.json') rmSync(join(profileDir, name));
  }
  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const info = machine();
  const loadBefore = loadavg();
  process.stderr.write(`bench: ${names.join(', ')}${quick ? ' (quick)' : ''} on ${info.cpuModel}, ${info.cores} cores, ${info.node}, ${info.chromium}\n`);

  const started = performance.now();
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const failures: string[] = [];
  for (const name of names) {
    const benchStarted = performance.now();
    const loadBench = loadavg()[0];
    process.stderr.write(`${name}…\n`);
    try {
      const result = await BENCHES[name]!({ quick, log, profileDir });
      rows.push(...result.rows);
      // The 1-minute load average around each benchmark: other work on the machine shows here.
      results[name] = { seconds: Math.round((performance.now() - benchStarted) / 100) / 10, load1: [loadBench, loadavg()[0]], ...(result.data as object) };
    } catch (error) {
      // One broken benchmark must not hide the others' figures.
      failures.push(name);
      results[name] = { error: String((error as Error)?.stack ?? error) };
      rows.push({ bench: name, case: 'FAILED', figure: '', value: String((error as Error)?.message ?? error).split('\n')[0]! });
      process.stderr.write(`${name} failed: ${(error as Error)?.stack ?? error}\n`);
    }
    log(`${name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;

  const report = {
    machine: { ...info, loadAverage: { before: loadBefore, after: loadavg() } },
    options: { benches: names, quick, profile },
    seconds,
    rows,
    results,
  };
  mkdirSync(RESULTS, { recursive: true });
  // Only a full run of everything replaces latest.*: a subset or a smoke run goes elsewhere.
  const base = quick ? 'quick' : names.length === Object.keys(BENCHES).length ? 'latest' : 'partial';
  writeAtomically(join(RESULTS, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const header = `${info.date.slice(0, 10)} · ${info.cpuModel}, ${info.cores} cores, ${info.memoryGiB} GiB · Node ${info.node} · ${info.chromium} · load ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`;
  writeAtomically(join(RESULTS, `${base}.md`), `${header}\n\n${formatMarkdown(rows)}\n`);

  process.stdout.write(`\n${header}\n\n${formatTable(rows)}\n\n`);
  process.stdout.write(`${seconds} s; results in bench/results/${base}.json${rows.some((r) => r.verdict === 'miss') ? '; MISS: far from its target, see bench/README.md' : ''}\n`);
  if (failures.length) process.stderr.write(`bench: failed: ${failures.join(', ')}\n`);
  // docs/benchmarks.md's table shows latest.json: a full run without failures refreshes it.
  else if (base === 'latest' && updateBenchmarksPage()) process.stdout.write('docs/benchmarks.md: measured table updated from latest.json\n');
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
// Everything is closed by now; should a socket or child linger anyway, do not hang on it.
setTimeout(() => process.exit(), 3000).unref();
