/**
 * 1. Hub fan-out. N real SSE subscribers on 127.0.0.1 (N = 1, 100, 1000); 50 bill updates
 * at a steady rate (one every 20 ms) and as a burst (all 50 at once); publish→receive
 * latency per (subscriber, event), delivery ratio, and the server's RSS and CPU per idle
 * subscriber. Everything runs twice: against the real hub (the built CLI, a child
 * process) and against bench/baseline-sse-server.mjs, the least a node:http broadcaster
 * can do; hub ÷ baseline is the hub's own overhead.
 *
 * Both servers are child processes (bench/servers.ts). Subscribers and the publisher live in
 * this process and share the same cores: with 1000 subscribers this process parses 1000
 * streams, which is why each round is repeated with a lean client too.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { billWith } from '../test/support/fixtures.js';
import { openSse } from '../test/support/sse-client.js';
import { hotFunctions } from './cpu-profile.js';
import { openLeanSse } from './lean-sse.js';
import { startBaseline, startHub, type Server } from './servers.js';
import { cpuPercent, kb, pollUntil, sampleProcess, sleep, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

/** "A few ms": the p99 the issue expects at 100 subscribers. */
const P99_TARGET_MS = 5;
const STEADY_INTERVAL_MS = 20;

/** What both subscriber kinds share: received events with their arrival time. */
interface Subscriber {
  readonly events: ReadonlyArray<{ event: string; data: unknown; at: number }>;
  close(): void;
}

/**
 * Opens `n` subscribers, 50 at a time (a thousand simultaneous connects would measure the
 * accept queue, not fan-out), and waits until the server counts all of them.
 */
async function openSubscribers(server: Server, n: number, open: (url: string) => Promise<Subscriber>): Promise<Subscriber[]> {
  const streams: Subscriber[] = [];
  try {
    for (let i = 0; i < n; i += 50) {
      const batch = Math.min(50, n - i);
      streams.push(...(await Promise.all(Array.from({ length: batch }, () => open(server.streamUrl)))));
    }
    if (!(await pollUntil(async () => (await server.clients()) === n, 20_000, 20))) {
      throw new Error(`${server.kind}: only ${await server.clients()} of ${n} subscribers connected`);
    }
    return streams;
  } catch (error) {
    for (const stream of streams) stream.close();
    throw error;
  }
}

/**
 * Counts, per stream, the events tagged with a bill number of this phase and collects their
 * publish→receive latencies. Each scan reads only what arrived since the previous one.
 */
class Delivery {
  private readonly scanned = new Map<Subscriber, number>();
  readonly latencies: number[] = [];
  received = 0;

  constructor(
    private readonly streams: readonly Subscriber[],
    private readonly postedAt: ReadonlyMap<string, number>,
  ) {
    // Start after whatever each stream holds now (greeting, snapshot, earlier phases).
    for (const stream of streams) this.scanned.set(stream, stream.events.length);
  }

  get expected(): number {
    return this.streams.length * this.postedAt.size;
  }

  scan(): boolean {
    for (const stream of this.streams) {
      const events = stream.events;
      for (let i = this.scanned.get(stream)!; i < events.length; i++) {
        const event = events[i]!;
        const tag = (event.data as { bill_number?: string } | undefined)?.bill_number;
        const posted = tag === undefined ? undefined : this.postedAt.get(tag);
        if (event.event !== 'bill-update' || posted === undefined) continue;
        this.received++;
        this.latencies.push(event.at - posted);
      }
      this.scanned.set(stream, events.length);
    }
    return this.received >= this.expected;
  }
}

interface PhaseSample {
  latencies: number[];
  received: number;
  expected: number;
  failedPosts: number;
  /** From the first POST until every subscriber had every event (or the 15 s limit). */
  elapsedMs: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
}

