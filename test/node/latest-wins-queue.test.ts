/**
 * The publisher's queue, rule by rule, with a fake transport (each request answered when
 * the test says so) and a fake clock: no network, no wall-clock bounds.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { LatestWinsQueue } from '../../src/publisher/latest-wins-queue.js';

interface Payload {
  kind: string;
  value: string;
}
interface Result {
  ok: boolean;
  coalesced?: boolean;
  error?: string;
}

const TIMEOUT_MS = 1000;

interface FakeRequest {
  payload: Payload;
  urgent: boolean;
  done: boolean;
  answer(result: Result): void;
  reject(error: Error): void;
}

/** A transport whose requests stay in flight until the test answers them. */
function fakeTransport() {
  const sent: FakeRequest[] = [];
  const failures: Array<{ payload: Payload; result: Result }> = [];
  const queue = new LatestWinsQueue<Payload, Result>({
    send: (payload, { urgent }) =>
      new Promise<Result>((resolve, reject) => {
        const request: FakeRequest = {
          payload,
          urgent,
          done: false,
          answer: (result) => ((request.done = true), resolve(result)),
          reject: (error) => ((request.done = true), reject(error)),
        };
        sent.push(request);
      }),
    kindOf: (payload) => payload.kind,
    resets: (payload) => payload.kind === 'clear',
    survivesReset: (payload) => payload.kind === 'payment',
    timeoutMs: TIMEOUT_MS,
    timedOut: () => ({ ok: false, error: 'timed out' }),
    failed: (error) => ({ ok: false, error: String(error) }),
    onFailure: (payload, result) => failures.push({ payload, result }),
  });
  /** What was sent, as `kind:value`. */
  const sentValues = () => sent.map(({ payload }) => `${payload.kind}:${payload.value}`);
  /** Answers the oldest unanswered request, then lets the queue send the next one. */
  const answerNext = async (result: Result = { ok: true }) => {
    const request = sent.find((candidate) => !candidate.done);
    assert.ok(request, 'a request in flight to answer');
    request.answer(result);
    await clock.tickAsync(0);
  };
  return { queue, sent, sentValues, failures, answerNext };
}

const push = (queue: LatestWinsQueue<Payload, Result>, kind: string, value: string, urgent = false) => queue.push({ kind, value }, { urgent });

/** Records when each call settles, so a test can say "not yet" as well as "now". */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => Object.assign(state, { settled: true, value }));
  return state;
}

let clock: sinon.SinonFakeTimers;

