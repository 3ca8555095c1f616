/**
 * Time to recover from a Redis outage: a `display-hub --redis` process (the built CLI) with
 * a display on its stream; redis-server is killed (SIGKILL), left down for a while, and
 * started again on the same port (empty). Measured from the moment redis-server accepts
 * connections again to the first publish the hub accepts (200) and to that bill reaching
 * the display that stayed connected the whole time; `/health` back to 200 beside them.
 * Several rounds per outage length (the client's reconnect backoff grows with the outage),
 * p50 and max. 127.0.0.1 only; every wait is bounded.
 *
 *   tsx bench/run.ts redis-outage [--quick]
 */
import { billWith } from '../test/support/fixtures.js';
import { startHubProcess, type HubProcess } from '../test/support/hub-process.js';
import { findRedisServer, startRedis, type RedisProcess } from '../test/support/redis-server.js';
import { openSse, type SseStream } from '../test/support/sse-client.js';
import { createPoster, ms, sleep, stopChild, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const API = '/api/customer-display';
const LANE = 'outage';
/** Each wait in a round gives up after this long (the round then counts as not recovered). */
const WAIT_MS = 15_000;

interface Round {
  downMs: number;
  /** redis-server accepting connections → `/health` 200. */
  healthMs: number;
  /** → the first publish accepted. */
  acceptedMs: number;
  /** → that bill received by the display that stayed connected. */
  deliveredMs: number;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + WAIT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS} ms`);
    await sleep(5);
  }
}

async function healthStatus(hub: HubProcess): Promise<number> {
  try {
    const response = await fetch(`${hub.url}${API}/health`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** One outage: kill, stay down `downMs`, restart, time the recovery. */
async function outage(redis: RedisProcess, hub: HubProcess, display: SseStream, downMs: number, round: number, binary: string): Promise<{ redis: RedisProcess; round: Round }> {
  const poster = createPoster();
  const post = (number: string) => poster.post(`${hub.url}${API}/update-bill?lane=${LANE}`, billWith(1, { bill_number: number }));
  try {
    const before = await post(`before-${round}`);
    if (before !== 200) throw new Error(`the hub did not take a bill before the outage: ${before}`);
    await redis.kill();
    await until(async () => (await healthStatus(hub)) === 503, 'health 503 after the kill');
    await sleep(downMs);
    redis = await startRedis(binary, redis.port);
    const back = performance.now(); // redis-server answers PING from here on
    let healthMs = NaN;
    let acceptedMs = NaN;
    const number = `after-${round}`;
    const seen = display.events.length;
    // Posting every 10 ms as a till retrying would; health polled beside it.
    const watchingHealth = until(async () => {
      if ((await healthStatus(hub)) !== 200) return false;
      healthMs = performance.now() - back;
      return true;
    }, 'health 200 after the restart');
    await until(async () => {
      if ((await post(number)) !== 200) return sleep(10).then(() => false);
      acceptedMs = performance.now() - back;
      return true;
    }, 'a publish accepted after the restart');
    const delivered = await display.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === number, WAIT_MS, seen);
    await watchingHealth;
    return { redis, round: { downMs, healthMs, acceptedMs, deliveredMs: delivered.at - back } };
  } finally {
    poster.close();
  }
}

export async function benchRedisOutage({ quick, log }: BenchOptions): Promise<BenchResult> {
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server not found (Debian: apt-get install redis-server)');
  const downs = quick ? [500, 2000] : [500, 2000, 5000];
  const roundsEach = quick ? 2 : 4;
  let redis = await startRedis(binary);
  const hub = await startHubProcess(['--redis', redis.url, '--log-level', 'error']);
  const display = await openSse(`${hub.url}${API}/stream?lane=${LANE}`);
  const rounds: Round[] = [];
  try {
    await display.waitFor((e) => e.event === 'connected');
    for (const downMs of downs) {
      for (let n = 0; n < roundsEach; n++) {
        const result = await outage(redis, hub, display, downMs, rounds.length, binary);
        redis = result.redis;
        rounds.push(result.round);
        log(`redis down ${downMs} ms: health ${ms(result.round.healthMs)}, accepted ${ms(result.round.acceptedMs)}, delivered ${ms(result.round.deliveredMs)} after redis-server was back`);
      }
    }
  } finally {
    display.close();
    await stopChild(hub.child);
    await redis.stop();
  }
  const rows: Row[] = downs.map((downMs) => {
    const these = rounds.filter((round) => round.downMs === downMs);
    const delivered = summarize(these.map((round) => round.deliveredMs));
    const accepted = summarize(these.map((round) => round.acceptedMs));
    const health = summarize(these.map((round) => round.healthMs));
    return {
      bench: 'redis-outage',
      case: `Redis down ${downMs / 1000} s, ${these.length} rounds`,
      figure: 'back → publish delivered p50 / max',
      value: `${ms(delivered.p50)} / ${ms(delivered.max)} (accepted ${ms(accepted.p50)} / ${ms(accepted.max)}; health 200 ${ms(health.p50)} / ${ms(health.max)})`,
    };
  });
  return { rows, data: { rounds } };
}