/** Publishes `events` tagged bills, one every `intervalMs`, or all at once when it is 0. */
async function publishPhase(server: Server, streams: readonly Subscriber[], tag: string, events: number, intervalMs: number): Promise<PhaseSample> {
  const bills = Array.from({ length: events }, (_, i) => billWith(5, { bill_number: `${tag}-${i}` }));
  const postedAt = new Map<string, number>(bills.map((bill) => [bill.bill_number, NaN]));
  const delivery = new Delivery(streams, postedAt);
  const cpuBefore = process.cpuUsage();
  const serverBefore = sampleProcess(server.pid);
  const started = performance.now();
  const posts: Array<Promise<number>> = [];
  for (let i = 0; i < events; i++) {
    if (intervalMs > 0) {
      const wait = started + i * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const bill = bills[i]!;
    // The clock starts when the POST is issued: the same clock the subscribers stamp with.
    postedAt.set(bill.bill_number, performance.now());
    posts.push(server.publish(bill));
  }
  const replies = await Promise.all(posts);
  // Bounded: what has not arrived 15 s after the last reply counts as lost.
  await pollUntil(() => delivery.scan(), 15_000, 5);
  const elapsedMs = performance.now() - started;
  const serverAfter = sampleProcess(server.pid);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    latencies: delivery.latencies,
    received: delivery.received,
    expected: delivery.expected,
    failedPosts: replies.filter((status) => status !== 200).length,
    elapsedMs,
    serverCpuSeconds: serverAfter.cpuSeconds - serverBefore.cpuSeconds,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Every round of one phase, pooled: percentiles over all (subscriber, event) pairs. */
interface PhaseResult {
  latencyMs: ReturnType<typeof summarize>;
  deliveryRatio: number;
  failedPosts: number;
  /** CPU the server used during the phase (% of one core). */
  serverCpuPercent: number;
  /** CPU this bench process used during the phase (% of one core): it parses every stream. */
  clientCpuPercent: number;
  /** p99 of each round, to show how much rounds differ. */
  p99PerRoundMs: number[];
}

function pool(samples: readonly PhaseSample[]): PhaseResult {
  const sum = (pick: (sample: PhaseSample) => number) => samples.reduce((total, sample) => total + pick(sample), 0);
  const elapsedSeconds = sum((sample) => sample.elapsedMs) / 1000;
  return {
    latencyMs: summarize(samples.flatMap((sample) => sample.latencies)),
    deliveryRatio: sum((sample) => sample.received) / sum((sample) => sample.expected),
    failedPosts: sum((sample) => sample.failedPosts),
    serverCpuPercent: (sum((sample) => sample.serverCpuSeconds) / elapsedSeconds) * 100,
    clientCpuPercent: (sum((sample) => sample.clientCpuSeconds) / elapsedSeconds) * 100,
    p99PerRoundMs: samples.map((sample) => summarize(sample.latencies).p99),
  };
}

/** CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with, in every process. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

type Client = 'full' | 'lean';
type Mode = 'steady' | 'burst';
const OPEN: Record<Client, (url: string) => Promise<Subscriber>> = { full: openSse, lean: openLeanSse };

/** A server under test and the phase samples gathered from it so far. */
interface Contender {
  server: Server;
  samples: Record<Client, Record<Mode, PhaseSample[]>>;
}

/**
 * One round: N subscribers of one client kind, a warm-up burst (which also fills the
 * publisher's keep-alive pool, so the measured burst does not time 50 TCP handshakes),
 * then the steady and the burst phase.
 */
async function round(contender: Contender, client: Client, subscribers: number, events: number, tag: string): Promise<{ fromUs: number; toUs: number }> {
  const streams = await openSubscribers(contender.server, subscribers, OPEN[client]);
  let measured;
  try {
    await publishPhase(contender.server, streams, `${tag}WARM`, events, 0);
    const fromUs = monotonicUs();
    contender.samples[client].steady.push(await publishPhase(contender.server, streams, `${tag}STEADY`, events, STEADY_INTERVAL_MS));
    contender.samples[client].burst.push(await publishPhase(contender.server, streams, `${tag}BURST`, events, 0));
    measured = { fromUs, toUs: monotonicUs() };
  } finally {
    for (const stream of streams) stream.close();
  }
  // The server sees the closes asynchronously; the next round starts from zero streams.
  await pollUntil(async () => (await contender.server.clients()) === 0, 5000, 10);
  return measured;
}

interface IdleResult {
  windowMs: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  rssPerSubscriberBytes: number;
  cpuPercent: number;
  connectMs: number;
}

/** Median RSS over `count` samples `everyMs` apart: one sample may land just before or after a GC. */
async function medianRss(pid: number, count: number, everyMs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i) await sleep(everyMs);
    samples.push(sampleProcess(pid).rss);
  }
  return samples.sort((a, b) => a - b)[Math.floor(count / 2)]!;
}

