/**
 * Abuse of the hub's connections, at small scale with small caps and short deadlines:
 * bodies sent a byte at a time, sockets that send nothing, one address opening more
 * connections or streams than a shop's machine ever needs. Each attack is bounded in count
 * and time, from 127.0.0.1 (and 127.0.0.2, to show another address is unaffected).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { billWith } from '../support/fixtures.js';
import { startHubProcess } from '../support/hub-process.js';

const API = '/api/customer-display';
const BILL = JSON.stringify(billWith(2));

interface RawConnection {
  readonly socket: Socket;
  /** What the hub sent so far. */
  sofar(): string;
  /** Everything the hub sent, once it closed the connection. */
  readonly received: Promise<string>;
  /** When the hub closed the connection (ms since it was opened). */
  readonly closedAfter: Promise<number>;
}

/** Every raw connection is cut by the test itself after this long: a hub that never closes one fails the test instead of hanging it. */
const CONNECTION_LIFETIME_MS = 8000;

/** A TCP connection to the hub that writes `text` (if any) once connected. */
function rawConnection(hub: { port: number }, text = '', localAddress = '127.0.0.1'): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    const socket = connect({ port: hub.port, host: '127.0.0.1', localAddress });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {}); // a reset is a close too
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const lifetime = setTimeout(() => socket.destroy(), CONNECTION_LIFETIME_MS);
    void closed.then(() => clearTimeout(lifetime));
    socket.once('connect', () => {
      if (text) socket.write(text);
      resolve({ socket, sofar: () => data, received: closed.then(() => data), closedAfter: closed.then(() => performance.now() - opened) });
    });
    socket.once('error', reject);
  });
}

const postHead = (bytes: number) => `POST ${API}/update-bill HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`;
const streamRequest = (lane: string) => `GET ${API}/stream?lane=${lane} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`;

/** The JSON body of a raw HTTP response. */
function jsonBody(response: string): { status: string; error: string; message: string } {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

/** A POST of the bill from `localAddress`, on its own connection: the status it got. */
function publishFrom(hub: { port: number }, localAddress: string, lane = 'default'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ port: hub.port, host: '127.0.0.1', localAddress, method: 'POST', path: `${API}/update-bill?lane=${lane}`, agent: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode!));
    });
    req.once('error', reject);
    req.end(BILL);
  });
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withHub(options: Parameters<typeof startHubServer>[0], run: (hub: RunningHub) => Promise<void>): Promise<void> {
  const hub = await startHubServer({ port: 0, heartbeatMs: 0, logger: undefined, ...options });
  try {
    await run(hub);
  } finally {
    await hub.close();
  }
}

