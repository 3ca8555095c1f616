/**
 * Reliability against hostile or broken input, and memory under many displays
 * (loopback only, bounded). Numbers are reported, not asserted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { startHubServer } from '../../src/hub/node/server.js';
import { COMMAND_SCHEMAS, type CommandName } from '../../src/protocol/index.js';
import { validateCommand } from '../../src/protocol/index.js';
import { billWith, QRIS_PAYMENT, SEED_BILL } from '../support/fixtures.js';
import { createFuzzer, type FuzzCase } from '../support/fuzz.js';
import { startHubProcess } from '../support/hub-process.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';
const FUZZ_CASES = 10_000;

/** Would a correct hub accept this case? (Then it is not hostile: skipped.) */
function acceptable(fuzz: FuzzCase): boolean {
  if (fuzz.contentType && !/^application\/json/.test(fuzz.contentType)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fuzz.body);
  } catch {
    return false;
  }
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === '[' || c === '{') max = Math.max(max, ++depth);
    if (c === ']' || c === '}') depth--;
  }
  if (max > 32) return false;
  try {
    return validateCommand(fuzz.path as CommandName, text.trim() ? JSON.parse(text) : {}).ok;
  } catch {
    return false;
  }
}

function send(base: URL, agent: Agent, fuzz: FuzzCase): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Length': String(fuzz.body.length) };
    if (fuzz.contentType) headers['Content-Type'] = fuzz.contentType;
    const req = request({ host: base.hostname, port: base.port, path: `${API}/${fuzz.path}`, method: 'POST', headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end(fuzz.body);
  });
}