/** RSS and CPU of the server with `subscribers` idle streams open for `idleMs`. */
async function idleCost(server: Server, subscribers: number, idleMs: number): Promise<IdleResult> {
  const rssBefore = await medianRss(server.pid, 5, 50);
  const connectStart = performance.now();
  const streams = await openSubscribers(server, subscribers, openSse);
  const connectMs = performance.now() - connectStart;
  try {
    const idleStart = sampleProcess(server.pid);
    // The RSS samples spread over the idle window are the window's wait.
    const rssAfter = await medianRss(server.pid, 9, idleMs / 8);
    const idleEnd = sampleProcess(server.pid);
    return {
      windowMs: idleEnd.at - idleStart.at,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      rssPerSubscriberBytes: (rssAfter - rssBefore) / subscribers,
      cpuPercent: cpuPercent(idleStart, idleEnd),
      connectMs,
    };
  } finally {
    for (const stream of streams) stream.close();
    await pollUntil(async () => (await server.clients()) === 0, 5000, 10);
  }
}

interface RunResult {
  server: 'hub' | 'baseline';
  subscribers: number;
  rounds: number;
  idle: IdleResult;
  /** With the full SSE client (test/support/sse-client.ts). */
  steady: PhaseResult;
  burst: PhaseResult;
  /** The same phases with the lean client (bench/lean-sse.ts). */
  lean: { steady: PhaseResult; burst: PhaseResult };
}

/**
 * Both servers run side by side (an idle one costs nothing) and take turns, round after
 * round, so a noisy moment of the machine does not land on one of them only.
 */
async function compare(subscribers: number, events: number, idleMs: number, rounds: number): Promise<{ hub: RunResult; baseline: RunResult }> {
  const servers = [await startHub(), await startBaseline()];
  try {
    const contenders: Contender[] = servers.map((server) => ({
      server,
      samples: { full: { steady: [], burst: [] }, lean: { steady: [], burst: [] } },
    }));
    const idle: IdleResult[] = [];
    for (const { server } of contenders) {
      // Warm the publish path (JIT, validation) before anything is measured.
      for (let i = 0; i < 5; i++) await server.publish(billWith(5, { bill_number: `WARM-${i}` }));
      idle.push(await idleCost(server, subscribers, idleMs));
    }
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        for (const client of ['full', 'lean'] as const) await round(contender, client, subscribers, events, `R${r}${client}`);
      }
    }
    const result = (contender: Contender, index: number): RunResult => ({
      server: contender.server.kind,
      subscribers,
      rounds,
      idle: idle[index]!,
      steady: pool(contender.samples.full.steady),
      burst: pool(contender.samples.full.burst),
      lean: { steady: pool(contender.samples.lean.steady), burst: pool(contender.samples.lean.burst) },
    });
    return { hub: result(contenders[0]!, 0), baseline: result(contenders[1]!, 1) };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** One round against a hub started with --cpu-prof; where its CPU went during the timed phases. */
