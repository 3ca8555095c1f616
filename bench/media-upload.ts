/**
 * Uploading promos from the admin page: throughput of a 100 MiB upload (`PUT
 * admin/media/{name}`) to the built `display-hub` over 127.0.0.1, and the hub process's
 * peak RSS while it streams the body to disk against its RSS idle (the body must never be
 * held whole: growth of a few MB, not 100). Baseline in the same run: the same bytes
 * written to the same disk with a plain `fs.createWriteStream` (what the disk allows).
 * Each run is bounded (a timeout per upload; the hub is killed at the end).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubProcess } from '../test/support/hub-process.js';
import { sampleProcess, sleep, type BenchOptions, type BenchResult, type Row } from './util.js';

const ADMIN = 'admin-token-bench-media-01';
const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(MiB, 0x5a);
const UPLOAD_TIMEOUT_MS = 120_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

/** Writes `total` bytes in 1 MiB chunks (with backpressure) to a writable; resolves when it finished. */
function pump(out: NodeJS.WritableStream, total: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const more = () => {
      while (sent < total) {
        const size = Math.min(MiB, total - sent);
        sent += size;
        if (!out.write(size === MiB ? CHUNK : CHUNK.subarray(0, size))) return void out.once('drain', more);
      }
      out.end();
    };
    out.once('error', reject);
    out.once('finish', resolve);
    more();
  });
}

/** The baseline: the bytes straight to a file of the same disk. */
async function plainWrite(dir: string, total: number): Promise<number> {
  const file = join(dir, 'baseline.bin');
  const started = performance.now();
  const out = createWriteStream(file, { highWaterMark: MiB, flush: true });
  await pump(out, total);
  await new Promise<void>((resolve) => out.once('close', () => resolve()));
  const elapsed = performance.now() - started;
  rmSync(file, { force: true });
  return elapsed;
}

/**
 * The second baseline: the smallest node:http server that takes a PUT into a file
 * (`req.pipe(fs.createWriteStream)`, 201 at the end), in a process of its own like the hub:
 * what Node itself costs in time and memory, without the hub's checks and atomic rename.
 */
const PIPE_SERVER = `
const { createServer } = require('node:http');
const { createWriteStream } = require('node:fs');
const dir = process.argv[1];
const server = createServer((req, res) => {
  const out = createWriteStream(dir + '/pipe-' + Date.now() + '.bin', { flush: true });
  req.pipe(out);
  out.on('close', () => res.writeHead(201).end());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startPipeServer(dir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['-e', PIPE_SERVER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('pipe server: no port in 10 s')), 10_000);
    child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** One upload while sampling `pid`'s RSS every 10 ms; its time in ms and the peak RSS. */
async function measuredUpload(base: string, name: string, total: number, pid: number): Promise<{ ms: number; peak: number }> {
  let peak = sampleProcess(pid).rss;
  const sampler = setInterval(() => (peak = Math.max(peak, sampleProcess(pid).rss)), 10);
  try {
    return { ms: await upload(base, name, total), peak };
  } finally {
    clearInterval(sampler);
  }
}

/** One upload; resolves with its time in ms (rejects on anything but 201). */
function upload(base: string, name: string, total: number): Promise<number> {
  const url = new URL(`/api/customer-display/admin/media/${name}`, base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'video/mp4', 'Content-Length': total }, timeout: UPLOAD_TIMEOUT_MS }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 201 ? resolve(performance.now() - started) : reject(new Error(`upload: HTTP ${res.statusCode}`))));
    });
    req.once('timeout', () => req.destroy(new Error('upload: no answer in time')));
    req.once('error', reject);
    pump(req, total).catch(reject);
  });
}

export async function benchMediaUpload(options: BenchOptions): Promise<BenchResult> {
  const total = (options.quick ? 20 : 100) * MiB;
  const runs = options.quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'bench-media-'));
  const media = join(dir, 'media');
  mkdirSync(media);
  const hub = await startHubProcess(['--admin-token', ADMIN, '--media', media, '--log-level', 'warn', '--media-file-max-mb', '200', '--media-budget-mb', '1024']);
  const pid = hub.child.pid!;
  const pipe = await startPipeServer(dir);
  try {
    await sleep(300);
    const idle = sampleProcess(pid).rss;
    const pipeIdle = sampleProcess(pipe.child.pid!).rss;
    const uploads: number[] = [];
    const pipes: number[] = [];
    const baselines: number[] = [];
    let peak = idle;
    let pipePeak = pipeIdle;
    for (let run = 0; run < runs; run++) {
      baselines.push(await plainWrite(dir, total));
      const viaPipe = await measuredUpload(pipe.base, `pipe-${run}`, total, pipe.child.pid!);
      pipes.push(viaPipe.ms);
      pipePeak = Math.max(pipePeak, viaPipe.peak);
      rmSync(media, { recursive: true, force: true });
      mkdirSync(media);
      const viaHub = await measuredUpload(hub.url, `clip-${run}.mp4`, total, pid);
      uploads.push(viaHub.ms);
      peak = Math.max(peak, viaHub.peak);
      options.log(`media-upload: run ${run + 1}: hub ${mbps(total, viaHub.ms).toFixed(0)} MB/s, bare node:http pipe ${mbps(total, viaPipe.ms).toFixed(0)} MB/s, plain write ${mbps(total, baselines.at(-1)!).toFixed(0)} MB/s`);
    }
    const upMbps = mbps(total, median(uploads));
    const pipeMbps = mbps(total, median(pipes));
    const baseMbps = mbps(total, median(baselines));
    const growth = peak - idle;
    const pipeGrowth = pipePeak - pipeIdle;
    const rows: Row[] = [
      {
        bench: 'media-upload',
        case: `${total / MiB} MiB upload over 127.0.0.1 (p50 of ${runs})`,
        figure: 'throughput vs a bare node:http pipe and a plain fs write',
        value: `${upMbps.toFixed(0)} MB/s vs ${pipeMbps.toFixed(0)} MB/s pipe (${((upMbps / pipeMbps) * 100).toFixed(0)} %), ${baseMbps.toFixed(0)} MB/s disk`,
        target: 'as fast as a bare pipe',
        verdict: upMbps >= pipeMbps / 2 ? 'ok' : 'miss',
      },
      {
        bench: 'media-upload',
        case: `${total / MiB} MiB upload over 127.0.0.1`,
        figure: 'process peak RSS growth: hub vs bare pipe',
        value: `+${(growth / MiB).toFixed(1)} MB (${(idle / MiB).toFixed(0)} → ${(peak / MiB).toFixed(0)} MB) vs +${(pipeGrowth / MiB).toFixed(1)} MB pipe`,
        target: 'well under the file size, like a bare pipe (streamed, never held whole)',
        verdict: growth < total / 2 && growth < pipeGrowth + 16 * MiB ? 'ok' : 'miss',
      },
    ];
    return { rows, data: { bytes: total, runs, uploadMs: uploads, pipeMs: pipes, baselineMs: baselines, idleRss: idle, peakRss: peak, pipeIdleRss: pipeIdle, pipePeakRss: pipePeak } };
  } finally {
    pipe.child.kill('SIGKILL');
    hub.child.kill('SIGKILL');
    await hub.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
