/**
 * The MSW mock and the real hub, given the same requests, answer the same replies and
 * stream the same events (one table, run against both). The mock runs in Node through
 * msw/node, which intercepts fetch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { billWith, QRIS_PAYMENT, SEED_BILL, SEED_SHOW_MODAL } from '../support/fixtures.js';
import { openFetchSse, type ReceivedEvent } from '../support/sse-client.js';

// msw's sse() wants an EventSource class to exist (the mock never uses it); Node 20 has
// none. Browsers do.
(globalThis as { EventSource?: unknown }).EventSource ??= class {};
const { setupServer } = await import('msw/node');
const { createMockHub } = await import('../../src/mocks/mock-hub.js');

const API = '/api/customer-display';
const MOCK_ORIGIN = 'http://mock-hub.test';

type Row = { name: string; method?: string; path: string; body?: string | Uint8Array; contentType?: string | null };
const json = (value: unknown) => JSON.stringify(value);

const TABLE: Row[] = [
  { name: 'seed bill', path: 'update-bill', body: json(SEED_BILL) },
  { name: 'bill with notes and numeric ids', path: 'update-bill', body: json(billWith(3)) },
  { name: 'seed show-modal', path: 'show-modal', body: json(SEED_SHOW_MODAL) },
  { name: 'payment', path: 'payment', body: json(QRIS_PAYMENT) },
  { name: 'hide-modal', path: 'hide-modal', body: json({ modal_type: 'payment' }) },
  { name: 'empty clear, no content type', path: 'clear', body: '', contentType: null },
  { name: 'no bill_id', path: 'update-bill', body: json({ ...SEED_BILL, bill_id: undefined }) },
  { name: 'items not an array', path: 'update-bill', body: json({ ...SEED_BILL, items: 'x' }) },
  { name: 'negative total', path: 'update-bill', body: json({ ...SEED_BILL, total: -1 }) },
  { name: 'bad payment status', path: 'payment', body: json({ ...QRIS_PAYMENT, status: 'done' }) },
  { name: 'bad JSON', path: 'update-bill', body: '{"bill_id":' },
  { name: 'invalid UTF-8', path: 'update-bill', body: new Uint8Array([0x7b, 0xff, 0x7d]) },
  { name: 'too deep', path: 'show-modal', body: `{"data":${'['.repeat(40)}${']'.repeat(40)}}` },
  { name: 'wrong content type', path: 'update-bill', body: json(SEED_BILL), contentType: 'text/plain' },
  { name: 'too large', path: 'update-bill', body: json({ ...SEED_BILL, pad: 'x'.repeat(300 * 1024) }) },
  { name: 'unknown endpoint', path: 'nope', body: '{}' },
  { name: 'wrong method', method: 'GET', path: 'update-bill' },
  { name: 'bad lane', path: 'update-bill?lane=../x', body: json(SEED_BILL) },
  { name: 'other lane', path: 'update-bill?lane=till-2', body: json(billWith(1)) },
  { name: 'void', path: 'clear', body: json({ reason: 'void' }) },
  { name: 'bill after void', path: 'update-bill', body: json(billWith(2)) },
];

/** The shopper's prompts: asked, refused, answered, answered again, cancelled (lane `p`). */
const PROMPT_TABLE: Row[] = [
  { name: 'tip prompt', path: 'prompt?lane=p', body: json({ ...SAMPLE_PROMPTS.tip, amount_base: 27750 }) },
  { name: 'invalid prompt', path: 'prompt?lane=p', body: json({ ...SAMPLE_PROMPTS.tip, presets: [] }) },
  { name: 'tip over the maximum', path: 'respond?lane=p', body: json({ prompt_id: 'tip-42', value: 999999 }) },
  { name: 'answer without prompt_id', path: 'respond?lane=p', body: json({ value: 1 }) },
  { name: 'tip answered', path: 'respond?lane=p', body: json({ prompt_id: 'tip-42', value: 4163 }) },
  { name: 'answered again', path: 'respond?lane=p', body: json({ prompt_id: 'tip-42', value: 0 }) },
  { name: 'cancel what is closed', path: 'cancel-prompt?lane=p', body: json({ prompt_id: 'tip-42' }) },
  { name: 'confirm prompt', path: 'prompt?lane=p', body: json(SAMPLE_PROMPTS.confirm) },
  { name: 'hostile email for a confirm', path: 'respond?lane=p', body: json({ prompt_id: 'bag-42', value: '<script>' }) },
  { name: 'cancelled', path: 'cancel-prompt?lane=p', body: json({ prompt_id: 'bag-42' }) },
  { name: 'respond with GET', method: 'GET', path: 'respond?lane=p' },
];