describe('reliability: hostile input', () => {
  it(`${FUZZ_CASES} fuzzed bodies: no crash, every reply a 4xx JSON error, state unchanged`, async () => {
    const hub = await startHubProcess(['--log-level', 'error']);
    try {
      const baseline = await postJson(`${hub.url}${API}/update-bill`, billWith(3, { bill_number: 'BASELINE' }));
      assert.equal(baseline.status, 200);
      const watcher = await openSse(`${hub.url}${API}/stream`);
      await watcher.waitFor((e) => e.event === 'bill-update');
      const fuzzer = createFuzzer(20261125);
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const base = new URL(hub.url);
      const statuses = new Map<string, number>();
      const kinds = new Map<string, number>();
      let skipped = 0;
      const cases: FuzzCase[] = [];
      while (cases.length < FUZZ_CASES) {
        const fuzz = fuzzer.next();
        if (acceptable(fuzz)) skipped++;
        else cases.push(fuzz);
      }
      const started = performance.now();
      for (let i = 0; i < cases.length; i += 8) {
        const batch = cases.slice(i, i + 8);
        const replies = await Promise.all(batch.map((fuzz) => send(base, agent, fuzz)));
        for (const [j, reply] of replies.entries()) {
          const fuzz = batch[j]!;
          const where = `${fuzz.kind} → ${fuzz.path}: ${Buffer.from(fuzz.body).toString('utf8').slice(0, 120)}`;
          assert.ok(reply.status >= 400 && reply.status < 500, `${reply.status} for ${where}`);
          assert.match(reply.type, /^application\/json/, where);
          const body = JSON.parse(reply.body);
          assert.equal(body.status, 'error', where);
          assert.equal(typeof body.message, 'string', where);
          statuses.set(`${reply.status} ${body.error}`, (statuses.get(`${reply.status} ${body.error}`) ?? 0) + 1);
          kinds.set(fuzz.kind, (kinds.get(fuzz.kind) ?? 0) + 1);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      agent.destroy();
      const health = await (await fetch(`${hub.url}${API}/health`)).json();
      assert.equal(health.last_event_id, baseline.body.event_id, 'no event was produced');
      assert.equal(hub.child.exitCode, null, 'the hub is still running');
      const fresh = await openSse(`${hub.url}${API}/stream`);
      const bill = await fresh.waitFor((e) => e.event === 'bill-update');
      assert.equal((bill.data as { bill_number: string }).bill_number, 'BASELINE');
      assert.equal(watcher.events.filter((e) => e.event !== 'ping').length, 2, 'the connected display saw nothing but its snapshot');
      console.log(
        `fuzz: ${FUZZ_CASES} hostile bodies in ${seconds.toFixed(1)} s (${skipped} generated valid ones skipped); ` +
          `by kind ${JSON.stringify(Object.fromEntries(kinds))}; replies ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      watcher.close();
      fresh.close();
    } finally {
      hub.child.kill('SIGKILL');
    }
  });

  it('auth and origin matrix', async () => {
    const own = (url: string) => url;
    const matrix: Array<{ token?: string; allow?: string[]; auth?: string; origin?: 'own' | string; expect: number }> = [
      { expect: 200 },
      { origin: 'own', expect: 200 },
      { origin: 'http://drive-by.example', expect: 403 },
      { origin: 'null', expect: 403 },
      { allow: ['http://pos.local:8000'], origin: 'http://pos.local:8000', expect: 200 },
      { allow: ['http://pos.local:8000'], origin: 'http://pos.local:8001', expect: 403 },
      { allow: ['*'], origin: 'http://drive-by.example', expect: 200 },
      { token: 't0k3n', expect: 401 },
      { token: 't0k3n', auth: 'Bearer nope', expect: 401 },
      { token: 't0k3n', auth: 'Basic dDBrM246', expect: 401 },
      { token: 't0k3n', auth: 'Bearer t0k3n', expect: 200 },
      { token: 't0k3n', auth: 'bearer   t0k3n', expect: 200 },
      { token: 't0k3n', auth: 'Bearer t0k3n', origin: 'http://drive-by.example', expect: 403 },
      { token: 't0k3n', allow: ['http://pos.local:8000'], auth: 'Bearer t0k3n', origin: 'http://pos.local:8000', expect: 200 },
      { token: 't0k3n', allow: ['http://pos.local:8000'], origin: 'http://pos.local:8000', expect: 401 },
    ];
    for (const row of matrix) {
      const hub = await startHubServer({ port: 0, heartbeatMs: 0, token: row.token, allowOrigins: row.allow });
      try {
        const headers: Record<string, string> = {};
        if (row.auth) headers.Authorization = row.auth;
        if (row.origin) headers.Origin = row.origin === 'own' ? own(hub.url) : row.origin;
        for (const path of Object.keys(COMMAND_SCHEMAS)) {
          const body = path === 'update-bill' ? SEED_BILL : path === 'payment' ? QRIS_PAYMENT : {};
          const reply = await postJson(`${hub.url}${API}/${path}`, body, { headers });
          assert.equal(reply.status, row.expect, `${JSON.stringify(row)} → ${path}`);
          if (reply.status !== 200) assert.equal(reply.body.status, 'error');
        }
        const stream = await openSse(`${hub.url}${API}/stream`, row.origin ? { Origin: headers.Origin! } : {});
        await stream.waitFor((e) => e.event === 'connected');
        assert.equal(stream.response.headers['access-control-allow-origin'], '*', 'displays read the stream from anywhere, without credentials');
        stream.close();
        if (row.expect !== 200) assert.equal(hub.hub.state().bill, null, `${JSON.stringify(row)} changed nothing`);
      } finally {
        await hub.close();
      }
    }
  });

  it('refuses an endless body at the limit without reading it all', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, maxBodyBytes: 256 * 1024 });
    try {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const result = await new Promise<{ status: number; sentBytes: number }>((resolve, reject) => {
        let sentBytes = 0;
        let status = 0;
        const req = request(`${hub.url}${API}/update-bill`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          status = res.statusCode!;
          res.resume();
          res.on('end', () => resolve({ status, sentBytes }));
        });
        req.on('error', () => resolve({ status, sentBytes }));
        const pump = () => {
          // Up to 64 MiB; the hub should stop us long before.
          while (sentBytes < 64 * 1024 * 1024 && !status) {
            sentBytes += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!status) req.end();
        };
        pump();
        setTimeout(() => reject(new Error('no reply')), 10_000).unref();
      });
      assert.equal(result.status, 413);
      assert.ok(result.sentBytes < 16 * 1024 * 1024, `stopped after ${result.sentBytes} bytes`);
      console.log(`oversized body: 413 after the client had pushed ${(result.sentBytes / 1024).toFixed(0)} KiB of a 64 MiB body`);
      assert.equal(hub.hub.state().bill, null);
    } finally {
      await hub.close();
    }
  });

  it('closes a stream that stopped reading once its unsent buffer passes the limit; others keep up', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, maxStreamBufferBytes: 256 * 1024 });
    try {
      const stuck = connect(hub.port, '127.0.0.1');
      await new Promise((resolve) => stuck.once('connect', resolve));
      stuck.write(`GET ${API}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      stuck.pause(); // never reads again
      const healthy = await openSse(`${hub.url}${API}/stream`);
      await healthy.waitFor((e) => e.event === 'connected');
      const lanes = async () => (await (await fetch(`${hub.url}${API}/lanes`)).json()).lanes[0].clients as number;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await lanes(), 2);
      const big = billWith(1500); // ~100 KB per event
      let sent = 0;
      for (let n = 0; n < 400 && (await lanes()) === 2; n++) {
        await postJson(`${hub.url}${API}/update-bill`, { ...big, bill_number: `BIG-${n}` });
        sent = n + 1;
      }
      assert.equal(await lanes(), 1, 'the stuck stream was closed');
      await healthy.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === `BIG-${sent - 1}`, 10_000);
      console.log(`slow consumer: closed after ${sent} events of ~${Math.round(JSON.stringify(big).length / 1024)} KiB (limit 256 KiB + socket buffers)`);
      stuck.destroy();
      healthy.close();
    } finally {
      await hub.close();
    }
  });

  it('1000 idle streams: hub memory per stream (reported)', async () => {
    // 1020 streams from this test's one address: no per-address caps here.
    const hub = await startHubProcess(['--log-level', 'error', '--heartbeat', '15000', '--max-connections-per-address', '0', '--max-streams-per-address', '0']);
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hub.child.pid}/status`, 'utf8'))![1]) * 1024;
    const streams: SseStream[] = [];
    try {
      await postJson(`${hub.url}${API}/update-bill`, billWith(5));
      // Warm up allocation paths before measuring.
      for (let i = 0; i < 20; i++) streams.push(await openSse(`${hub.url}${API}/stream`));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = rss();
      for (let i = 0; i < 1000; i += 50) {
        streams.push(...(await Promise.all(Array.from({ length: 50 }, () => openSse(`${hub.url}${API}/stream`)))));
      }
      await Promise.all(streams.map((stream) => stream.waitFor((e) => e.event === 'bill-update', 10_000)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = rss();
      const health = await (await fetch(`${hub.url}${API}/health`)).json();
      assert.equal(health.clients, 1020);
      const perStream = (after - before) / 1000;
      console.log(`1000 idle streams: hub RSS ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB, ${(perStream / 1024).toFixed(1)} KiB per stream`);
    } finally {
      for (const stream of streams) stream.close();
      hub.child.kill('SIGKILL');
    }
  });
});
