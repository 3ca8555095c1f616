/**
 * The scale benchmarks' client, in a child process so its CPU is not the hub's: it holds
 * thousands of SSE streams (raw sockets, bench/lean-sse.ts), publishes bills at a set
 * rate, and times each publish → arrival on every stream of the lane (one clock: this
 * process issues the POST and reads the streams).
 *
 * URLs are templates: `{lane}` is replaced by the lane's name. Lane i of a spec is
 * `<prefix><i>` and goes to instance `i % instances` (lane routing: a lane's displays and
 * its till on one instance, as nginx `hash $arg_lane` does).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { billWith } from '../test/support/fixtures.js';
import { openLeanSse } from './lean-sse.js';
import { summarize } from './util.js';

export interface StreamSpec {
  /** One per instance, e.g. `http://127.0.0.1:5000/api/customer-display/stream?lane={lane}`. */
  streamUrls: string[];
  lanes: number;
  perLane: number;
  lanePrefix: string;
}

export interface PublishSpec {
  /** One per instance, e.g. `http://127.0.0.1:5000/api/customer-display/update-bill?lane={lane}`. */
  publishUrls: string[];
  lanes: number;
  lanePrefix: string;
  /** Publishes per second, spread evenly; lanes taken in a scattered order. */
  rate: number;
  seconds: number;
}

export interface StepResult {
  rate: number;
  /** Publishes actually issued per second. */
  achievedRate: number;
  posts: number;
  failedPosts: number;
  /** The statuses of the failed ones (0: no reply). */
  failedStatuses: number[];
  /** Publish → arrival, every (stream, event) pair, ms. */
  latencyMs: ReturnType<typeof summarize>;
  delivered: number;
  expected: number;
}

type Request = { id: number } & ({ type: 'open'; spec: StreamSpec } | { type: 'close-lanes'; lanePrefix: string } | { type: 'publish'; spec: PublishSpec });
type Reply = { id: number; error?: string; result?: unknown };

export interface LoadClient {
  readonly pid: number;
  /** Opens the streams of `spec`; resolves when every one has its headers. */
  open(spec: StreamSpec): Promise<void>;
  /** Closes the streams of lanes named `<prefix>…`. */
  closeLanes(lanePrefix: string): Promise<void>;
  /** Publishes at `spec.rate` for `spec.seconds`, then waits (at most 10 s) for every delivery. */
  publish(spec: PublishSpec): Promise<StepResult>;
  stop(): Promise<void>;
}

export function startLoadClient(): LoadClient {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (reply: Reply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const pending of waiting.values()) pending.reject(new Error('the load client exited'));
  });
  const call = <T>(message: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...message, id });
    });
  return {
    pid: child.pid!,
    open: (spec) => call({ type: 'open', spec }),
    closeLanes: (lanePrefix) => call({ type: 'close-lanes', lanePrefix }),
    publish: (spec) => call({ type: 'publish', spec }),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ─── the child ─────────────────────────────────────────────────────────────

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fill = (template: string, lane: string) => template.replace('{lane}', lane);

interface Stream {
  close(): void;
}

class ClientProcess {
  /** Streams per lane name. */
  private readonly lanes = new Map<string, Stream[]>();
  /** Publish time per tag (performance.now()), for the step running now. */
  private postedAt = new Map<number, number>();
  private latencies: number[] = [];
  private nextTag = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  async open(spec: StreamSpec): Promise<void> {
    const targets: Array<{ lane: string; url: URL }> = [];
    for (let i = 0; i < spec.lanes; i++) {
      const lane = `${spec.lanePrefix}${i}`;
      const url = new URL(fill(spec.streamUrls[i % spec.streamUrls.length]!, lane));
      for (let k = 0; k < spec.perLane; k++) targets.push({ lane, url });
    }
    // 200 at a time: thousands of simultaneous connects would overflow the accept queue.
    for (let i = 0; i < targets.length; i += 200) {
      const batch = targets.slice(i, i + 200);
      const streams = await Promise.all(batch.map(({ url }) => this.openStream(url)));
      batch.forEach(({ lane }, k) => {
        const list = this.lanes.get(lane) ?? [];
        list.push(streams[k]!);
        this.lanes.set(lane, list);
      });
    }
  }

  closeLanes(prefix: string): void {
    for (const [lane, streams] of this.lanes) {
      if (!lane.startsWith(prefix)) continue;
      for (const stream of streams) stream.close();
      this.lanes.delete(lane);
    }
  }

  private openStream(url: URL): Promise<Stream> {
    return openLeanSse(url.href, (billNumber, at) => {
      const posted = billNumber.startsWith('P') ? this.postedAt.get(Number(billNumber.slice(1))) : undefined;
      if (posted !== undefined) this.latencies.push(at - posted);
    });
  }

  private post(url: string, body: unknown): Promise<number> {
    const text = JSON.stringify(body);
    return new Promise((resolve) => {
      const req = request(url, { method: 'POST', agent: this.agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', () => resolve(0));
      });
      req.once('error', () => resolve(0));
      req.end(text);
    });
  }

  async publish(spec: PublishSpec): Promise<StepResult> {
    this.postedAt = new Map();
    this.latencies = [];
    const replies: Array<Promise<number>> = [];
    let expected = 0;
    const total = Math.round(spec.rate * spec.seconds);
    const started = performance.now();
    while (replies.length < total) {
      // Catch up to the schedule every 2 ms: evenly spread, whatever the timer's precision.
      const due = Math.min(total, Math.floor(((performance.now() - started) * spec.rate) / 1000) + 1);
      while (replies.length < due) {
        const n = replies.length;
        const index = (n * 7919) % spec.lanes; // scattered, every lane in turn
        const lane = `${spec.lanePrefix}${index}`;
        const tag = this.nextTag++;
        expected += this.lanes.get(lane)?.length ?? 0;
        this.postedAt.set(tag, performance.now());
        replies.push(this.post(fill(spec.publishUrls[index % spec.publishUrls.length]!, lane), billWith(3, { bill_id: tag, bill_number: `P${tag}` })));
      }
      await sleep(2);
    }
    const elapsed = (performance.now() - started) / 1000;
    const statuses = await Promise.all(replies);
    // Bounded: what has not arrived 10 s after the last reply counts as lost.
    const deadline = performance.now() + 10_000;
    while (this.latencies.length < expected && performance.now() < deadline) await sleep(10);
    const latencies = this.latencies;
    this.postedAt = new Map();
    return {
      rate: spec.rate,
      achievedRate: Math.round(total / Math.max(elapsed, spec.seconds)),
      posts: total,
      // Any 2xx: Nchan answers a publish with 201 or 202.
      failedPosts: statuses.filter((status) => status < 200 || status > 299).length,
      failedStatuses: [...new Set(statuses.filter((status) => status < 200 || status > 299))],
      latencyMs: summarize(latencies),
      delivered: latencies.length,
      expected,
    };
  }
}

if (process.argv[2] === '--child') {
  const client = new ClientProcess();
  process.on('message', async (message: Request) => {
    try {
      let result: unknown;
      if (message.type === 'open') result = await client.open(message.spec);
      else if (message.type === 'close-lanes') result = client.closeLanes(message.lanePrefix);
      else result = await client.publish(message.spec);
      process.send!({ id: message.id, result } satisfies Reply);
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error).message ?? error) } satisfies Reply);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