async function send(origin: string, row: Row) {
  const headers: Record<string, string> = {};
  if (row.contentType !== null) headers['Content-Type'] = row.contentType ?? 'application/json';
  const response = await fetch(`${origin}${API}/${row.path}`, { method: row.method ?? 'POST', headers, body: row.body as BodyInit | undefined });
  const body = await response.json();
  // Event ids differ between two hubs started at different times; their presence does not.
  if (typeof body.event_id === 'number') body.event_id = '<id>';
  return { status: response.status, type: response.headers.get('content-type')?.split(';')[0], body };
}

/** Events as a display sees them, ids replaced by their order (their values differ per hub). */
function normalize(events: ReceivedEvent[]) {
  const ids = [...new Set(events.map((e) => e.id).filter(Boolean))];
  return events
    .filter((e) => e.event !== 'ping')
    .map((e) => {
      const data = structuredClone(e.data) as Record<string, unknown>;
      if ('updated_at' in data) data.updated_at = '<time>';
      return { event: e.event, id: e.id ? `#${ids.indexOf(e.id)}` : undefined, data };
    });
}

describe('the MSW mock answers exactly as the hub', () => {
  let hub: RunningHub;
  const mock = createMockHub({ baseUrl: MOCK_ORIGIN, heartbeatMs: 0 });
  const server = setupServer(...mock.handlers);

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0 });
    server.listen({ onUnhandledRequest: 'bypass' });
  });
  after(async () => {
    server.close();
    mock.close();
    await hub.close();
  });

  it('same replies and same event sequences for the same requests', async () => {
    const hubStream = await openFetchSse(`${hub.url}${API}/stream`);
    const mockStream = await openFetchSse(`${MOCK_ORIGIN}${API}/stream`);
    await Promise.all([hubStream.waitFor((e) => e.event === 'connected'), mockStream.waitFor((e) => e.event === 'connected')]);
    for (const row of TABLE) {
      const [fromHub, fromMock] = [await send(hub.url, row), await send(MOCK_ORIGIN, row)];
      assert.deepEqual(fromMock, fromHub, row.name);
    }
    const last = (e: ReceivedEvent) => e.event === 'bill-update' && (e.data as { items: unknown[] }).items.length === 2;
    await Promise.all([hubStream.waitFor(last), mockStream.waitFor(last)]);
    assert.deepEqual(normalize(mockStream.events), normalize(hubStream.events));
    assert.equal(normalize(hubStream.events).length, 9, 'connected + 8 events of the default lane');

    // And a display connecting now gets the same snapshot from both.
    const [lateHub, lateMock] = [await openFetchSse(`${hub.url}${API}/stream`), await openFetchSse(`${MOCK_ORIGIN}${API}/stream`)];
    await Promise.all([lateHub.waitFor((e) => e.event === 'bill-update'), lateMock.waitFor((e) => e.event === 'bill-update')]);
    assert.deepEqual(normalize(lateMock.events), normalize(lateHub.events));
    for (const stream of [hubStream, mockStream, lateHub, lateMock]) stream.close();
  });

  it('same replies and events for the prompt endpoints, on the display and the cashier streams', async () => {
    const open = (origin: string, path: string) => openFetchSse(`${origin}${API}/${path}?lane=p`);
    const streams = [await open(hub.url, 'stream'), await open(MOCK_ORIGIN, 'stream'), await open(hub.url, 'responses'), await open(MOCK_ORIGIN, 'responses')];
    await Promise.all(streams.map((stream) => stream.waitFor((e) => e.event === 'connected')));
    for (const row of PROMPT_TABLE) {
      const [fromHub, fromMock] = [await send(hub.url, row), await send(MOCK_ORIGIN, row)];
      assert.deepEqual(fromMock, fromHub, row.name);
    }
    const [hubScreen, mockScreen, hubTill, mockTill] = streams as [typeof streams[0], typeof streams[0], typeof streams[0], typeof streams[0]];
    const cancelled = (e: ReceivedEvent) => (e.data as { prompt_id?: string; reason?: string }).prompt_id === 'bag-42' && e.event !== 'prompt-show';
    await Promise.all(streams.map((stream) => stream.waitFor(cancelled)));
    assert.deepEqual(normalize(mockScreen.events), normalize(hubScreen.events));
    assert.deepEqual(
      normalize(hubScreen.events).map((e) => e.event),
      ['connected', 'prompt-show', 'prompt-close', 'prompt-show', 'prompt-close'],
    );
    assert.deepEqual(normalize(mockTill.events), normalize(hubTill.events));
    assert.deepEqual(
      normalize(hubTill.events).map((e) => e.data),
      [
        { status: 'ok', lane: 'p' },
        { prompt_id: 'tip-42', status: 'answered', value: 4163 },
        { prompt_id: 'bag-42', status: 'cancelled', reason: 'cashier' },
      ],
    );
    for (const stream of streams) stream.close();
  });
});