async function profileHub(subscribers: number, events: number, profileDir: string) {
  // --cpu-prof writes the profile when the hub exits (SIGTERM ends it normally).
  const server = await startHub(['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const contender: Contender = { server, samples: { full: { steady: [], burst: [] }, lean: { steady: [], burst: [] } } };
  let window;
  try {
    // Only the steady and burst phases: not the connects, not the warm-up.
    window = await round(contender, 'full', subscribers, events, 'PROF');
  } finally {
    await server.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile') && name.includes(`.${server.pid}.`));
  if (!file) return undefined;
  return { file: join(profileDir, file), steady: pool(contender.samples.full.steady), ...hotFunctions(join(profileDir, file), 15, window) };
}

const triple = (s: { p50: number; p99: number; max: number }) => `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)} / ${s.max.toFixed(2)} ms`;
const pair = (s: { p50: number; p99: number }) => `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)}`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function rowsFor(n: number, hub: RunResult, baseline: RunResult, idleMs: number, quick: boolean): Row[] {
  const subs = `${n} sub${n === 1 ? '' : 's'}`;
  const rows: Row[] = [];
  for (const mode of ['steady', 'burst'] as const) {
    const h = hub[mode];
    const b = baseline[mode];
    const label = `${subs}, ${mode}`;
    // The target is for 100 subscribers; in a quick run 100 is not measured fully.
    const targeted = n === 100 && !quick;
    rows.push(
      {
        bench: 'fanout',
        case: label,
        figure: 'hub p50 / p99 / max',
        value: triple(h.latencyMs),
        target: targeted ? `p99 ≤ ${P99_TARGET_MS} ms` : '',
        verdict: targeted ? (h.latencyMs.p99 <= P99_TARGET_MS ? 'ok' : 'miss') : '',
      },
      {
        bench: 'fanout',
        case: label,
        figure: 'baseline p50 / p99 / max (hub ÷ baseline)',
        value: `${triple(b.latencyMs)} (${ratio(h.latencyMs.p50, b.latencyMs.p50)} / ${ratio(h.latencyMs.p99, b.latencyMs.p99)})`,
      },
      {
        bench: 'fanout',
        case: label,
        figure: 'lean client p50 / p99: hub | baseline',
        value: `${pair(hub.lean[mode].latencyMs)} | ${pair(baseline.lean[mode].latencyMs)} ms`,
      },
      {
        bench: 'fanout',
        case: label,
        figure: 'delivery hub / baseline',
        value: `${h.deliveryRatio.toFixed(3)} / ${b.deliveryRatio.toFixed(3)}`,
        target: '1.000',
        verdict: h.deliveryRatio === 1 && hub.lean[mode].deliveryRatio === 1 ? 'ok' : 'miss',
      },
      {
        bench: 'fanout',
        case: label,
        figure: 'CPU server | bench client',
        value: `hub ${h.serverCpuPercent.toFixed(0)} % | ${h.clientCpuPercent.toFixed(0)} %; baseline ${b.serverCpuPercent.toFixed(0)} % | ${b.clientCpuPercent.toFixed(0)} %`,
      },
    );
  }
  // V8 keeps already-resident heap pages for the first few MB, so a per-stream RSS cost is
  // only meaningful at 1000 streams; below that, the total change is what was measured.
  const rss = (run: RunResult) =>
    n >= 1000 ? kb(run.idle.rssPerSubscriberBytes) : `${run.idle.rssAfterBytes >= run.idle.rssBeforeBytes ? '+' : ''}${kb(run.idle.rssAfterBytes - run.idle.rssBeforeBytes)}`;
  rows.push({
    bench: 'fanout',
    case: `${subs}, idle ${(idleMs / 1000).toFixed(1)} s`,
    figure: n >= 1000 ? 'RSS per sub, CPU: hub | baseline' : 'RSS change (all subs), CPU: hub | baseline',
    value: `${rss(hub)}, ${hub.idle.cpuPercent.toFixed(1)} % | ${rss(baseline)}, ${baseline.idle.cpuPercent.toFixed(1)} %`,
  });
  return rows;
}

export async function benchFanout({ quick, log, profileDir }: BenchOptions): Promise<BenchResult> {
  const sizes = quick ? [1, 100] : [1, 100, 1000];
  const events = quick ? 10 : 50;
  const idleMs = quick ? 500 : 3000;
  const rounds = quick ? 1 : 3;
  const runs: RunResult[] = [];
  const rows: Row[] = [];
  for (const n of sizes) {
    const { hub, baseline } = await compare(n, events, idleMs, rounds);
    log(`fanout: ${n} subscribers done`);
    runs.push(hub, baseline);
    rows.push(...rowsFor(n, hub, baseline, idleMs, quick));
  }
  let profile;
  if (profileDir) {
    const n = sizes[sizes.length - 1]!;
    profile = await profileHub(n, events, profileDir);
    log(`fanout: profiled hub, ${n} subscribers done (${profile?.file ?? 'no profile written'})`);
    const share = (x: { share: number }) => `${(x.share * 100).toFixed(0)} %`;
    rows.push({
      bench: 'fanout',
      case: `${n} subs, hub CPU profile`,
      figure: 'busy time by origin',
      value: (profile?.byOrigin ?? []).slice(0, 5).map((o) => `${o.origin} ${share(o)}`).join(', '),
    });
    for (const hot of profile?.top.slice(0, 3) ?? []) {
      rows.push({ bench: 'fanout', case: `${n} subs, hub CPU profile`, figure: `${share(hot)} of busy time`, value: hot.where });
    }
  }
  return { rows, data: { eventsPerPhase: events, steadyIntervalMs: STEADY_INTERVAL_MS, idleWindowMs: idleMs, rounds, runs, profile } };
}
