/**
 * The hub over real HTTP on an ephemeral 127.0.0.1 port, spoken to as the original cashier
 * app and the original display would.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { billWith, QRIS_PAYMENT, SEED_BILL, SEED_SHOW_MODAL } from '../support/fixtures.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';

async function withHub(options: Parameters<typeof startHubServer>[0], run: (hub: RunningHub) => Promise<void>) {
  const hub = await startHubServer({ port: 0, heartbeatMs: 0, ...options });
  try {
    await run(hub);
  } finally {
    await hub.close();
  }
}

/** Opens a stream and waits until its opening (connected + snapshot) has arrived. */
async function connect(hub: RunningHub, query = '', headers: Record<string, string> = {}): Promise<SseStream> {
  const stream = await openSse(`${hub.url}${API}/stream${query}`, headers);
  await stream.waitFor((e) => e.event === 'connected');
  return stream;
}

describe('hub: seed endpoints and replies', () => {
  let hub: RunningHub;
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0 });
  });
  after(() => hub.close());

  it('answers the seed bill payload with the seed reply', async () => {
    const reply = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.status, 'success');
    assert.equal(reply.body.message, 'Bill updated');
    assert.equal(typeof reply.body.clients, 'number');
  });

  it('answers show-modal, hide-modal and an empty clear with status success', async () => {
    for (const [path, body] of [
      ['show-modal', SEED_SHOW_MODAL],
      ['hide-modal', { modal_type: 'payment' }],
      ['clear', undefined],
    ] as const) {
      const reply = await postJson(`${hub.url}${API}/${path}`, body);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.body.status, 'success', path);
    }
  });

  it('accepts a bodiless clear without Content-Type, as Python requests.post(url) sends it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${hub.url}${API}/clear`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
  });

  it('serves health JSON at / and at /api/customer-display/health', async () => {
    for (const path of ['/', `${API}/health`]) {
      const response = await fetch(`${hub.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal((await response.json()).status, 'ok', path);
    }
  });

  it('streams text/event-stream, readable cross-origin, starting with retry and connected', async () => {
    const stream = await connect(hub);
    assert.match(String(stream.response.headers['content-type']), /^text\/event-stream/);
    assert.equal(stream.response.headers['access-control-allow-origin'], '*');
    assert.equal(stream.response.headers['cache-control'], 'no-cache, no-transform');
    const connected = stream.events[0]!;
    assert.equal(connected.event, 'connected');
    assert.ok(connected.retry! > 0, 'retry: is sent');
    assert.equal((connected.data as { status: string }).status, 'ok');
    stream.close();
  });
});

describe('hub: fan-out and snapshots', () => {
  it('delivers every event to each of 3 streams, in order, with increasing ids', () =>
    withHub({}, async (hub) => {
      const streams = await Promise.all([connect(hub), connect(hub), connect(hub)]);
      const posts = [
        ['update-bill', billWith(1)],
        ['update-bill', billWith(2)],
        ['show-modal', SEED_SHOW_MODAL],
        ['hide-modal', { modal_type: 'payment' }],
        ['clear', {}],
      ] as const;
      for (const [path, body] of posts) {
        const reply = await postJson(`${hub.url}${API}/${path}`, body);
        assert.equal(reply.status, 200);
        assert.equal(reply.body.clients, 3, 'the reply counts every connected display');
      }
      for (const stream of streams) {
        await stream.waitFor((e) => e.event === 'clear');
        const live = stream.events.slice(1);
        assert.deepEqual(
          live.map((e) => e.event),
          ['bill-update', 'bill-update', 'modal-show', 'modal-hide', 'clear'],
        );
        const ids = live.map((e) => Number(e.id));
        assert.ok(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]!)), `ids increase: ${ids}`);
        assert.deepEqual((live[1]!.data as { items: unknown[] }).items.length, 2);
        stream.close();
      }
    }));

  it('sends a new stream connected, then the bill, then the visible modal', () =>
    withHub({}, async (hub) => {
      await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
      await postJson(`${hub.url}${API}/show-modal`, SEED_SHOW_MODAL);
      const stream = await connect(hub);
      const modal = await stream.waitFor((e) => e.event === 'modal-show');
      assert.deepEqual(
        stream.events.map((e) => e.event),
        ['connected', 'bill-update', 'modal-show'],
      );
      const bill = stream.events[1]!.data as typeof SEED_BILL & { updated_at: number };
      assert.deepEqual({ ...bill, updated_at: undefined }, { ...SEED_BILL, updated_at: undefined });
      assert.equal(typeof bill.updated_at, 'number');
      assert.deepEqual(modal.data, { visible: true, ...SEED_SHOW_MODAL });
      stream.close();
    }));

  it('rejects an invalid body with 400 naming the field, and changes nothing', () =>
    withHub({}, async (hub) => {
      await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
      const watcher = await connect(hub);
      const invalid = [
        [{ ...SEED_BILL, bill_id: undefined }, 'bill_id'],
        [{ ...SEED_BILL, items: 'oops' }, 'items'],
        [{ ...SEED_BILL, total: -5 }, 'total'],
        [{ ...SEED_BILL, items: [{ name: 'x', quantity: 'many', subtotal: 1 }] }, 'items.0.quantity'],
      ] as const;
      for (const [body, field] of invalid) {
        const reply = await postJson(`${hub.url}${API}/update-bill`, body);
        assert.equal(reply.status, 400);
        assert.equal(reply.body.status, 'error');
        assert.equal(reply.body.field, field);
        assert.match(reply.body.message, new RegExp(field.replace('.', '\\.')));
      }
      const fresh = await connect(hub);
      const snapshot = await fresh.waitFor((e) => e.event === 'bill-update');
      assert.equal((snapshot.data as { total: number }).total, SEED_BILL.total, 'the previous bill is still the state');
      assert.equal(watcher.events.length, 2, 'no event was broadcast for the rejected bodies');
      watcher.close();
      fresh.close();
    }));

  it('after clear, a new stream gets no bill and no modal', () =>
    withHub({}, async (hub) => {
      await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
      await postJson(`${hub.url}${API}/show-modal`, SEED_SHOW_MODAL);
      await postJson(`${hub.url}${API}/clear`, {});
      const stream = await connect(hub);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(
        stream.events.map((e) => e.event),
        ['connected'],
      );
      stream.close();
    }));

  it('sends ping heartbeats at the configured interval', () =>
    withHub({ heartbeatMs: 40 }, async (hub) => {
      const stream = await connect(hub);
      const ping = await stream.waitFor((e) => e.event === 'ping', 2000);
      assert.equal(typeof (ping.data as { timestamp: number }).timestamp, 'number');
      assert.equal(ping.id, undefined, 'heartbeats carry no id: they are not replayable');
      assert.equal((stream.events[0]!.data as { heartbeat_ms: number }).heartbeat_ms, 40);
      stream.close();
    }));
});

describe('hub: payment (our extension)', () => {
  it('broadcasts payment-update, includes it in snapshots, and clear removes it', () =>
    withHub({}, async (hub) => {
      const live = await connect(hub);
      const reply = await postJson(`${hub.url}${API}/payment`, QRIS_PAYMENT);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.status, 'success');
      const event = await live.waitFor((e) => e.event === 'payment-update');
      assert.equal((event.data as typeof QRIS_PAYMENT).qr.payload, QRIS_PAYMENT.qr.payload);
      const fresh = await connect(hub);
      await fresh.waitFor((e) => e.event === 'payment-update');
      const invalid = await postJson(`${hub.url}${API}/payment`, { ...QRIS_PAYMENT, status: 'done' });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.field, 'status');
      await postJson(`${hub.url}${API}/clear`, {});
      const afterClear = await connect(hub);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(afterClear.events.map((e) => e.event), ['connected']);
      for (const stream of [live, fresh, afterClear]) stream.close();
    }));
});

describe('hub: resume by Last-Event-ID', () => {
  it('replays exactly the missed events when the buffer still holds them', () =>
    withHub({}, async (hub) => {
      const first = await connect(hub);
      await postJson(`${hub.url}${API}/update-bill`, billWith(1));
      const seen = await first.waitFor((e) => e.event === 'bill-update');
      first.close();
      await postJson(`${hub.url}${API}/update-bill`, billWith(2));
      await postJson(`${hub.url}${API}/show-modal`, SEED_SHOW_MODAL);
      const resumed = await connect(hub, '', { 'Last-Event-ID': seen.id! });
      await resumed.waitFor((e) => e.event === 'modal-show');
      assert.equal((resumed.events[0]!.data as { mode: string }).mode, 'resume');
      assert.deepEqual(
        resumed.events.map((e) => e.event),
        ['connected', 'bill-update', 'modal-show'],
      );
      assert.equal((resumed.events[1]!.data as { items: unknown[] }).items.length, 2);
      resumed.close();
    }));

  it('accepts the id in the query (new EventSource objects cannot set headers)', () =>
    withHub({}, async (hub) => {
      const reply = await postJson(`${hub.url}${API}/update-bill`, billWith(1));
      await postJson(`${hub.url}${API}/update-bill`, billWith(3));
      const resumed = await connect(hub, `?lastEventId=${reply.body.event_id}`);
      await resumed.waitFor((e) => e.event === 'bill-update');
      assert.equal((resumed.events[0]!.data as { mode: string }).mode, 'resume');
      assert.equal((resumed.events[1]!.data as { items: unknown[] }).items.length, 3);
      resumed.close();
    }));

  it('sends a snapshot when the gap is older than the buffer, or the id is unknown', () =>
    withHub({ historySize: 2 }, async (hub) => {
      for (let n = 1; n <= 5; n++) await postJson(`${hub.url}${API}/update-bill`, billWith(n));
      for (const lastId of ['1', '999', 'garbage']) {
        const stream = await connect(hub, '', { 'Last-Event-ID': lastId });
        const bill = await stream.waitFor((e) => e.event === 'bill-update');
        assert.equal((stream.events[0]!.data as { mode: string }).mode, 'snapshot', lastId);
        assert.equal((bill.data as { items: unknown[] }).items.length, 5);
        assert.equal(stream.events.length, 2, 'only the current state, not the history');
        stream.close();
      }
    }));
});

describe('hub: lanes', () => {
  it('keeps each lane its own state and displays', () =>
    withHub({}, async (hub) => {
      const till1 = await connect(hub, '?lane=till-1');
      const till2 = await connect(hub, '?lane=till-2');
      const reply = await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(2));
      assert.equal(reply.body.clients, 1);
      await till1.waitFor((e) => e.event === 'bill-update');
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(
        till2.events.map((e) => e.event),
        ['connected'],
      );
      const lanes = await (await fetch(`${hub.url}${API}/lanes`)).json();
      assert.deepEqual(
        lanes.lanes.map((l: { lane: string; clients: number }) => [l.lane, l.clients]).sort(),
        [
          ['till-1', 1],
          ['till-2', 1],
        ],
      );
      till1.close();
      till2.close();
    }));
});

describe('hub: lanes nobody uses are forgotten', () => {
  it('streams opened on made-up lanes do not use up the lane limit', () =>
    withHub({ maxReaderLanes: 3 }, async (hub) => {
      for (const lane of ['a', 'b', 'c', 'd', 'e']) {
        const stream = await connect(hub, `?lane=${lane}`);
        stream.close();
        await stream.ended;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const reply = await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1));
      assert.equal(reply.status, 200, 'a real till still gets its lane');
      // Only lanes streams opened count (the till's does not, since it shows a bill).
      const watchers = await Promise.all(['x', 'y', 'w'].map((lane) => connect(hub, `?lane=${lane}`)));
      const refused = await fetch(`${hub.url}${API}/stream?lane=z`);
      assert.equal(refused.status, 503, 'beyond the limit: a JSON 503, not a crash');
      const body = await refused.json();
      assert.equal(body.error, 'too_many_lanes');
      assert.match(body.message, /at most 3; raise it with --max-reader-lanes/);
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1))).status, 200, 'readers never lock a cashier out of a new lane');
      for (const watcher of watchers) watcher.close();
    }));
});

describe('hub: bad requests get JSON errors and change nothing', () => {
  it('404, 405, 415, 400 (bad JSON, bad UTF-8) and 413', () =>
    withHub({ maxBodyBytes: 1024 }, async (hub) => {
      const head = hub.hub.headEventId;
      const cases: Array<[string, RequestInit, number, string]> = [
        ['/elsewhere', {}, 404, 'not_found'],
        [`${API}/update-bill`, { method: 'GET' }, 405, 'method_not_allowed'],
        [`${API}/update-bill`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }, 415, 'unsupported_media_type'],
        [`${API}/update-bill`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"bill_id":' }, 400, 'invalid_json'],
        [
          `${API}/update-bill`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
          400,
          'invalid_utf8',
        ],
        [
          `${API}/update-bill`,
          { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...SEED_BILL, pad: 'x'.repeat(2000) }) },
          413,
          'body_too_large',
        ],
        [`${API}/show-modal`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"data":${'['.repeat(200)}${']'.repeat(200)}}` }, 400, 'too_deep'],
      ];
      for (const [path, init, status, code] of cases) {
        const response = await fetch(`${hub.url}${path}`, init);
        assert.equal(response.status, status, `${init.method ?? 'GET'} ${path}`);
        assert.match(String(response.headers.get('content-type')), /application\/json/);
        const body = await response.json();
        assert.equal(body.error, code);
        assert.doesNotMatch(JSON.stringify(body), /at .*\.ts:\d+/, 'no stack trace');
      }
      assert.equal(hub.hub.headEventId, head, 'no event was produced');
    }));
});

