/**
 * The shopper's prompts on the real hub over HTTP: ask, show, answer (first one wins),
 * validation of hostile answers, timeout (on a fake clock), cancel, what closes a prompt,
 * who may do what, and that answers are never stored, journaled or replayed. The desk's
 * rules one by one, without sockets: `prompt-desk.test.ts`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/hub/node/logger.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { FakeClock } from '../support/fake-clock.js';
import { QRIS_PAYMENT, SEED_BILL } from '../support/fixtures.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';
const TIP = { ...SAMPLE_PROMPTS.tip, amount_base: 27750 };

async function display(hub: RunningHub, lane = 'till-1'): Promise<SseStream> {
  const stream = await openSse(`${hub.url}${API}/stream?lane=${lane}`);
  await stream.waitFor((e) => e.event === 'connected');
  return stream;
}

async function cashier(hub: RunningHub, lane = 'till-1', headers: Record<string, string> = {}): Promise<SseStream> {
  const stream = await openSse(`${hub.url}${API}/responses?lane=${lane}`, headers);
  await stream.waitFor((e) => e.event === 'connected');
  return stream;
}

const post = (hub: RunningHub, path: string, body: unknown, headers?: Record<string, string>) => postJson(`${hub.url}${API}/${path}`, body, { headers });
const respond = (hub: RunningHub, prompt_id: string, value: unknown, lane = 'till-1') => post(hub, `respond?lane=${lane}`, { prompt_id, value });

describe('prompts on the hub', () => {
  let hub: RunningHub;
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0 });
  });
  after(() => hub.close());

  it('shows a prompt, takes the first valid answer, closes it on every display and tells the cashier', async () => {
    const [screenA, screenB, till] = [await display(hub), await display(hub), await cashier(hub)];
    const asked = await post(hub, 'prompt?lane=till-1', TIP);
    assert.equal(asked.status, 200);
    assert.deepEqual(asked.body, { status: 'success', prompt_id: 'tip-42', clients: 2 });
    const shown = await screenA.waitFor((e) => e.event === 'prompt-show');
    assert.equal(shown.id, undefined, 'prompts carry no event id: they are not replayable lane events');
    assert.equal((shown.data as { expires_in_s: number }).expires_in_s, 60);
    await screenB.waitFor((e) => e.event === 'prompt-show');

    assert.equal((await respond(hub, 'tip-42', 4163)).status, 200, '15 % of 27 750, rounded to whole units');
    const second = await respond(hub, 'tip-42', 0);
    assert.equal(second.status, 409);
    assert.equal(second.body.error, 'prompt_not_open');

    const answer = await till.waitFor((e) => e.event === 'prompt-response');
    assert.deepEqual(answer.data, { prompt_id: 'tip-42', status: 'answered', value: 4163 });
    for (const screen of [screenA, screenB]) {
      const closed = await screen.waitFor((e) => e.event === 'prompt-close');
      assert.deepEqual(closed.data, { prompt_id: 'tip-42', reason: 'answered' });
    }
    assert.equal(till.events.filter((e) => e.event === 'prompt-response').length, 1, 'one answer only');
    for (const stream of [screenA, screenB, till]) stream.close();
  });

  it('refuses hostile answers with 400 naming the problem, and the prompt stays open', async () => {
    await post(hub, 'prompt?lane=till-2', { ...TIP, prompt_id: 'tip-h', allow_custom: true, max_amount: 10000 });
    await post(hub, 'prompt?lane=till-3', SAMPLE_PROMPTS.choice);
    await post(hub, 'prompt?lane=till-4', SAMPLE_PROMPTS.receipt);
    const hostile: Array<[string, string, unknown, RegExp]> = [
      ['till-2', 'tip-h', 10001, /at most 10000/],
      ['till-2', 'tip-h', -5, /tip amount >= 0/],
      ['till-2', 'tip-h', '4163', /tip amount/],
      ['till-3', 'dine-42', 'delivery', /one of the option values/],
      ['till-4', 'receipt-42', { channel: 'email', email: '<script>alert(1)</script>@x.com' }, /email/],
      ['till-4', 'receipt-42', { channel: 'email', email: 'a@b.c"><img src=x onerror=alert(1)>' }, /email/],
      ['till-4', 'receipt-42', { channel: 'sms' }, /channel/],
      ['till-4', 'receipt-42', { channel: 'whatsapp', phone: '+62 812' }, /phone/],
    ];
    for (const [lane, id, value, message] of hostile) {
      const reply = await respond(hub, id, value, lane);
      assert.equal(reply.status, 400, JSON.stringify(value));
      assert.equal(reply.body.error, 'invalid_answer');
      assert.match(reply.body.message, message);
      assert.ok(!JSON.stringify(reply.body).includes('script'), 'the reply never repeats the answer');
    }
    assert.equal(hub.hub.prompts.promptOn('till-2')?.prompt_id, 'tip-h', 'still open');
    assert.equal((await respond(hub, 'tip-h', 10000, 'till-2')).status, 200, 'a valid answer is still taken');
    assert.equal((await respond(hub, 'dine-42', 'take-away', 'till-3')).status, 200);
    assert.equal((await respond(hub, 'receipt-42', { channel: 'email', email: 'budi@example.co.id' }, 'till-4')).status, 200);
  });

  it('refuses invalid prompts with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...TIP, presets: [] }, 'presets'],
      [{ ...TIP, presets: [{ percent: 150 }] }, 'presets.0.percent'],
      [{ ...TIP, kind: 'lottery' }, 'kind'],
      [{ ...SAMPLE_PROMPTS.choice, options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }, 'options'],
      [{ ...SAMPLE_PROMPTS.rating, timeout_s: 0 }, 'timeout_s'],
      [{ ...SAMPLE_PROMPTS.phone, min_length: 12, max_length: 8 }, 'min_length'],
      [{ ...TIP, prompt_id: '../x' }, 'prompt_id'],
    ];
    for (const [body, field] of cases) {
      const reply = await post(hub, 'prompt?lane=till-5', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.field, field);
      assert.ok(reply.body.message.startsWith(`${field}:`), reply.body.message);
    }
    assert.equal(hub.hub.prompts.promptOn('till-5'), undefined);
  });

  it('cancels: by the cashier, by a new bill, a clear or an approved payment; a new prompt replaces the open one', async () => {
    const till = await cashier(hub, 'till-7');
    const reasons: string[] = [];
    const expect = async (reason: string) => {
      const response = await till.waitFor((e) => e.event === 'prompt-response' && (e.data as { reason: string }).reason === reason);
      assert.equal((response.data as { status: string }).status, 'cancelled');
      reasons.push(reason);
    };
    await post(hub, 'update-bill?lane=till-7', SEED_BILL);
    await post(hub, 'prompt?lane=till-7', SAMPLE_PROMPTS.confirm);
    assert.equal((await post(hub, 'cancel-prompt?lane=till-7', { prompt_id: 'bag-42' })).status, 200);
    await expect('cashier');
    assert.equal((await post(hub, 'cancel-prompt?lane=till-7', { prompt_id: 'bag-42' })).status, 409);

    await post(hub, 'prompt?lane=till-7', SAMPLE_PROMPTS.confirm);
    await post(hub, 'update-bill?lane=till-7', { ...SEED_BILL, total: 30000 });
    assert.equal(hub.hub.prompts.promptOn('till-7')?.prompt_id, 'bag-42', 'the same bill, updated, keeps the prompt');
    await post(hub, 'update-bill?lane=till-7', { ...SEED_BILL, bill_id: 'another' });
    await expect('new-bill');

    await post(hub, 'prompt?lane=till-7', SAMPLE_PROMPTS.confirm);
    await post(hub, 'payment?lane=till-7', { ...QRIS_PAYMENT, bill_id: 'another' });
    assert.ok(hub.hub.prompts.promptOn('till-7'), 'a pending payment keeps it');
    await post(hub, 'payment?lane=till-7', { ...QRIS_PAYMENT, bill_id: 'another', status: 'approved' });
    await expect('payment-approved');

    await post(hub, 'prompt?lane=till-7', SAMPLE_PROMPTS.confirm);
    await post(hub, 'prompt?lane=till-7', SAMPLE_PROMPTS.rating);
    await expect('replaced');
    await post(hub, 'clear?lane=till-7', {});
    await expect('clear');
    assert.deepEqual(reasons, ['cashier', 'new-bill', 'payment-approved', 'replaced', 'clear']);
    till.close();
  });

  it('shows an open prompt to a display that connects while it is open, and nothing once answered', async () => {
    await post(hub, 'prompt?lane=till-8', SAMPLE_PROMPTS.phone);
    const late = await display(hub, 'till-8');
    await late.waitFor((e) => e.event === 'prompt-show');
    await respond(hub, 'member-42', '6281234567890', 'till-8');
    const later = await display(hub, 'till-8');
    await post(hub, 'clear?lane=till-8', {}); // an event after the opening, to know it is complete
    await later.waitFor((e) => e.event === 'clear');
    assert.deepEqual(
      later.events.map((e) => e.event),
      ['connected', 'clear'],
      'no prompt and no answer in a later opening',
    );
    late.close();
    later.close();
  });

  it('holds an answer for a cashier stream that is not open yet, then forgets it once delivered', async () => {
    await post(hub, 'prompt?lane=till-9', SAMPLE_PROMPTS.rating);
    await respond(hub, 'rating-42', 4, 'till-9');
    const till = await cashier(hub, 'till-9');
    assert.deepEqual((await till.waitFor((e) => e.event === 'prompt-response')).data, { prompt_id: 'rating-42', status: 'answered', value: 4 });
    const again = await cashier(hub, 'till-9');
    await post(hub, 'prompt?lane=till-9', SAMPLE_PROMPTS.confirm);
    await post(hub, 'cancel-prompt?lane=till-9', { prompt_id: 'bag-42' });
    const next = await again.waitFor((e) => e.event === 'prompt-response');
    assert.equal((next.data as { prompt_id: string }).prompt_id, 'bag-42', 'the delivered answer was not given again');
    till.close();
    again.close();
  });
});

describe('prompts time out (on a fake clock: no real waiting)', () => {
  const clock = new FakeClock(Date.now());
  let hub: RunningHub;
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, now: clock.now, scheduleTimeout: clock.scheduleTimeout });
  });
  after(() => hub.close());

  it('a display connecting mid-prompt is told the seconds left; at the timeout the cashier hears it and the displays close it', async () => {
    const [screen, till] = [await display(hub, 'till-6'), await cashier(hub, 'till-6')];
    await post(hub, 'prompt?lane=till-6', { ...SAMPLE_PROMPTS.rating, timeout_s: 30 });
    await screen.waitFor((e) => e.event === 'prompt-show');
    clock.advance(20_000);
    const late = await display(hub, 'till-6');
    assert.equal(((await late.waitFor((e) => e.event === 'prompt-show')).data as { expires_in_s: number }).expires_in_s, 10);
    clock.advance(10_000);
    const response = await till.waitFor((e) => e.event === 'prompt-response');
    assert.deepEqual(response.data, { prompt_id: 'rating-42', status: 'timeout' });
    for (const stream of [screen, late]) assert.deepEqual((await stream.waitFor((e) => e.event === 'prompt-close')).data, { prompt_id: 'rating-42', reason: 'timeout' });
    assert.equal((await respond(hub, 'rating-42', 5, 'till-6')).status, 409, 'too late');
    for (const stream of [screen, late, till]) stream.close();
  });
});

describe('prompts: who may ask, listen and answer', () => {
  let hub: RunningHub;
  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 0, token: 's3cret', allowOrigins: ['http://till.local'] });
  });
  after(() => hub.close());

  it('asking and listening need the cashier token; answering needs none, but an allowed origin', async () => {
    const bearer = { Authorization: 'Bearer s3cret' };
    assert.equal((await post(hub, 'prompt?lane=a', SAMPLE_PROMPTS.rating)).status, 401);
    const refused = await fetch(`${hub.url}${API}/responses?lane=a`, { headers: { Accept: 'text/event-stream' } });
    assert.equal(refused.status, 401);
    await refused.body?.cancel();
    const till = await cashier(hub, 'a', bearer);
    assert.equal((await post(hub, 'prompt?lane=a', SAMPLE_PROMPTS.rating, bearer)).status, 200);
    assert.equal((await post(hub, 'cancel-prompt?lane=a', { prompt_id: 'rating-42' })).status, 401);

    const foreign = await post(hub, 'respond?lane=a', { prompt_id: 'rating-42', value: 5 }, { Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(hub.hub.prompts.promptOn('a')?.prompt_id, 'rating-42');
    const ownPage = await post(hub, 'respond?lane=a', { prompt_id: 'rating-42', value: 0 }, { Origin: hub.url });
    assert.equal(ownPage.status, 400, "the hub's own page (the display app) may answer: past the origin check, to the value's");
    const allowed = await post(hub, 'respond?lane=a', { prompt_id: 'rating-42', value: 5 }, { Origin: 'http://till.local' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://till.local');
    await till.waitFor((e) => e.event === 'prompt-response');
    till.close();
  });
});

describe('prompts are never persisted', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prompts-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('neither the prompt nor its answer reaches the state file or the log', async () => {
    const stateFile = join(dir, 'state.jsonl');
    const logged: string[] = [];
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, stateFile, logger: createLogger('debug', (line) => logged.push(line)) });
    try {
      await post(hub, 'update-bill?lane=till-1', SEED_BILL);
      await post(hub, 'prompt?lane=till-1', SAMPLE_PROMPTS.receipt);
      assert.equal((await respond(hub, 'receipt-42', { channel: 'email', email: 'siti.rahma@example.co.id' })).status, 200);
      await post(hub, 'update-bill?lane=till-1', { ...SEED_BILL, total: 27751 });
    } finally {
      await hub.close();
    }
    const journal = await readFile(stateFile, 'utf8');
    assert.match(journal, /27751/, 'the journal was written');
    for (const secret of ['siti.rahma', 'receipt-42', 'prompt']) assert.ok(!journal.includes(secret), `${secret} in the state file`);
    assert.ok(logged.some((line) => line.includes('/respond')), 'the request was logged (its path)');
    assert.ok(!logged.join('\n').includes('siti.rahma'), 'the answer was not');
  });
});
