/**
 * 5. Publisher coalescing. A burst of 1000 `updateBill` calls from one cashier (as when a
 * till replays a long bill line by line): how many requests reach the hub, and how long
 * until the hub holds the final bill, against the hub CLI as a child process (the cashier
 * app and the hub are different processes in a shop). "Holds" is observed the only way a
 * client can: the final bill arriving on an SSE stream, which adds that stream's delivery
 * (about a millisecond here) to the figure.
 *
 * Reference in the same run: the same calls made naively, one awaited POST each.
 */
import { billWith } from '../test/support/fixtures.js';
import { startHubProcess } from '../test/support/hub-process.js';
import { openSse, type SseStream } from '../test/support/sse-client.js';
import { createDisplayPublisher } from '../src/publisher/publisher.js';
import { ms, stopChild, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const API = '/api/customer-display';

/** Resolves with performance.now() of the frame carrying `billNumber` (bounded by `timeoutMs`). */
async function arrival(stream: SseStream, billNumber: string, from: number, timeoutMs = 30_000): Promise<number> {
  const event = await stream.waitFor((e) => (e.data as { bill_number?: string } | undefined)?.bill_number === billNumber, timeoutMs, from);
  return event.at;
}

interface BurstResult {
  calls: number;
  requestsSent: number;
  /** The 1000 calls themselves (validation, queueing): until the last one returned its promise. */
  callsReturnMs: number;
  /** First call → the hub's stream carried the final bill. */
  finalStateMs: number;
  /** First call → every call's promise resolved. */
  allResolvedMs: number;
  allOk: boolean;
  coalesced: number;
  /** Bill updates the display had to render. */
  eventsSeen: number;
}

async function publisherBurst(hubUrl: string, stream: SseStream, calls: number, tag: string): Promise<BurstResult> {
  const publisher = createDisplayPublisher({ hub: hubUrl, timeoutMs: 10_000 });
  const from = stream.events.length;
  const finalNumber = `${tag}-${calls - 1}`;
  const final = arrival(stream, finalNumber, from);
  const started = performance.now();
  const promises = Array.from({ length: calls }, (_, i) => publisher.updateBill(billWith(1 + (i % 30), { bill_number: `${tag}-${i}` })));
  const callsReturnMs = performance.now() - started;
  const results = await Promise.all(promises);
  const allResolvedMs = performance.now() - started;
  const finalStateMs = (await final) - started;
  await publisher.idle();
  const eventsSeen = stream.events.slice(from).filter((e) => e.event === 'bill-update' && String((e.data as { bill_number?: string }).bill_number).startsWith(`${tag}-`)).length;
  return {
    calls,
    requestsSent: publisher.requestsSent,
    callsReturnMs,
    finalStateMs,
    allResolvedMs,
    allOk: results.every((result) => result.ok),
    coalesced: results.filter((result) => result.coalesced).length,
    eventsSeen,
  };
}

/** The reference: every call is its own awaited POST. */
async function naiveBurst(hubUrl: string, stream: SseStream, calls: number, tag: string) {
  const from = stream.events.length;
  const final = arrival(stream, `${tag}-${calls - 1}`, from);
  const started = performance.now();
  let failed = 0;
  for (let i = 0; i < calls; i++) {
    const response = await fetch(`${hubUrl}${API}/update-bill`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(billWith(1 + (i % 30), { bill_number: `${tag}-${i}` })),
    });
    await response.arrayBuffer();
    if (!response.ok) failed++;
  }
  return { calls, requestsSent: calls, finalStateMs: (await final) - started, failed };
}

export async function benchPublisher({ quick, log }: BenchOptions): Promise<BenchResult> {
  const calls = quick ? 100 : 1000;
  const rounds = quick ? 2 : 5;
  const hub = await startHubProcess(['--log-level', 'warn', '--heartbeat', '0']);
  const stream = await openSse(`${hub.url}${API}/stream`);
  try {
    // Warm-up (JIT of validation on both sides, the keep-alive connection), not reported.
    await publisherBurst(hub.url, stream, 50, 'WARM');
    const bursts: BurstResult[] = [];
    for (let r = 0; r < rounds; r++) bursts.push(await publisherBurst(hub.url, stream, calls, `PUB${r}`));
    log(`publisher: ${rounds} bursts of ${calls} calls done`);
    const naive = await naiveBurst(hub.url, stream, calls, 'NAIVE');
    log('publisher: naive reference done');

    const final = summarize(bursts.map((b) => b.finalStateMs));
    const requests = bursts.map((b) => b.requestsSent);
    const label = `burst of ${calls} updateBill`;
    const rows: Row[] = [
      {
        bench: 'publisher',
        case: label,
        figure: `requests sent (${rounds} rounds)`,
        value: `${Math.min(...requests)}–${Math.max(...requests)}`,
        target: 'a few',
        verdict: Math.max(...requests) <= 3 ? 'ok' : 'miss',
      },
      { bench: 'publisher', case: label, figure: 'first call → hub holds final bill, p50 (max)', value: `${ms(final.p50)} (${ms(final.max)})` },
      {
        bench: 'publisher',
        case: label,
        figure: 'calls return | all resolved, p50',
        value: `${ms(summarize(bursts.map((b) => b.callsReturnMs)).p50)} | ${ms(summarize(bursts.map((b) => b.allResolvedMs)).p50)}`,
      },
      {
        bench: 'publisher',
        case: label,
        figure: 'all ok | coalesced | display renders',
        value: `${bursts.every((b) => b.allOk) ? 'yes' : 'NO'} | ${bursts[0]!.coalesced} | ${bursts[0]!.eventsSeen}`,
      },
      { bench: 'publisher', case: `naive: ${calls} awaited POSTs`, figure: 'requests | hub holds final bill', value: `${naive.requestsSent} | ${ms(naive.finalStateMs)}` },
    ];
    return { rows, data: { calls, rounds, bursts, naive } };
  } finally {
    stream.close();
    await stopChild(hub.child);
  }
}