describe('abuse: request deadlines', () => {
  it('bodies sent a byte at a time are cut with 408 after --request-timeout, and change nothing', async () => {
    await withHub({ requestTimeoutMs: 1000 }, async (hub) => {
      const slow = await Promise.all(Array.from({ length: 20 }, () => rawConnection(hub, postHead(BILL.length))));
      // A byte every 250 ms: always busy, never done.
      let sent = 0;
      const drip = setInterval(() => {
        for (const { socket } of slow) if (socket.writable) socket.write(BILL[sent]!);
        sent++;
      }, 250);
      try {
        const times = await Promise.all(slow.map((c) => c.closedAfter));
        const responses = await Promise.all(slow.map((c) => c.received));
        for (const response of responses) {
          assert.match(response, /^HTTP\/1\.1 408 Request Timeout\r\n/);
          assert.deepEqual(jsonBody(response), { status: 'error', error: 'request_timeout', message: "a request's headers and body must arrive within 1 s (--request-timeout)" });
        }
        // Cut at the deadline, checked every 250 ms: never the 30 s node:http would have taken.
        assert.ok(Math.max(...times) < 2000, `cut after ${Math.max(...times).toFixed(0)} ms`);
        assert.ok(Math.min(...times) >= 900, `cut after ${Math.min(...times).toFixed(0)} ms`);
        assert.ok(sent < BILL.length, 'the body was never complete');
      } finally {
        clearInterval(drip);
      }
      assert.equal(hub.hub.state().bill, null, 'no bill was published');
      await until(() => hub.connectionsFrom('127.0.0.1') === 0, 1000, 'the cut connections to be forgotten');
    });
  });

  it('connections that send nothing, or half a request line, are cut; an idle kept-alive one after --keep-alive-timeout', async () => {
    await withHub({ requestTimeoutMs: 600, keepAliveTimeoutMs: 300 }, async (hub) => {
      const silent = await Promise.all(Array.from({ length: 20 }, () => rawConnection(hub)));
      const halfLine = await rawConnection(hub, `GET ${API}/hea`);
      const keptAlive = await rawConnection(hub, `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      for (const time of await Promise.all(silent.map((c) => c.closedAfter))) assert.ok(time >= 550 && time < 1500, `silent socket cut after ${time.toFixed(0)} ms`);
      assert.match(await halfLine.received, /^HTTP\/1\.1 408 /);
      const keptAliveAfter = await keptAlive.closedAfter;
      assert.match(await keptAlive.received, /^HTTP\/1\.1 200 OK\r\n/);
      // node:http advertises the timeout and waits one more second before closing, so a client
      // reusing the socket at the last moment is not cut mid-request.
      assert.ok(keptAliveAfter >= 250 && keptAliveAfter < 300 + 1000 + 500, `idle kept-alive socket cut after ${keptAliveAfter.toFixed(0)} ms`);
    });
  });

  it('a display stream is a complete request: it outlives both deadlines and still gets bills', async () => {
    await withHub({ requestTimeoutMs: 300, keepAliveTimeoutMs: 200 }, async (hub) => {
      const display = await rawConnection(hub, streamRequest('default'));
      let closed = false;
      void display.closedAfter.then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      assert.equal(closed, false, 'the stream was cut');
      assert.equal(await publishFrom(hub, '127.0.0.1'), 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      display.socket.destroy();
      assert.match(await display.received, /^HTTP\/1\.1 200 OK\r\n[^]*event: bill-update\n/);
    });
  });
});

describe('abuse: connections per address', () => {
  it('beyond --max-connections-per-address: 503, closed unread (a POST on it publishes nothing); another address is unaffected; a closed one frees its slot', async () => {
    await withHub({ maxConnectionsPerAddress: 8, maxStreamsPerAddress: 4 }, async (hub) => {
      const held = await Promise.all(Array.from({ length: 8 }, () => rawConnection(hub)));
      await until(() => hub.connectionsFrom('127.0.0.1') === 8, 1000, '8 connections');
      // The 9th sends a whole publish at once: it must not reach the hub.
      const extra = await Promise.all(Array.from({ length: 5 }, () => rawConnection(hub, postHead(BILL.length) + BILL)));
      for (const response of await Promise.all(extra.map((c) => c.received))) {
        assert.match(response, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
        assert.deepEqual(jsonBody(response), {
          status: 'error',
          error: 'too_many_connections',
          message: 'this address already holds 8 connections to the hub, the most allowed (--max-connections-per-address)',
        });
      }
      assert.equal(hub.hub.state().bill, null, 'the refused POST published nothing');
      assert.equal(hub.connectionsFrom('127.0.0.1'), 8);
      // The till on another machine still publishes.
      assert.equal(await publishFrom(hub, '127.0.0.2'), 200);
      assert.notEqual(hub.hub.state().bill, null);
      // One of the 8 goes away: its slot is free again.
      held[0]!.socket.destroy();
      await until(() => hub.connectionsFrom('127.0.0.1') === 7, 1000, 'the closed connection to be forgotten');
      assert.equal(await publishFrom(hub, '127.0.0.1', 'till-2'), 200);
      for (const { socket } of held) socket.destroy();
      await until(() => hub.connectionsFrom('127.0.0.1') === 0 && hub.connectionsFrom('127.0.0.2') === 0, 1000, 'every connection to be forgotten');
    });
  });
});

describe('abuse: over TLS', () => {
  it('a connection that never completes its handshake is cut after --request-timeout; beyond the per-address cap one is closed at once, saying nothing', async (t) => {
    if (spawnSync('openssl', ['version']).status !== 0) return t.skip('openssl is not installed');
    const dir = mkdtempSync(join(tmpdir(), 'abuse-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const tls = { cert: readFileSync(cert), key: readFileSync(key) };
    await withHub({ tls, requestTimeoutMs: 500, maxConnectionsPerAddress: 3, maxStreamsPerAddress: 2 }, async (hub) => {
      const silent = await Promise.all(Array.from({ length: 3 }, () => rawConnection(hub)));
      await until(() => hub.connectionsFrom('127.0.0.1') === 3, 1000, '3 connections');
      const refused = await rawConnection(hub, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.ok((await refused.closedAfter) < 300, 'refused at once');
      assert.equal(await refused.received, '', 'no plain text on a TLS port');
      // Another address is served meanwhile.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest({ port: hub.port, host: '127.0.0.1', localAddress: '127.0.0.2', path: `${API}/health`, ca: tls.cert, servername: 'localhost', headers: { Host: 'localhost' }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.once('error', reject);
        req.end();
      });
      assert.equal(status, 200);
      for (const time of await Promise.all(silent.map((c) => c.closedAfter))) assert.ok(time >= 450 && time < 1500, `handshake never started, cut after ${time.toFixed(0)} ms`);
      await until(() => hub.connectionsFrom('127.0.0.1') === 0, 1000, 'the cut connections to be forgotten');
    });
  });
});

describe('abuse: streams per address', () => {
  it('beyond --max-streams-per-address a stream gets 429; closed streams free their slots (the count returns to zero)', async () => {
    await withHub({ maxStreamsPerAddress: 5, maxConnectionsPerAddress: 20 }, async (hub) => {
      for (let round = 0; round < 2; round++) {
        const streams = await Promise.all(Array.from({ length: 5 }, (_, i) => rawConnection(hub, streamRequest(`lane-${i}`))));
        await until(() => hub.handler.streamsFrom('127.0.0.1') === 5, 1000, '5 streams');
        const refused = await rawConnection(hub, streamRequest('lane-9'));
        const response = await refused.received;
        assert.match(response, /^HTTP\/1\.1 429 Too Many Requests\r\n/);
        assert.match(response, /\r\nretry-after: 5\r\n/i);
        assert.deepEqual(jsonBody(response), {
          status: 'error',
          error: 'too_many_streams',
          message: 'this address already holds 5 open streams, the most allowed (--max-streams-per-address); close one first',
        });
        assert.equal(hub.hub.clientCount, 5, 'the refused stream is no display');
        // Another address opens its own.
        const other = await rawConnection(hub, streamRequest('lane-0'), '127.0.0.2');
        await until(() => hub.handler.streamsFrom('127.0.0.2') === 1, 1000, 'the other address\'s stream');
        for (const { socket } of [...streams, other]) socket.destroy();
        await until(() => hub.handler.streamsFrom('127.0.0.1') === 0 && hub.handler.streamsFrom('127.0.0.2') === 0, 1000, 'the stream count to return to zero');
        await until(() => hub.hub.clientCount === 0, 1000, 'no displays');
      }
    });
  });

  it('the built CLI: 1 000 unread streams from one client on invented lanes get 429 beyond the cap, and the hub\'s RSS stays flat', async () => {
    const hub = await startHubProcess(['--log-level', 'error', '--heartbeat', '0', '--max-streams-per-address', '50', '--max-connections-per-address', '100']);
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hub.child.pid}/status`, 'utf8'))![1]) * 1024;
    const held: RawConnection[] = [];
    try {
      const before = rss();
      const statuses = new Map<string, number>();
      for (let batch = 0; batch < 20; batch++) {
        const opened = await Promise.all(Array.from({ length: 50 }, (_, i) => rawConnection(hub, streamRequest(`invented-${batch}-${i}`))));
        // Each answer's status line: a 200 stream stays open and unread, a refusal is closed.
        await until(() => opened.every((c) => c.sofar().includes('\r\n') || c.socket.destroyed), 5000, 'every answer');
        for (const connection of opened) {
          const status = /^HTTP\/1\.1 (\d+)/.exec(connection.sofar())?.[1] ?? 'none';
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === '200') held.push(connection);
          else assert.ok(await connection.closedAfter, 'a refused stream\'s connection is closed');
        }
      }
      const health = (await (await fetch(`${hub.url}${API}/health`)).json()) as { clients: number };
      const after = rss();
      console.log(`1000 unread streams from one address, cap 50: ${JSON.stringify(Object.fromEntries(statuses))}, ${health.clients} displays, RSS ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB`);
      assert.equal(health.clients, 50);
      assert.equal(statuses.get('200'), 50);
      assert.equal((statuses.get('429') ?? 0) + (statuses.get('503') ?? 0), 950);
      assert.ok(held.every((c) => !c.socket.destroyed), 'the accepted streams stay open');
      assert.ok(after - before < 30 * 2 ** 20, `RSS grew by ${((after - before) / 2 ** 20).toFixed(1)} MiB`);
    } finally {
      for (const { socket } of held) socket.destroy();
      hub.child.kill('SIGKILL');
      await hub.exited;
    }
  });
});
