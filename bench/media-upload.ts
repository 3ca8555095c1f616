/**
 * Uploading promos from the admin page: throughput of a 100 MiB upload (`PUT
 * admin/media/{name}`) to the built `display-hub` over 127.0.0.1, and the hub process's
 * peak RSS while it streams the body to disk against its RSS idle (the body must never be
 * held whole: growth of a few MB, not 100). Baseline in the same run: the same bytes
 * written to the same disk with a plain `fs.createWriteStream` (what the disk allows).
 * Each run is bounded (a timeout per upload; the hub is killed at the end).
 */
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
  try {
    await sleep(300);
    const idle = sampleProcess(pid).rss;
    const uploads: number[] = [];
    const baselines: number[] = [];
    let peak = idle;
    for (let run = 0; run < runs; run++) {
      baselines.push(await plainWrite(dir, total));
      // RSS sampled every 10 ms while the body streams in.
      const sampler = setInterval(() => (peak = Math.max(peak, sampleProcess(pid).rss)), 10);
      try {
        uploads.push(await upload(hub.url, `clip-${run}.mp4`, total));
      } finally {
        clearInterval(sampler);
      }
      options.log(`media-upload: run ${run + 1}: ${mbps(total, uploads.at(-1)!).toFixed(0)} MB/s upload, ${mbps(total, baselines.at(-1)!).toFixed(0)} MB/s plain write`);
    }
    const upMbps = mbps(total, median(uploads));
    const baseMbps = mbps(total, median(baselines));
    const growth = peak - idle;
    const rows: Row[] = [
      {
        bench: 'media-upload',
        case: `${total / MiB} MiB upload over 127.0.0.1 (p50 of ${runs})`,
        figure: 'throughput vs plain fs write of the same bytes',
        value: `${upMbps.toFixed(0)} MB/s vs ${baseMbps.toFixed(0)} MB/s (${((upMbps / baseMbps) * 100).toFixed(0)} %)`,
        target: 'same order as the disk',
        verdict: upMbps >= baseMbps / 4 ? 'ok' : 'miss',
      },
      {
        bench: 'media-upload',
        case: `${total / MiB} MiB upload over 127.0.0.1`,
        figure: 'hub peak RSS during the upload vs idle',
        value: `${(peak / MiB).toFixed(1)} MB vs ${(idle / MiB).toFixed(1)} MB (+${(growth / MiB).toFixed(1)} MB)`,
        target: 'growth well under the file size (streamed, never held whole)',
        verdict: growth < total / 4 ? 'ok' : 'miss',
      },
    ];
    return { rows, data: { bytes: total, runs, uploadMs: uploads, baselineMs: baselines, idleRss: idle, peakRss: peak } };
  } finally {
    hub.child.kill('SIGKILL');
    await hub.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
