/**
 * The admin page's live stream at scale (issue item 3): a hub with N lanes, `/admin/events`
 * open, a publish every 100 ms to one lane, and `/health` asked every 20 ms meanwhile. Every
 * change used to rebuild a snapshot of every lane (quadratic: 98 ms at 1000 lanes, 1.06 s at
 * 4000, 5.0 s at 8000 of blocked event loop per change); now one `change` of the lane goes out.
 *
 * Reports per N: /health latency p50/p99/max (max ≈ the longest event-loop block), publish
 * latency p50/p99, and the bytes the admin stream carried per publish. Runs the built CLI on
 * 127.0.0.1; every loop is bounded in count and time.
 *
 *   npx tsx bench/admin-stream.ts                      # 1000,4000,8000,16000 lanes, 5 s each
 *   npx tsx bench/admin-stream.ts --lanes 1000,4000 --seconds 3 --cli /path/to/old/dist/hub/cli.js
 */
import { request, Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { startHubProcess, CLI } from '../test/support/hub-process.js';
import { billWith } from '../test/support/fixtures.js';

const API = '/api/customer-display';
const ADMIN = 'admin-token-bench-0001';
const { values } = parseArgs({
  options: {
    lanes: { type: 'string', default: '1000,4000,8000,16000' },
    seconds: { type: 'string', default: '5' },
    cli: { type: 'string', default: CLI },
  },
});
const LANE_COUNTS = values.lanes.split(',').map(Number);
const SECONDS = Number(values.seconds);
/** No single request may hang the bench: the old hub blocks for seconds per change. */
const REQUEST_TIMEOUT_MS = 60_000;

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, agent, timeout: REQUEST_TIMEOUT_MS, headers: text ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(text);
  });
}

/** The admin stream's bytes and its `change`/`snapshot` events, as they arrive. */
function openAdminStream(base: string): Promise<{ bytes: () => number; events: () => string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let text = '';
    const events: string[] = [];
    const req = request(`${base}${API}/admin/events?key=${ADMIN}`, { headers: { Accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        text += chunk;
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const event = /^event: (.*)$/m.exec(text.slice(0, end))?.[1];
          if (event) events.push(event);
          text = text.slice(end + 2);
        }
      });
      resolve({ bytes: () => bytes, events: () => events, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
};
const f = (ms: number) => `${ms.toFixed(1)} ms`;

async function measure(lanes: number) {
  const hub = await startHubProcess(['--admin-token', ADMIN, '--max-lanes', String(lanes + 1000), '--heartbeat', '0'], {}, values.cli);
  try {
    const bill = billWith(2);
    // The lanes, before the admin page opens (eight at a time).
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < lanes) {
          const lane = `lane-${next++}`;
          const { status } = await call(hub.url, 'POST', `${API}/update-bill?lane=${lane}`, bill);
          if (status !== 200) throw new Error(`publishing ${lane}: ${status}`);
        }
      }),
    );
    const admin = await openAdminStream(hub.url);
    const opened = performance.now();
    while (!admin.events().includes('snapshot') && performance.now() - opened < REQUEST_TIMEOUT_MS) await new Promise((r) => setTimeout(r, 10));
    const snapshotMs = performance.now() - opened;
    const bytesBefore = admin.bytes();

    const health: number[] = [];
    const publishes: number[] = [];
    const stopAt = performance.now() + SECONDS * 1000;
    const probe = (async () => {
      while (performance.now() < stopAt) {
        health.push((await call(hub.url, 'GET', `${API}/health`)).ms);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const publisher = (async () => {
      for (let i = 0; performance.now() < stopAt; i++) {
        const tick = performance.now();
        publishes.push((await call(hub.url, 'POST', `${API}/update-bill?lane=lane-${(i * 7919) % lanes}`, { ...bill, bill_number: `B-${i}` })).ms);
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - tick))));
      }
    })();
    await Promise.all([probe, publisher]);
    // The last debounced change.
    await new Promise((r) => setTimeout(r, 500));
    const carried = admin.bytes() - bytesBefore;
    const messages = admin.events().length - 1;
    admin.close();
    return {
      lanes,
      snapshotMs,
      health: { n: health.length, p50: percentile(health, 50), p99: percentile(health, 99), max: Math.max(...health) },
      publish: { n: publishes.length, p50: percentile(publishes, 50), p99: percentile(publishes, 99) },
      adminBytesPerPublish: carried / publishes.length,
      adminMessages: messages,
    };
  } finally {
    hub.child.kill('SIGKILL');
    await hub.exited;
  }
}

console.log(`admin stream bench: ${values.cli}, ${SECONDS} s per size, a publish every 100 ms, /health every 20 ms`);
console.log('| lanes | snapshot | /health p50 | /health p99 | /health max | publish p50 | publish p99 | admin bytes/publish | admin messages |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const lanes of LANE_COUNTS) {
  const r = await measure(lanes);
  console.log(
    `| ${r.lanes} | ${f(r.snapshotMs)} | ${f(r.health.p50)} | ${f(r.health.p99)} | ${f(r.health.max)} | ${f(r.publish.p50)} | ${f(r.publish.p99)} | ${Math.round(r.adminBytesPerPublish)} B | ${r.adminMessages} (${r.publish.n} publishes) |`,
  );
}
agent.destroy();
