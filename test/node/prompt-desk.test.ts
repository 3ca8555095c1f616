/**
 * The prompt desk on its own: a fake hub that captures what the displays are sent, fake
 * cashier streams, and a fake clock, so timeouts are checked without waiting and without
 * a socket. `prompts-hub.test.ts` checks the same rules over HTTP.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { HOLD_MS, MAX_HELD_PER_LANE, PromptDesk, PromptTooLargeError, type PromptDeskHost } from '../../src/hub/prompt-desk.js';
import type { Subscriber } from '../../src/hub/stream.js';
import { parseFrames, validatePrompt, type Command, type Frame, type Prompt, type PromptInput } from '../../src/protocol/index.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { FakeClock } from '../support/fake-clock.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';

interface Shown {
  lane: string;
  id: string | undefined;
  event: string | undefined;
  data: any;
}

const messagesIn = (text: string) =>
  parseFrames(text).flatMap((message) => ('data' in message ? [{ id: message.id, event: message.event, data: JSON.parse(message.data) }] : []));

/** The hub as the desk sees it: displays that record every frame, bills set by the test. */
class FakeHost implements PromptDeskHost {
  readonly shown: Shown[] = [];
  readonly bills = new Map<string, string>();
  displays = 2;

  constructor(private readonly clock: FakeClock) {}

  sendToDisplays(lane: string, frame: Frame): number {
    for (const message of messagesIn(frame.text)) this.shown.push({ lane, ...message });
    return this.displays;
  }
  openBillId(lane: string): string | null {
    return this.bills.get(lane) ?? null;
  }
  now(): number {
    return this.clock.now();
  }
  refuse: Error | null = null;
  admitPrompt(): void {
    if (this.refuse) throw this.refuse;
  }
  events(lane = 'till-1'): string[] {
    return this.shown.filter((shown) => shown.lane === lane).map((shown) => `${shown.event} ${shown.data.prompt_id}${shown.data.reason ? ` ${shown.data.reason}` : ''}`);
  }
}

/** A cashier's `GET /responses` stream. */
class FakeCashier implements Subscriber {
  readonly responses: any[] = [];
  closed = false;
  send(frame: Frame): void {
    for (const message of messagesIn(frame.text)) if (message.event === 'prompt-response') this.responses.push(message.data);
  }
  close(): void {
    this.closed = true;
  }
}

const prompt = (input: PromptInput): Prompt => {
  const checked = validatePrompt(input);
  if (!checked.ok) throw new Error(checked.message);
  return checked.value;
};
const RATING = prompt(SAMPLE_PROMPTS.rating);
const RATING_60S = prompt({ ...SAMPLE_PROMPTS.rating, timeout_s: 60 });
const CONFIRM = prompt(SAMPLE_PROMPTS.confirm);
const bill = (bill_id: string): Command => ({ command: 'update-bill', body: billWith(1, { bill_id }) as never });
const payment = (status: string): Command => ({ command: 'payment', body: { ...QRIS_PAYMENT, bill_id: 'A', status } as never });
const clear: Command = { command: 'clear', body: { reason: 'void' } as never };

