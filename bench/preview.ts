/**
 * The admin page's lane previews (issue 26, part C): the built hub CLI on 127.0.0.1 with
 * 2000 lanes holding a bill, a publish every 20 ms to one of them, and the hub's own
 * publish latency measured three ways: no preview open; 16 preview streams (the most a hub
 * takes) of 24 lanes each, none of them the lanes posted to; the same streams showing the
 * lanes posted to. Also the publish → preview event time (the issue: a bill within a
 * second; the preview debounces 100 ms). Every loop is bounded in count.
 *
 *   npx tsx bench/run.ts preview [--quick]
 */
import { request } from 'node:http';
import { billWith } from '../test/support/fixtures.js';
import { startHubProcess } from '../test/support/hub-process.js';
import { openSse, type SseStream } from '../test/support/sse-client.js';
import { ms, stopChild, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const API = '/api/customer-display';
const ADMIN = 'admin-token-bench-preview';
const STREAMS = 16;
const LANES_PER_STREAM = 24;

function post(base: string, lane: string, body: unknown): Promise<number> {
  const text = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}${API}/update-bill?lane=${lane}`, { method: 'POST', timeout: 10_000, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Authorization: `Bearer ${ADMIN}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`publish: ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('publish: no answer in 10 s')));
    req.on('error', reject);
    req.end(text);
  });
}

const lanesOf = (prefix: string, stream: number) => Array.from({ length: LANES_PER_STREAM }, (_, i) => `${prefix}-${stream * LANES_PER_STREAM + i}`);

async function openPreviews(base: string, prefix: string): Promise<SseStream[]> {
  const streams: SseStream[] = [];
  for (let i = 0; i < STREAMS; i++) {
    const stream = await openSse(`${base}${API}/admin/preview?lanes=${lanesOf(prefix, i).join(',')}&key=${ADMIN}`);
    await stream.waitFor(() => stream.events.filter((e) => e.event === 'lane').length === LANES_PER_STREAM, 10_000);
    streams.push(stream);
  }
  return streams;
}

/** `rounds` publishes, 20 ms apart, to the lanes in turn; each one's latency, and (when watched) when its preview event came. */
async function publishRound(base: string, lanes: string[], rounds: number, watched?: Map<string, SseStream>): Promise<{ publish: number[]; toPreview: number[] }> {
  const publish: number[] = [];
  const toPreview: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const lane = lanes[i % lanes.length]!;
    const number = `R-${i}`;
    const stream = watched?.get(lane);
    const sentAt = performance.now();
    const seen = stream?.waitFor((e) => e.event === 'lane' && (e.data as { lane: string; state: { bill: { bill_number: string } | null } }).state.bill?.bill_number === number, 5000, stream.events.length);
    publish.push(await post(base, lane, billWith(2, { bill_number: number })));
    if (seen) toPreview.push((await seen).at - sentAt);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { publish, toPreview };
}

export async function benchPreview(options: BenchOptions): Promise<BenchResult> {
  const lanes = options.quick ? 400 : 2000;
  const rounds = options.quick ? 40 : 200;
  const hub = await startHubProcess(['--heartbeat', '0', '--admin-token', ADMIN, '--max-streams-per-address', '64']);
  const streams: SseStream[] = [];
  try {
    // Every lane holds a bill; the previews' lanes (16 × 24 = 384: lane-0 to lane-383) are among them.
    for (let i = 0; i < lanes; i++) await post(hub.url, `lane-${i}`, billWith(1));
    const posted = Array.from({ length: STREAMS }, (_, i) => `lane-${i * LANES_PER_STREAM}`);
    const none = await publishRound(hub.url, posted, rounds);
    options.log(`  preview: ${lanes} lanes, no preview: publish p50 ${ms(summarize(none.publish).p50)}`);

    // 16 streams of 24 other lanes (quiet ones): none of the lanes posted to.
    streams.push(...(await openPreviews(hub.url, 'quiet')));
    const elsewhere = await publishRound(hub.url, posted, rounds);
    for (const stream of streams) stream.close();
    streams.length = 0;

    // 16 streams showing the lanes posted to (each stream one of them).
    streams.push(...(await openPreviews(hub.url, 'lane')));
    const watched = new Map(posted.map((lane, i) => [lane, streams[i]!]));
    const shown = await publishRound(hub.url, posted, rounds, watched);

    options.log(`  preview: publish → preview event p50 ${ms(summarize(shown.toPreview).p50)}`);
    const [a, b, c, toPreview] = [summarize(none.publish), summarize(elsewhere.publish), summarize(shown.publish), summarize(shown.toPreview)];
    const rows: Row[] = [
      { bench: 'preview', case: `${lanes} lanes, no preview open`, figure: 'publish p50 / p99', value: `${ms(a.p50)} / ${ms(a.p99)}` },
      { bench: 'preview', case: `${STREAMS} previews × ${LANES_PER_STREAM} lanes, other lanes posted`, figure: 'publish p50 / p99', value: `${ms(b.p50)} / ${ms(b.p99)}` },
      { bench: 'preview', case: `${STREAMS} previews × ${LANES_PER_STREAM} lanes, previewed lanes posted`, figure: 'publish p50 / p99', value: `${ms(c.p50)} / ${ms(c.p99)}` },
      { bench: 'preview', case: 'publish → preview event (debounced 100 ms)', figure: 'p50 / p99 / max', value: `${ms(toPreview.p50)} / ${ms(toPreview.p99)} / ${ms(toPreview.max)}`, target: '≤ 1000 ms', verdict: toPreview.max <= 1000 ? 'ok' : 'miss' },
    ];
    return { rows, data: { lanes, rounds, streams: STREAMS, lanesPerStream: LANES_PER_STREAM, noPreview: a, otherLanes: b, previewedLanes: c, toPreview } };
  } finally {
    for (const stream of streams) stream.close();
    await stopChild(hub.child);
  }
}
