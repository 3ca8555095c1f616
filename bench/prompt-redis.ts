/**
 * 6b. Prompt round trip across instances. Hub CLIs as child processes on 127.0.0.1, the
 * cashier's `publisher.ask()` and a display's SSE stream in this process, no browser. Per
 * round: a rating prompt is asked through instance A, awaited on a display stream of the
 * answering instance, answered there with `POST /respond`; measured from that POST's start
 * to `ask()` resolving here with the value (the answering hub's checks and Lua script, the
 * answer PUBLISHed through Redis to A, A's `GET /responses` stream, the publisher).
 * Three cases in one run, their rounds interleaved: one hub in memory (the baseline: a
 * single instance), two instances on one redis-server answered on A itself, and on B.
 */
import { createDisplayPublisher } from '../src/publisher/publisher.js';
import { SAMPLE_PROMPTS } from '../src/scenarios/samples.js';
import { startHubProcess, type HubProcess } from '../test/support/hub-process.js';
import { openSse, postJson } from '../test/support/sse-client.js';
import { startBenchRedis } from './scale-servers.js';
import { ms, stopChild, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const API = '/api/customer-display';

/** A cashier on `asker` and a display on `answerer`, kept open for every round of one case. */
async function openCase(asker: HubProcess, answerer: HubProcess, label: string) {
  const LANE = `till-${label}`; // a lane per case: no case sees another's prompts
  const publisher = createDisplayPublisher({ hub: asker.url, lane: LANE });
  const display = await openSse(`${answerer.url}${API}/stream?lane=${LANE}`);
  await display.waitFor((e) => e.event === 'connected');
  let round = 0;
  return {
    /** One prompt asked through `asker`, answered on `answerer`: the POST → `ask()` time in ms. */
    async roundTrip(): Promise<number> {
      const prompt_id = `${label}-${round++}`;
      const from = display.events.length;
      const asked = publisher.ask({ ...SAMPLE_PROMPTS.rating, prompt_id });
      await display.waitFor((e) => e.event === 'prompt-show' && (e.data as { prompt_id: string }).prompt_id === prompt_id, 10_000, from);
      const postedAt = performance.now();
      const reply = await postJson(`${answerer.url}${API}/respond?lane=${LANE}`, { prompt_id, value: 4 });
      if (reply.status !== 200) throw new Error(`respond: ${reply.status} ${JSON.stringify(reply.body)}`);
      const outcome = (await asked) as { status: string; value?: unknown };
      if (outcome.status !== 'answered' || outcome.value !== 4) throw new Error(`ask() resolved ${JSON.stringify(outcome)}`);
      return performance.now() - postedAt;
    },
    close() {
      display.close();
      publisher.close();
    },
  };
}

export async function benchPromptRedis({ quick, log }: BenchOptions): Promise<BenchResult> {
  const rounds = quick ? 10 : 200;
  const common = ['--heartbeat', '5000'];
  const redis = await startBenchRedis();
  const hubs: HubProcess[] = [];
  try {
    const single = await startHubProcess(common);
    hubs.push(single);
    const [a, b] = [await startHubProcess([...common, '--redis', redis.url]), await startHubProcess([...common, '--redis', redis.url])];
    hubs.push(a!, b!);
    const cases = [
      { name: 'one hub, memory (baseline)', run: await openCase(single, single, 'memory'), times: [] as number[] },
      { name: 'redis, asked and answered on A', run: await openCase(a!, a!, 'same'), times: [] as number[] },
      { name: 'redis, asked on A, answered on B', run: await openCase(a!, b!, 'across'), times: [] as number[] },
    ];
    try {
      // Warm-up rounds (JIT, connections, the scripts loaded into Redis), not counted.
      for (const { run } of cases) for (let round = 0; round < 3; round++) await run.roundTrip();
      // Interleaved, so the machine's load (shared, 2 cores) falls on every case alike.
      for (let round = 0; round < rounds; round++) for (const { run, times } of cases) times.push(await run.roundTrip());
    } finally {
      for (const { run } of cases) run.close();
    }
    const rows: Row[] = [];
    const data: Record<string, unknown> = { rounds };
    for (const { name, times } of cases) {
      const stats = summarize(times);
      data[name] = stats;
      log(`prompt-redis: ${name}: respond POST → ask() p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)} over ${rounds} rounds`);
      rows.push(
        { bench: 'prompt-redis', case: `${name}, ${rounds} rounds`, figure: 'respond POST → ask() resolved p50', value: ms(stats.p50) },
        { bench: 'prompt-redis', case: `${name}, ${rounds} rounds`, figure: 'respond POST → ask() resolved p99', value: ms(stats.p99), target: '≤ 300 ms' },
      );
    }
    for (const row of rows) if (row.target) row.verdict = Number.parseFloat(row.value) <= 300 ? 'ok' : 'miss';
    return { rows, data };
  } finally {
    await Promise.all(hubs.map((hub) => stopChild(hub.child)));
    await redis.stop();
  }
}
