/**
 * The connection attacks of the "nothing anyone on the shop's network sends can exhaust the
 * hub" issue, at the scale, against the built CLI with its default settings:
 *
 *   slow bodies    1500 connections each sending a POST body a byte every 5 s: how many are
 *                  still open after 45 s (from one address, and spread over 12 addresses)
 *   idle sockets   2000 connections that send nothing: how many accepted, and when cut
 *   unread streams 16 600 streams from one client, never read: how many accepted, hub RSS
 *
 *   npx tsx bench/abuse-connections.ts [--cli path/to/cli.js] [--quick] [only-these…]
 *
 * Not part of `npm run bench`: it takes ~2 minutes and measures a refusal, not a speed.
 * Everything is on 127.0.0.1 (and 127.0.0.2…: other loopback addresses stand for other
 * machines); every wait is bounded and every socket is closed at the end. `--cli` runs
 * another build (an older commit's, for the "before" figures).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { CLI, startHubProcess, type HubProcess } from '../test/support/hub-process.js';

const API = '/api/customer-display';
const args = process.argv.slice(2);
const cliIndex = args.indexOf('--cli');
const cli = cliIndex >= 0 ? resolve(args[cliIndex + 1]!) : CLI;
const quick = args.includes('--quick');
const only = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--cli');
const scale = quick ? 0.1 : 1;
const WATCH_MS = quick ? 15_000 : 45_000;

interface Tracked {
  socket: Socket;
  data: string;
  closedAt?: number;
}

const rss = (hub: HubProcess) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hub.child.pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Opens `count` connections in batches, spread round-robin over `addresses` loopback addresses. */
async function openMany(hub: HubProcess, count: number, addresses: number, first = ''): Promise<Tracked[]> {
  const all: Tracked[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, i) => {
      const localAddress = `127.0.0.${2 + ((start + i) % addresses)}`;
      return new Promise<Tracked>((done) => {
        const socket = connect({ port: hub.port, host: '127.0.0.1', localAddress });
        const tracked: Tracked = { socket, data: '' };
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (tracked.data += chunk));
        socket.on('error', () => {});
        socket.once('close', () => (tracked.closedAt ??= performance.now()));
        socket.once('connect', () => {
          if (first) socket.write(first);
          done(tracked);
        });
        socket.once('error', () => done(tracked));
      });
    });
    all.push(...(await Promise.all(batch)));
  }
  return all;
}

function statuses(tracked: Tracked[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { data } of tracked) {
    const status = /^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 'none';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** Waits until every connection is closed or `ms` passed; how many are open then, and when the last closed. */
async function watch(tracked: Tracked[], since: number, ms: number): Promise<{ open: number; lastClosedS: string }> {
  const deadline = since + ms;
  while (performance.now() < deadline && tracked.some((t) => t.closedAt === undefined)) await sleep(200);
  const closed = tracked.filter((t) => t.closedAt !== undefined).map((t) => t.closedAt! - since);
  return { open: tracked.length - closed.length, lastClosedS: closed.length ? (Math.max(...closed) / 1000).toFixed(1) : '-' };
}

async function withHub<T>(flags: string[], run: (hub: HubProcess) => Promise<T>): Promise<T> {
  const hub = await startHubProcess(['--log-level', 'error', ...flags], {}, cli);
  try {
    return await run(hub);
  } finally {
    hub.child.kill('SIGKILL');
    await hub.exited;
  }
}

async function slowBodies(addresses: number): Promise<void> {
  const count = Math.round(1500 * scale);
  await withHub([], async (hub) => {
    const body = JSON.stringify({ items: [], total: 0, note: 'x'.repeat(100) });
    const head = `POST ${API}/update-bill HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const started = performance.now();
    const tracked = await openMany(hub, count, addresses, head);
    let sent = 0;
    const drip = setInterval(() => {
      for (const { socket } of tracked) if (!socket.destroyed) socket.write(body[sent]!);
      sent++;
    }, 5000);
    try {
      const { open, lastClosedS } = await watch(tracked, started, WATCH_MS);
      console.log(`slow bodies, ${count} from ${addresses} address(es): ${open} still open after ${WATCH_MS / 1000} s; answers ${JSON.stringify(statuses(tracked))}; last cut at ${lastClosedS} s; hub RSS ${rss(hub).toFixed(0)} MiB`);
    } finally {
      clearInterval(drip);
      for (const { socket } of tracked) socket.destroy();
    }
  });
}

async function idleSockets(addresses: number): Promise<void> {
  const count = Math.round(2000 * scale);
  await withHub([], async (hub) => {
    const started = performance.now();
    const tracked = await openMany(hub, count, addresses);
    await sleep(500);
    const refusedAtOnce = tracked.filter((t) => t.closedAt !== undefined).length;
    try {
      const { open, lastClosedS } = await watch(tracked, started, WATCH_MS);
      console.log(`idle sockets, ${count} from ${addresses} address(es): ${count - refusedAtOnce} accepted, ${refusedAtOnce} refused at once; ${open} still open after ${WATCH_MS / 1000} s; answers ${JSON.stringify(statuses(tracked))}; last cut at ${lastClosedS} s`);
    } finally {
      for (const { socket } of tracked) socket.destroy();
    }
  });
}

async function unreadStreams(): Promise<void> {
  const count = Math.round(16_600 * scale);
  await withHub(['--heartbeat', '15000'], async (hub) => {
    const before = rss(hub);
    const tracked: Tracked[] = [];
    for (let start = 0; start < count; start += 200) {
      const batch = await openMany(hub, Math.min(200, count - start), 1, '');
      batch.forEach((t, i) => t.socket.write(`GET ${API}/stream?lane=invented-${start + i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
      const deadline = performance.now() + 10_000;
      while (performance.now() < deadline && batch.some((t) => !t.data && t.closedAt === undefined)) await sleep(20);
      // Refused ones are closed by the hub; only the accepted streams stay (never read).
      tracked.push(...batch.filter((t) => t.closedAt === undefined));
      for (const t of batch) if (t.closedAt !== undefined) t.data = t.data.slice(0, 20);
      tracked.push(...batch.filter((t) => t.closedAt !== undefined));
    }
    await sleep(1000);
    const health = (await (await fetch(`${hub.url}${API}/health`)).json()) as { clients: number };
    console.log(`unread streams, ${count} from one address: ${health.clients} accepted; answers ${JSON.stringify(statuses(tracked))}; hub RSS ${before.toFixed(0)} → ${rss(hub).toFixed(0)} MiB`);
    for (const { socket } of tracked) socket.destroy();
  });
}

const CASES: Record<string, () => Promise<void>> = {
  'slow-bodies': async () => {
    await slowBodies(1);
    await slowBodies(12);
  },
  'idle-sockets': async () => {
    await idleSockets(1);
    await idleSockets(16);
  },
  'unread-streams': unreadStreams,
};

const stop = setTimeout(() => {
  console.error('abuse-connections: over 10 minutes, stopping');
  process.exit(1);
}, 600_000);
stop.unref();
for (const [name, run] of Object.entries(CASES)) if (!only.length || only.includes(name)) await run();