describe('PromptDesk', () => {
  let clock: FakeClock;
  let host: FakeHost;
  let desk: PromptDesk;
  let till: FakeCashier;
  beforeEach(() => {
    clock = new FakeClock(1_000_000);
    host = new FakeHost(clock);
    desk = new PromptDesk(host, clock.scheduleTimeout);
    till = new FakeCashier();
    desk.listen('till-1', till);
  });

  it('shows a prompt on the lane\'s displays, without an event id, and says how many it reached', () => {
    assert.equal(desk.ask('till-1', RATING_60S), 2);
    assert.equal(host.shown.length, 1);
    const [shown] = host.shown;
    assert.equal(shown!.event, 'prompt-show');
    assert.equal(shown!.id, undefined, 'never moves a display\'s Last-Event-ID');
    assert.deepEqual(shown!.data, { ...RATING_60S, expires_in_s: 60 });
    assert.equal(desk.promptOn('till-1'), RATING_60S);
    assert.equal(desk.promptOn('till-2'), undefined, 'one lane\'s prompt is not another\'s');
  });

  it('takes the first valid answer: the displays close it, the cashier hears it once, a second answer is refused', () => {
    desk.ask('till-1', RATING);
    const refused = desk.respond('till-1', 'rating-42', 9);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.status, 400, 'out of the scale');
    assert.equal(desk.promptOn('till-1'), RATING, 'a refused answer leaves it open');

    assert.deepEqual(desk.respond('till-1', 'rating-42', 4), { ok: true });
    const second = desk.respond('till-1', 'rating-42', 5);
    assert.equal(!second.ok && second.status, 409);
    assert.equal(!second.ok && second.error, 'prompt_not_open');
    assert.deepEqual(host.events(), ['prompt-show rating-42', 'prompt-close rating-42 answered']);
    assert.deepEqual(till.responses, [{ prompt_id: 'rating-42', status: 'answered', value: 4 }]);
    assert.equal(desk.promptOn('till-1'), undefined);
  });

  it('an answer to another prompt id is refused and leaves the open one alone', () => {
    desk.ask('till-1', RATING);
    const outcome = desk.respond('till-1', 'bag-42', true);
    assert.equal(!outcome.ok && outcome.status, 409);
    assert.equal(desk.promptOn('till-1'), RATING);
  });

  it('times out when the clock reaches timeout_s, not a moment before', () => {
    desk.ask('till-1', RATING_60S);
    clock.advance(59_999);
    assert.equal(desk.promptOn('till-1'), RATING_60S);
    assert.deepEqual(till.responses, []);
    clock.advance(1);
    assert.equal(desk.promptOn('till-1'), undefined);
    assert.deepEqual(host.events(), ['prompt-show rating-42', 'prompt-close rating-42 timeout']);
    assert.deepEqual(till.responses, [{ prompt_id: 'rating-42', status: 'timeout' }]);
    const late = desk.respond('till-1', 'rating-42', 5);
    assert.equal(!late.ok && late.status, 409, 'too late');
  });

  // Formerly it stayed open for ever: a till that forgot its prompt held the memory for good.
  it('a prompt without timeout_s closes after the default 120 s, with no countdown shown', () => {
    desk.ask('till-1', RATING);
    assert.equal((host.shown.at(-1)!.data as { expires_in_s?: number }).expires_in_s, undefined, 'displays are not told of a timeout the cashier did not set');
    clock.advance(119_000);
    assert.equal(desk.promptOn('till-1'), RATING);
    clock.advance(1_000);
    assert.equal(desk.promptOn('till-1'), undefined);
    assert.deepEqual(till.responses, [{ prompt_id: 'rating-42', status: 'timeout' }]);
    assert.equal(clock.pending, 0);
  });

  it('open prompts are counted in bytes while open, and freed however they close', () => {
    const bytes = JSON.stringify(RATING_60S).length;
    desk.ask('till-1', RATING_60S);
    desk.ask('till-2', CONFIRM);
    assert.equal(desk.count, 2);
    assert.equal(desk.bytesOn('till-1'), bytes);
    assert.equal(desk.totalBytes, bytes + JSON.stringify(CONFIRM).length);
    assert.equal(desk.lanesOutside(new Map([['till-2', 1]])), 1, 'a prompt alone keeps its lane in use');
    desk.cancel('till-2', 'bag-42');
    assert.equal(desk.totalBytes, bytes, 'cancelled: freed');
    desk.ask('till-1', RATING_60S);
    assert.equal(desk.totalBytes, bytes, 'replaced: the old one freed');
    clock.advance(60_000);
    assert.deepEqual([desk.count, desk.totalBytes], [0, 0], 'timed out: freed');
    desk.ask('till-1', RATING);
    desk.onCommand('till-1', clear);
    assert.deepEqual([desk.count, desk.totalBytes], [0, 0], 'cleared with its lane: freed');
  });

  it('a prompt above the size limit, or one its host has no room for, is refused and the open one stays', () => {
    const small = new PromptDesk(host, { scheduleTimeout: clock.scheduleTimeout, maxPromptBytes: 300 });
    small.ask('till-1', RATING_60S);
    const big = prompt({ ...SAMPLE_PROMPTS.confirm, extra: 'x'.repeat(300) } as PromptInput);
    assert.throws(() => small.ask('till-1', big), { message: /^the prompt takes \d+ bytes as JSON, above the limit of 300 bytes \(--max-prompt\)$/ });
    assert.throws(() => small.ask('till-1', big), (error: PromptTooLargeError) => error.status === 413 && error.code === 'prompt_too_large');
    assert.equal(small.promptOn('till-1'), RATING_60S, 'the open prompt stays');
    host.refuse = new Error('no room');
    assert.throws(() => small.ask('till-1', CONFIRM), /no room/);
    assert.equal(small.promptOn('till-1'), RATING_60S);
    assert.deepEqual(host.events(), ['prompt-show rating-42'], 'the displays saw nothing of the refused ones');
  });

  it('the cashier cancels: the displays close it, the cashier hears why, its timer is gone', () => {
    desk.ask('till-1', RATING_60S);
    assert.equal(desk.cancel('till-1', 'bag-42'), false, 'not the open prompt');
    assert.equal(desk.cancel('till-1', 'rating-42'), true);
    assert.equal(desk.cancel('till-1', 'rating-42'), false, 'no longer open');
    assert.deepEqual(host.events(), ['prompt-show rating-42', 'prompt-close rating-42 cancelled']);
    assert.deepEqual(till.responses, [{ prompt_id: 'rating-42', status: 'cancelled', reason: 'cashier' }]);
    clock.advance(60_000);
    assert.equal(till.responses.length, 1, 'no timeout after a cancel');
  });

  it('a new prompt replaces the open one, whose timeout no longer counts', () => {
    desk.ask('till-1', RATING_60S);
    clock.advance(30_000);
    desk.ask('till-1', CONFIRM);
    assert.deepEqual(host.events(), ['prompt-show rating-42', 'prompt-close rating-42 cancelled', 'prompt-show bag-42']);
    assert.deepEqual(till.responses, [{ prompt_id: 'rating-42', status: 'cancelled', reason: 'replaced' }]);
    clock.advance(60_000);
    assert.equal(desk.promptOn('till-1'), CONFIRM, 'the old timer did not close the new prompt');
    assert.equal(till.responses.length, 1);
  });

  it('after a publish: a bill with another id, a clear or an approved payment closes the prompt; the same bill or a pending payment do not', () => {
    host.bills.set('till-1', 'A');
    desk.ask('till-1', CONFIRM);
    desk.onCommand('till-1', bill('A'));
    desk.onCommand('till-1', payment('pending'));
    desk.onCommand('till-2', clear);
    assert.equal(desk.promptOn('till-1'), CONFIRM);
    desk.onCommand('till-1', bill('B'));
    desk.ask('till-1', CONFIRM);
    desk.onCommand('till-1', payment('approved'));
    desk.ask('till-1', CONFIRM);
    desk.onCommand('till-1', clear);
    assert.deepEqual(
      till.responses.map((response) => response.reason),
      ['new-bill', 'payment-approved', 'clear'],
    );
    assert.ok(till.responses.every((response) => response.status === 'cancelled'));
  });

  it('asked with no bill open, a bill arriving does not close it', () => {
    desk.ask('till-1', CONFIRM);
    desk.onCommand('till-1', bill('A'));
    assert.equal(desk.promptOn('till-1'), CONFIRM);
  });

  it('a display connecting mid-prompt gets it in its opening with the seconds left; nothing once it is closed', () => {
    desk.ask('till-1', RATING_60S);
    clock.advance(20_400);
    const [opening, ...rest] = messagesIn(desk.openingText('till-1'));
    assert.deepEqual(rest, []);
    assert.equal(opening!.event, 'prompt-show');
    assert.deepEqual(opening!.data, { ...RATING_60S, expires_in_s: 40 }, 'what is left, rounded');
    assert.equal(desk.openingText('till-2'), '', 'another lane has none');
    desk.respond('till-1', 'rating-42', 3);
    assert.equal(desk.openingText('till-1'), '', 'never an answer');
  });

  it('holds an answer for a cashier stream not open yet, for HOLD_MS', () => {
    desk.ask('till-3', RATING);
    desk.respond('till-3', 'rating-42', 4);
    const soon = new FakeCashier();
    desk.listen('till-3', soon);
    assert.deepEqual(soon.responses, [{ prompt_id: 'rating-42', status: 'answered', value: 4 }]);

    desk.ask('till-3', CONFIRM);
    desk.cancel('till-3', 'bag-42');
    clock.advance(HOLD_MS); // `soon` still listens: delivered at once, nothing held
    assert.equal(soon.responses.length, 2);

    const lane = 'till-4';
    desk.ask(lane, RATING);
    desk.respond(lane, 'rating-42', 5);
    clock.advance(HOLD_MS);
    const late = new FakeCashier();
    desk.listen(lane, late);
    assert.deepEqual(late.responses, [], 'forgotten after HOLD_MS');
  });

  it('holds at most MAX_HELD_PER_LANE answers per lane, the newest, and no timer for the ones let go', () => {
    for (let i = 0; i < MAX_HELD_PER_LANE + 5; i++) {
      desk.ask('till-5', prompt({ ...SAMPLE_PROMPTS.confirm, prompt_id: `ask-${i}` }));
      desk.cancel('till-5', `ask-${i}`);
    }
    assert.equal(clock.pending, MAX_HELD_PER_LANE, 'one expiry timer per held answer');
    const late = new FakeCashier();
    desk.listen('till-5', late);
    assert.deepEqual(late.responses.map((response) => response.prompt_id), Array.from({ length: MAX_HELD_PER_LANE }, (_, i) => `ask-${i + 5}`));
    assert.equal(clock.pending, 0);
  });

  it('close() forgets every prompt, stops every timer and ends the cashier streams', () => {
    desk.ask('till-1', RATING_60S);
    desk.ask('till-2', RATING_60S);
    desk.respond('till-2', 'rating-42', 1); // held: no cashier on till-2
    assert.equal(clock.pending, 2);
    desk.close();
    assert.equal(clock.pending, 0);
    assert.equal(desk.promptOn('till-1'), undefined);
    assert.equal(till.closed, true);
  });
});