describe('LatestWinsQueue', () => {
  beforeEach(() => {
    // Only the timers the queue uses: node:test itself needs setImmediate.
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  describe('coalescing: calls of one kind replace each other', () => {
    it('a burst of 1000 calls of one kind costs two requests: the first and the last', async () => {
      const { queue, sentValues, answerNext } = fakeTransport();
      const calls = Array.from({ length: 1000 }, (_, n) => push(queue, 'bill', String(n)));
      assert.deepEqual(sentValues(), ['bill:0'], 'the first goes at once, the rest wait');
      await answerNext();
      await answerNext();
      const results = await Promise.all(calls);
      assert.deepEqual(sentValues(), ['bill:0', 'bill:999']);
      assert.equal(queue.requestsSent, 2);
      assert.ok(results.every((result) => result.ok));
      assert.deepEqual(
        results.map((result, n) => [n, result.coalesced ?? false]).filter(([, coalesced]) => !coalesced).map(([n]) => n),
        [0, 999],
        'only the calls whose own payload was sent are not marked coalesced',
      );
    });

    it('a coalesced call resolves with the result of the request that carried its payload', async () => {
      const { queue, answerNext } = fakeTransport();
      void push(queue, 'bill', 'a');
      const older = push(queue, 'bill', 'b');
      const newer = push(queue, 'bill', 'c');
      await answerNext({ ok: true });
      await answerNext({ ok: false, error: 'HTTP 503' });
      assert.deepEqual(await older, { ok: false, error: 'HTTP 503', coalesced: true });
      assert.deepEqual(await newer, { ok: false, error: 'HTTP 503' });
    });
  });

  describe('order across kinds', () => {
    it('a clear is never overtaken by an older bill: what was queued before it is moot', async () => {
      const { queue, sentValues, answerNext } = fakeTransport();
      void push(queue, 'bill', 'first');
      const second = push(queue, 'bill', 'second');
      const modal = push(queue, 'modal', 'payment');
      void push(queue, 'clear', 'sale-done');
      void push(queue, 'bill', 'next-sale');
      for (let n = 0; n < 3; n++) await answerNext();
      assert.deepEqual(sentValues(), ['bill:first', 'clear:sale-done', 'bill:next-sale']);
      assert.deepEqual(await second, { ok: true, coalesced: true }, 'answered by the clear that made it moot');
      assert.deepEqual(await modal, { ok: true, coalesced: true });
    });

    it('a payment queued before a clear is still sent, before it: the thank-you shows its change', async () => {
      const { queue, sentValues, answerNext } = fakeTransport();
      void push(queue, 'bill', 'in-flight');
      const payment = push(queue, 'payment', 'approved');
      const bill = push(queue, 'bill', 'late-line');
      void push(queue, 'clear', 'sale-done');
      for (let n = 0; n < 3; n++) await answerNext();
      assert.deepEqual(sentValues(), ['bill:in-flight', 'payment:approved', 'clear:sale-done']);
      assert.deepEqual(await payment, { ok: true });
      assert.deepEqual(await bill, { ok: true, coalesced: true }, 'the bill is still moot');
    });

    it('a replacing call takes the queued call’s place, so the order of kinds stays as first queued', async () => {
      const { queue, sentValues, answerNext } = fakeTransport();
      void push(queue, 'payment', 'in-flight');
      void push(queue, 'bill', 'b1');
      void push(queue, 'modal', 'm1');
      void push(queue, 'bill', 'b2');
      for (let n = 0; n < 3; n++) await answerNext();
      assert.deepEqual(sentValues(), ['payment:in-flight', 'bill:b2', 'modal:m1']);
    });
  });

  describe('timeout: every call resolves by its deadline and never rejects', () => {
    it('a call whose request hangs resolves at timeoutMs, not a millisecond before', async () => {
      const { queue } = fakeTransport();
      const call = track(push(queue, 'bill', 'a'));
      await clock.tickAsync(TIMEOUT_MS - 1);
      assert.equal(call.settled, false);
      await clock.tickAsync(1);
      assert.deepEqual(call.value, { ok: false, error: 'timed out' });
    });

    it('a call waiting behind a hung request resolves at its own deadline', async () => {
      const { queue, sent } = fakeTransport();
      void push(queue, 'bill', 'hung');
      await clock.tickAsync(600);
      const behind = track(push(queue, 'clear', 'c'));
      await clock.tickAsync(TIMEOUT_MS - 1);
      assert.equal(behind.settled, false);
      await clock.tickAsync(1);
      assert.deepEqual(behind.value, { ok: false, error: 'timed out' });
      assert.equal(sent.length, 1, 'still queued behind the hung request: delivered when it ends');
    });

    it('a transport that rejects still gives every call a result, and the queue goes on', async () => {
      const { queue, sent, sentValues, answerNext } = fakeTransport();
      const first = push(queue, 'bill', 'a');
      const second = push(queue, 'modal', 'm');
      sent[0]!.reject(new Error('socket hang up'));
      assert.deepEqual(await first, { ok: false, error: 'Error: socket hang up' });
      await clock.tickAsync(0);
      await answerNext();
      assert.deepEqual(await second, { ok: true });
      assert.deepEqual(sentValues(), ['bill:a', 'modal:m']);
      await queue.idle();
    });
  });

  describe('one report per failure', () => {
    it('a call reported at its deadline is not reported again when its request fails', async () => {
      const { queue, failures, answerNext } = fakeTransport();
      const call = push(queue, 'bill', 'a');
      await clock.tickAsync(TIMEOUT_MS);
      assert.deepEqual(await call, { ok: false, error: 'timed out' });
      assert.equal(failures.length, 1);
      await answerNext({ ok: false, error: 'HTTP 500' });
      await queue.idle();
      assert.deepEqual(failures.map((failure) => failure.result.error), ['timed out']);
    });

    it('a failed request carrying a burst is reported once, not once per call', async () => {
      const { queue, failures, answerNext } = fakeTransport();
      void push(queue, 'modal', 'first');
      for (let n = 0; n < 10; n++) void push(queue, 'bill', String(n));
      await answerNext({ ok: true });
      await answerNext({ ok: false, error: 'HTTP 503' });
      await queue.idle();
      assert.deepEqual(failures, [{ payload: { kind: 'bill', value: '9' }, result: { ok: false, error: 'HTTP 503' } }]);
    });

    it('a request carrying a timed-out call and a waiting one reports the failure once more, for the waiting one', async () => {
      const { queue, failures, answerNext } = fakeTransport();
      void push(queue, 'payment', 'hung');
      void push(queue, 'bill', 'old');
      await clock.tickAsync(TIMEOUT_MS); // both reported at their deadline
      const fresh = push(queue, 'bill', 'fresh');
      await answerNext({ ok: true });
      await answerNext({ ok: false, error: 'HTTP 503' });
      assert.deepEqual(await fresh, { ok: false, error: 'HTTP 503' });
      assert.deepEqual(
        failures.map(({ payload, result }) => `${payload.value}: ${result.error}`),
        ['hung: timed out', 'old: timed out', 'fresh: HTTP 503'],
      );
    });

    it('a success is reported to nobody', async () => {
      const { queue, failures, answerNext } = fakeTransport();
      const call = push(queue, 'bill', 'a');
      await answerNext();
      assert.deepEqual(await call, { ok: true });
      assert.deepEqual(failures, []);
    });
  });

  describe('urgent calls (pagehide)', () => {
    it('go out at once beside the request in flight, replacing a queued call of their kind', async () => {
      const { queue, sent, sentValues } = fakeTransport();
      void push(queue, 'bill', 'in-flight');
      const queuedShow = push(queue, 'modal', 'show');
      const hide = push(queue, 'modal', 'hide', true);
      assert.deepEqual(sentValues(), ['bill:in-flight', 'modal:hide']);
      assert.deepEqual(sent.map((request) => request.urgent), [false, true]);
      sent[1]!.answer({ ok: true });
      assert.deepEqual(await queuedShow, { ok: true, coalesced: true });
      assert.deepEqual(await hide, { ok: true });
    });

    it('idle() waits for urgent requests too', async () => {
      const { queue, sent } = fakeTransport();
      void push(queue, 'modal', 'hide', true);
      const idle = track(queue.idle());
      await clock.tickAsync(0);
      assert.equal(idle.settled, false);
      sent[0]!.answer({ ok: true });
      await clock.tickAsync(0);
      assert.equal(idle.settled, true);
    });
  });
});
