/** The cashier-side publisher against a real hub over HTTP, and against no hub at all. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { createDisplayPublisher, type PublishFailure } from '../../src/publisher/publisher.js';
import { startHubServer } from '../../src/hub/server.js';
import { billWith, QRIS_PAYMENT, SEED_BILL } from '../support/fixtures.js';
import { freePort } from '../support/hub-process.js';
import { openSse } from '../support/sse-client.js';

const API = '/api/customer-display';

describe('publisher', () => {
  it('a burst of 1000 updateBill calls: a few requests, the hub ends with the last bill', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0 });
    try {
      const stream = await openSse(`${hub.url}${API}/stream`);
      const publisher = createDisplayPublisher({ hub: hub.url });
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 1000 }, (_, n) => publisher.updateBill(billWith(1, { bill_number: `BURST-${n}` }))));
      const elapsed = performance.now() - started;
      assert.ok(results.every((result) => result.ok), 'every call resolved ok (its state was delivered by a later request)');
      assert.equal(results.filter((result) => !result.coalesced).length, publisher.requestsSent);
      assert.ok(publisher.requestsSent <= 3, `sent ${publisher.requestsSent} requests`);
      assert.equal((hub.hub.state().bill as { bill_number: string }).bill_number, 'BURST-999');
      await stream.waitFor((e) => (e.data as { bill_number?: string })?.bill_number === 'BURST-999');
      const bills = stream.events.filter((e) => e.event === 'bill-update').map((e) => (e.data as { bill_number: string }).bill_number);
      assert.equal(bills.length, publisher.requestsSent, 'the display saw one event per request, not per call');
      console.log(`publisher burst: 1000 calls → ${publisher.requestsSent} requests, final state on the hub after ${elapsed.toFixed(1)} ms`);
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
      assert.deepEqual(order.slice(-2), ['clear', 'NEXT-SALE']);
      assert.ok(!order.includes('SECOND') || order.indexOf('SECOND') < order.indexOf('clear'));
      stream.close();
    } finally {
      await hub.close();
    }
  });

  it('hub down: every call resolves within timeoutMs with ok false, nothing thrown, onError told', async () => {
    const port = await freePort();
    const failures: PublishFailure[] = [];
    const publisher = createDisplayPublisher({ hub: `http://127.0.0.1:${port}`, timeoutMs: 300, onError: (failure) => failures.push(failure) });
    const started = performance.now();
    const timings: number[] = [];
    const calls = [
      publisher.updateBill(SEED_BILL),
      publisher.showModal({ modal_type: 'payment' }),
      publisher.payment(QRIS_PAYMENT),
      publisher.hideModal(),
      publisher.clear(),
      ...Array.from({ length: 20 }, () => publisher.updateBill(SEED_BILL)),
    ].map((call) => call.then((result) => (timings.push(performance.now() - started), result)));
    const results = await Promise.all(calls);
    assert.ok(results.every((result) => result.ok === false && result.status === 0 && typeof result.error === 'string'));
    assert.ok(Math.max(...timings) < 300 + 150, `slowest call resolved after ${Math.max(...timings).toFixed(0)} ms`);
    assert.ok(failures.length > 0 && failures.every((failure) => failure.ok === false && failure.command));
  });

  it('a hub that accepts the connection but never answers: calls resolve at timeoutMs', async () => {
    const silent = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const failures: PublishFailure[] = [];
    try {
      const publisher = createDisplayPublisher({ hub: `http://127.0.0.1:${port}`, timeoutMs: 200, onError: (failure) => failures.push(failure) });
      const started = performance.now();
      const [first, second] = await Promise.all([publisher.updateBill(SEED_BILL), publisher.clear()]);
      const elapsed = performance.now() - started;
      assert.equal(first.ok, false);
      assert.equal(second.ok, false);
      assert.match(first.error!, /within 200 ms/);
      assert.ok(elapsed < 200 + 150, `resolved after ${elapsed.toFixed(0)} ms`);
      await publisher.idle();
      assert.deepEqual(failures.map((f) => f.command), ['update-bill', 'clear'], 'each failure reported once');
    } finally {
      silent.closeAllConnections();
      silent.close();
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
});