// Every Host, Origin, token, route and lane rule is a row in hub-api-decide.test.ts; these
// check the same rules end to end: the server's own names, headers on the wire, 204 preflights.
describe('hub: allowed origins and hosts, end to end', () => {
  it('by default refuses browser publishes from other origins, allows its own origin and servers', () =>
    withHub({}, async (hub) => {
      const foreign = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL, { headers: { Origin: 'http://drive-by.example' } });
      assert.equal(foreign.status, 403);
      assert.equal(foreign.body.error, 'origin_not_allowed');
      const own = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL, { headers: { Origin: hub.url } });
      assert.equal(own.status, 200, 'a page served by the hub itself (the Vite plugin) may publish');
      assert.equal((await postJson(`${hub.url}${API}/update-bill`, SEED_BILL)).status, 200, 'no Origin: a server-side cashier');
    }));

  it('bound to loopback, refuses other Host names (DNS rebinding), for reads and publishes', () =>
    withHub({ allowedHosts: ['pos.local'] }, async (hub) => {
      const ask = (host: string, method = 'GET', path = `${API}/health`) =>
        new Promise<number>((resolve, reject) => {
          const req = request(`${hub.url}${path}`, { method, headers: { Host: host, 'Content-Type': 'application/json' } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.end(method === 'POST' ? JSON.stringify(SEED_BILL) : undefined);
        });
      assert.equal(await ask('attacker.example'), 403);
      assert.equal(await ask('attacker.example:5000', 'POST', `${API}/update-bill`), 403);
      for (const host of [`127.0.0.1:${hub.port}`, `localhost:${hub.port}`, `display-3.localhost:${hub.port}`, '[::1]:5000', 'pos.local']) assert.equal(await ask(host), 200, host);
      assert.equal(hub.hub.state().bill, null, 'the refused publish changed nothing');
    }));

  it('refuses publishes from browser origins that are not allowed, and their preflight', () =>
    withHub({ allowOrigins: ['http://pos.local'] }, async (hub) => {
      const evil = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL, { headers: { Origin: 'http://evil.example' } });
      assert.equal(evil.status, 403);
      const good = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL, { headers: { Origin: 'http://pos.local' } });
      assert.equal(good.status, 200);
      assert.equal(good.headers.get('access-control-allow-origin'), 'http://pos.local');
      const server = await postJson(`${hub.url}${API}/clear`, {});
      assert.equal(server.status, 200, 'a server-side client (no Origin) is not affected');
      const preflight = (origin: string) =>
        fetch(`${hub.url}${API}/update-bill`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        });
      assert.equal((await preflight('http://evil.example')).status, 403);
      const ok = await preflight('http://pos.local');
      assert.equal(ok.status, 204);
      assert.match(String(ok.headers.get('access-control-allow-headers')), /Content-Type/);
    }));
});
