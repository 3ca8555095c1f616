/** The cashier-side publisher against a real hub over HTTP, and against no hub at all. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import sinon from 'sinon';
import * as broadcastHubModule from '../../src/hub/adapters/broadcast-hub.js';
import type { Command } from '../../src/protocol/index.js';
import { createDisplayPublisher, DisplayPublisher, type PublishFailure } from '../../src/publisher/publisher.js';
import { startHubServer } from '../../src/hub/node/server.js';
import { billWith, QRIS_PAYMENT, SEED_BILL } from '../support/fixtures.js';
import { freePort } from '../support/hub-process.js';
import { openSse } from '../support/sse-client.js';

const API = '/api/customer-display';

describe('publisher', () => {
  it('a burst of 1000 updateBill calls: two requests, the hub ends with the last bill', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0 });
    try {
      const stream = await openSse(`${hub.url}${API}/stream`);
      const publisher = createDisplayPublisher({ hub: hub.url });
      const results = await Promise.all(Array.from({ length: 1000 }, (_, n) => publisher.updateBill(billWith(1, { bill_number: `BURST-${n}` }))));
      assert.ok(results.every((result) => result.ok), 'every call resolved ok (its state was delivered by a later request)');
      // The first call goes at once; the other 999 wait behind it and coalesce into one.
      assert.equal(publisher.requestsSent, 2);
      assert.equal(results.filter((result) => !result.coalesced).length, 2);
      assert.equal((hub.hub.state().bill as { bill_number: string }).bill_number, 'BURST-999');
      await stream.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === 'BURST-999');
      const bills = stream.events.filter((e) => e.event === 'bill-update').map((e) => (e.data as { bill_number: string }).bill_number);
      assert.deepEqual(bills, ['BURST-0', 'BURST-999'], 'the display saw one event per request, not per call');
      stream.close();
    } finally {
      await hub.close();
    }
  });

  it('keeps order across kinds: a clear is never overtaken by an older bill update', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0 });
    try {
      const publisher = createDisplayPublisher({ hub: hub.url });
      const stream = await openSse(`${hub.url}${API}/stream`);
      void publisher.updateBill(billWith(1, { bill_number: 'FIRST' }));
      void publisher.updateBill(billWith(2, { bill_number: 'SECOND' }));
      void publisher.showModal({ modal_type: 'payment', data: { total: 1 } });
      void publisher.clear();
      void publisher.updateBill(billWith(1, { bill_number: 'NEXT-SALE' }));
      await publisher.idle();
      assert.equal((hub.hub.state().bill as { bill_number: string }).bill_number, 'NEXT-SALE');
      await stream.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === 'NEXT-SALE');
      const order = stream.events.slice(1).map((e) => (e.event === 'bill-update' ? (e.data as { bill_number: string }).bill_number : e.event));
      // FIRST was in flight; SECOND and the modal were still queued when the clear came, so
      // they were moot: nothing of the old sale reaches the display after its clear.
      assert.deepEqual(order, ['FIRST', 'clear', 'NEXT-SALE']);
      stream.close();
    } finally {
      await hub.close();
    }
  });

  it('hub down: every call resolves with ok false, nothing thrown, onError told once per failed request', async () => {
    const port = await freePort();
    const failures: PublishFailure[] = [];
    // A refused connection fails long before this deadline: the failures come from the requests.
    const publisher = createDisplayPublisher({ hub: `http://127.0.0.1:${port}`, timeoutMs: 10_000, onError: (failure) => failures.push(failure) });
    const results = await Promise.all([
      publisher.updateBill(SEED_BILL),
      publisher.showModal({ modal_type: 'payment' }),
      publisher.payment(QRIS_PAYMENT),
      publisher.hideModal(),
      publisher.clear(),
      ...Array.from({ length: 20 }, () => publisher.updateBill(SEED_BILL)),
    ]);
    assert.ok(results.every((result) => result.ok === false && result.status === 0 && typeof result.error === 'string' && result.error.length > 0));
    // The bill in flight, the payment (a clear leaves it: the thank-you shows its change), the
    // clear that made the modal moot, the last of the 20 bills.
    assert.equal(publisher.requestsSent, 4);
    assert.deepEqual(failures.map((failure) => [failure.ok, failure.command]), [[false, 'update-bill'], [false, 'payment'], [false, 'clear'], [false, 'update-bill']]);
  });

  it('a hub that accepts the connection but never answers: calls resolve as timed out, each reported once', async () => {
    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const failures: PublishFailure[] = [];
    try {
      const publisher = createDisplayPublisher({ hub: `http://127.0.0.1:${port}`, timeoutMs: 200, onError: (failure) => failures.push(failure) });
      const [first, second] = await Promise.all([publisher.updateBill(SEED_BILL), publisher.clear()]);
      assert.deepEqual(first, { ok: false, status: 0, error: 'no answer from the hub within 200 ms' });
      assert.deepEqual(second, { ok: false, status: 0, error: 'no answer from the hub within 200 ms' });
      await publisher.idle();
      assert.deepEqual(failures.map((f) => f.command), ['update-bill', 'clear'], 'each failure reported once');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('a fetch that never settles: every call resolves at timeoutMs, not before (fake clock)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const publisher = createDisplayPublisher({ hub: 'http://hub.invalid', timeoutMs: 700, fetch: () => new Promise<Response>(() => {}) });
      const settled: string[] = [];
      void publisher.updateBill(SEED_BILL).then((result) => settled.push(`bill ${result.error}`));
      await clock.tickAsync(300);
      void publisher.clear().then((result) => settled.push(`clear ${result.error}`));
      await clock.tickAsync(399);
      assert.deepEqual(settled, []);
      await clock.tickAsync(1);
      assert.deepEqual(settled, ['bill no answer from the hub within 700 ms']);
      await clock.tickAsync(299);
      assert.equal(settled.length, 1);
      await clock.tickAsync(1);
      assert.deepEqual(settled, ['bill no answer from the hub within 700 ms', 'clear no answer from the hub within 700 ms']);
    } finally {
      clock.restore();
    }
  });

  it('refuses invalid input without sending it, and reports HTTP errors with the hub message', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, token: 'secret' });
    try {
      const failures: PublishFailure[] = [];
      const anonymous = createDisplayPublisher({ hub: hub.url, onError: (f) => failures.push(f) });
      const invalid = await anonymous.updateBill({ ...SEED_BILL, total: -1 });
      assert.equal(invalid.ok, false);
      assert.match(invalid.error!, /total/);
      assert.equal(anonymous.requestsSent, 0);
      const unauthorized = await anonymous.updateBill(SEED_BILL);
      assert.deepEqual({ ok: unauthorized.ok, status: unauthorized.status }, { ok: false, status: 401 });
      assert.match(unauthorized.error!, /Bearer/);
      assert.deepEqual(failures.map((f) => f.command), ['update-bill', 'update-bill']);
      const authorized = createDisplayPublisher({ hub: `${hub.url}/`, token: 'secret', lane: 'till-9', onError: () => {
        throw new Error('a broken error handler must not break the sale');
      } });
      assert.equal((await authorized.updateBill(SEED_BILL)).ok, true);
      assert.equal(hub.hub.state('till-9').bill?.bill_id, SEED_BILL.bill_id);
      assert.equal((await authorized.payment({ ...QRIS_PAYMENT, status: 'nope' as never })).ok, false);
    } finally {
      await hub.close();
    }
  });

  it('an HTTP-only page does not carry the hub core: bundled with splitting, it is in a chunk loaded by import() only', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { metafile } = await build({ entryPoints: ['src/publisher/index.ts'], bundle: true, splitting: true, format: 'esm', outdir: 'out', write: false, metafile: true, absWorkingDir: root, logLevel: 'silent' });
    const entry = Object.keys(metafile.outputs).find((path) => metafile.outputs[path]!.entryPoint === 'src/publisher/index.ts')!;
    const loadedAtOnce = staticClosure(metafile, entry);
    const atOnce = inputsOf(metafile, loadedAtOnce);
    assert.ok(atOnce.has('src/publisher/publisher.ts'), 'the paths are the ones esbuild reports');
    for (const lazy of ['src/hub/hub.ts', 'src/hub/prompt-desk.ts', 'src/hub/adapters/broadcast-hub.ts']) assert.ok(!atOnce.has(lazy), `${lazy} is not loaded with the entry`);
    const later = inputsOf(metafile, Object.keys(metafile.outputs).filter((path) => !loadedAtOnce.has(path)));
    assert.ok(later.has('src/hub/hub.ts'), 'the hub core is in the bundle, behind an import()');
  });

  it('broadcast mode: calls made while the hub core loads wait for it (latest wins), then reach it in order', async () => {
    let loaded!: () => void;
    const loading = new Promise<void>((resolve) => (loaded = resolve));
    const published: Command[] = [];
    const publisher = new DisplayPublisher({ transport: 'broadcast', lane: 'lazy-wait', timeoutMs: 5000 }, {
      loadBroadcastHub: async () => {
        await loading;
        return { createBroadcastHub: (lane, options) => spyOnPublish(broadcastHubModule.createBroadcastHub(lane, options), published) };
      },
    });
    try {
      const calls = [publisher.updateBill(billWith(1, { bill_number: 'EARLY-1' })), publisher.updateBill(billWith(1, { bill_number: 'EARLY-2' })), publisher.clear(), publisher.updateBill(billWith(1, { bill_number: 'EARLY-3' }))];
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(published, [], 'nothing can be published before the hub is there');
      loaded();
      const results = await Promise.all(calls);
      assert.ok(results.every((result) => result.ok), JSON.stringify(results));
      // EARLY-1 was in flight (waiting for the load); the clear made EARLY-2 moot.
      assert.deepEqual(published.map(describeCommand), ['update-bill EARLY-1', 'clear', 'update-bill EARLY-3']);
      assert.equal(publisher.requestsSent, 3);
    } finally {
      publisher.close();
    }
  });

  it('broadcast mode, a hub core that cannot load: calls resolve ok false and are reported like any failed send; a later call loads it again', async () => {
    let broken = true;
    let loads = 0;
    const failures: PublishFailure[] = [];
    const published: Command[] = [];
    const publisher = new DisplayPublisher({ transport: 'broadcast', lane: 'lazy-fail', onError: (failure) => failures.push(failure) }, {
      loadBroadcastHub: async () => {
        loads++;
        if (broken) throw new Error('Failed to fetch dynamically imported module');
        return { createBroadcastHub: (lane, options) => spyOnPublish(broadcastHubModule.createBroadcastHub(lane, options), published) };
      },
    });
    try {
      const failed = await publisher.updateBill(billWith(1, { bill_number: 'LOST' }));
      assert.deepEqual(failed, { ok: false, status: 0, error: 'the broadcast hub could not start: Failed to fetch dynamically imported module' });
      assert.deepEqual(failures.map((failure) => [failure.command, failure.error]), [['update-bill', failed.error]]);
      assert.deepEqual(await publisher.ask({ prompt_id: 'lazy-tip', kind: 'confirm', text: 'Receipt?' }), { status: 'cancelled', reason: 'the hub cannot be reached' });
      broken = false;
      const loadsBefore = loads;
      assert.deepEqual(await publisher.updateBill(billWith(1, { bill_number: 'FOUND' })), { ok: true, status: 200 });
      assert.equal(loads, loadsBefore + 1, 'a failed load is tried again by the next call');
      assert.deepEqual(published.map(describeCommand), ['update-bill FOUND']);
      assert.equal(failures.length, 1);
    } finally {
      publisher.close();
    }
  });

  it('broadcast mode, closed while the hub core loads: it is never started, later calls fail as closed', async () => {
    let loaded!: () => void;
    const loading = new Promise<void>((resolve) => (loaded = resolve));
    let started = 0;
    const publisher = new DisplayPublisher({ transport: 'broadcast', lane: 'lazy-closed' }, {
      loadBroadcastHub: async () => {
        await loading;
        return { createBroadcastHub: (lane, options) => (started++, broadcastHubModule.createBroadcastHub(lane, options)) };
      },
    });
    const pending = publisher.updateBill(billWith(1));
    publisher.close();
    loaded();
    assert.deepEqual(await pending, { ok: false, status: 0, error: 'the publisher was closed' });
    assert.equal(started, 0, 'no channel left open');
  });
});

/** The outputs a page loads with `entry` before any `import()`. */
function staticClosure(metafile: Metafile, entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const imported of metafile.outputs[entry]!.imports) if (imported.kind === 'import-statement') staticClosure(metafile, imported.path, seen);
  return seen;
}

function inputsOf(metafile: Metafile, outputs: Iterable<string>): Set<string> {
  return new Set([...outputs].flatMap((output) => Object.keys(metafile.outputs[output]!.inputs)));
}

/** The real broadcast hub, its publishes recorded. */
function spyOnPublish(hub: broadcastHubModule.BroadcastHub, published: Command[]): broadcastHubModule.BroadcastHub {
  const publish = hub.publish.bind(hub);
  hub.publish = (command) => {
    published.push(command);
    publish(command);
  };
  return hub;
}

function describeCommand(command: Command): string {
  const billNumber = (command.body as { bill_number?: string }).bill_number;
  return billNumber ? `${command.command} ${billNumber}` : command.command;
}
