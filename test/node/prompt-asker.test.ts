/** `ask()`'s rules, one by one, against a fake line to the hub and a fake clock. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import type { PromptResponse } from '../../src/protocol/index.js';
import { PromptAsker } from '../../src/publisher/prompt-asker.js';
import type { PromptAction, PromptLine } from '../../src/publisher/prompt-line.js';
import type { PublishResult } from '../../src/publisher/publisher.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';

/** A line whose hub the test plays: what was posted, answers on demand, drops on demand. */
class FakeLine implements PromptLine {
  posted: Array<{ action: PromptAction; body: any }> = [];
  opens = 0;
  closes = 0;
  reachable = true;
  reply: PublishResult = { ok: true, status: 200 };
  private onResponse: ((response: PromptResponse) => void) | undefined;
  private onLost: (() => void) | undefined;

  async open(onResponse: (response: PromptResponse) => void, onLost: () => void): Promise<boolean> {
    this.opens++;
    if (!this.reachable) return false;
    [this.onResponse, this.onLost] = [onResponse, onLost];
    return true;
  }
  close(): void {
    this.closes++;
    this.onResponse = undefined;
  }
  async post(action: PromptAction, body: unknown): Promise<PublishResult> {
    this.posted.push({ action, body });
    return this.reply;
  }
  answer(response: PromptResponse): void {
    this.onResponse?.(response);
  }
  drop(): void {
    this.onResponse = undefined;
    this.onLost?.();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PromptAsker', () => {
  let line: FakeLine;
  let asker: PromptAsker;
  beforeEach(() => {
    line = new FakeLine();
    asker = new PromptAsker(line, async () => {});
  });
  afterEach(() => sinon.restore());

  it('an invalid prompt resolves cancelled, naming the field, and posts nothing', async () => {
    const outcome = await asker.ask({ ...SAMPLE_PROMPTS.tip, presets: [] });
    assert.deepEqual(outcome, { status: 'cancelled', reason: 'invalid prompt: presets: needs at least 1 preset' });
    assert.equal(line.opens + line.posted.length, 0);
  });

  it('listens before it posts, and posts only after what was published before', async () => {
    let release!: () => void;
    asker = new PromptAsker(line, () => new Promise<void>((resolve) => (release = resolve)));
    const asked = asker.ask(SAMPLE_PROMPTS.rating);
    await flush();
    assert.equal(line.opens, 1);
    assert.equal(line.posted.length, 0, 'the earlier publishes have not reached the hub yet');
    release();
    await flush();
    assert.deepEqual(line.posted.map((post) => post.action), ['prompt']);
    line.answer({ prompt_id: 'rating-42', status: 'answered', value: 5 });
    assert.deepEqual(await asked, { status: 'answered', value: 5 });
    assert.equal(line.closes, 1, 'nothing pending: the line is closed');
  });

  it('an unreachable hub, or a refused prompt, resolves cancelled with the reason', async () => {
    line.reachable = false;
    assert.deepEqual(await asker.ask(SAMPLE_PROMPTS.rating), { status: 'cancelled', reason: 'the hub cannot be reached' });
    line.reachable = true;
    line.reply = { ok: false, status: 401, error: 'a valid Authorization: Bearer token is required' };
    assert.deepEqual(await asker.ask(SAMPLE_PROMPTS.rating), { status: 'cancelled', reason: 'a valid Authorization: Bearer token is required' });
    assert.equal(asker.waiting, 0);
  });

  it('stops waiting by itself 5 s after timeout_s when the hub never says timeout', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const asked = asker.ask({ ...SAMPLE_PROMPTS.rating, timeout_s: 10 });
    await clock.tickAsync(14_999);
    assert.equal(asker.waiting, 1);
    await clock.tickAsync(1);
    assert.deepEqual(await asked, { status: 'timeout' });
  });

  it('cancel: the hub\'s word settles it; with no reply at all it settles here; a 409 waits for the answer on its way', async () => {
    const first = asker.ask({ ...SAMPLE_PROMPTS.confirm, prompt_id: 'a' });
    await flush();
    assert.equal(await asker.cancel('a'), true);
    line.answer({ prompt_id: 'a', status: 'cancelled', reason: 'cashier' });
    assert.deepEqual(await first, { status: 'cancelled', reason: 'cashier' });

    const second = asker.ask({ ...SAMPLE_PROMPTS.confirm, prompt_id: 'b' });
    await flush();
    line.reply = { ok: false, status: 409, error: 'not open' };
    assert.equal(await asker.cancel('b'), false);
    assert.equal(asker.waiting, 1, 'answered just before: the answer is coming');
    line.answer({ prompt_id: 'b', status: 'answered', value: true });
    assert.deepEqual(await second, { status: 'answered', value: true });

    line.reply = { ok: true, status: 200 };
    const third = asker.ask({ ...SAMPLE_PROMPTS.confirm, prompt_id: 'c' });
    await flush();
    line.reply = { ok: false, status: 0, error: 'no answer from the hub within 1000 ms' };
    await asker.cancel('c');
    assert.deepEqual(await third, { status: 'cancelled', reason: 'cashier' });
  });

  it('a dropped line is opened again while a question waits, and its answer still arrives', async () => {
    const asked = asker.ask(SAMPLE_PROMPTS.rating);
    await flush();
    line.drop();
    await flush();
    assert.equal(line.opens, 2);
    line.answer({ prompt_id: 'rating-42', status: 'answered', value: 3 });
    assert.deepEqual(await asked, { status: 'answered', value: 3 });
  });

  it('the same prompt_id twice while pending: the second resolves cancelled, the first still waits', async () => {
    const first = asker.ask(SAMPLE_PROMPTS.rating);
    assert.deepEqual(await asker.ask(SAMPLE_PROMPTS.rating), { status: 'cancelled', reason: 'prompt rating-42 is already being asked' });
    await flush();
    line.answer({ prompt_id: 'rating-42', status: 'answered', value: 1 });
    assert.deepEqual(await first, { status: 'answered', value: 1 });
  });
});
