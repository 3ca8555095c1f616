/**
 * The shared prompt desk's ordering rules on their own, against a scripted exchange (no
 * Redis, no socket): news are numbered, and what an instance shows never goes back to an
 * older number, whether the news arrives late or races a display's opening read.
 * `redis-prompts.test.ts` checks the whole over HTTP on a real redis-server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PromptDeskHost } from '../../src/hub/prompt-desk.js';
import type { PromptExchange, PromptNews, PromptReading, SharedPrompt } from '../../src/hub/prompt-exchange.js';
import { SharedPromptDesk } from '../../src/hub/shared-prompt-desk.js';
import type { Frame, Prompt } from '../../src/protocol/index.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';
import { FakeClock } from '../support/fake-clock.js';

const open = (prompt_id: string): SharedPrompt => ({ prompt: { ...SAMPLE_PROMPTS.rating, prompt_id } as Prompt, bytes: 60, expiresAt: null, deadline: Date.now() + 60_000 });

/** An exchange whose reads the test answers by hand, and whose news the test sends. */
class ScriptedExchange implements Partial<PromptExchange> {
  onNews: (news: PromptNews) => void = () => {};
  readonly reads: Array<(reading: PromptReading) => void> = [];
  receive(onNews: (news: PromptNews) => void): void {
    this.onNews = onNews;
  }
  read(): Promise<PromptReading> {
    return new Promise((resolve) => this.reads.push(resolve));
  }
}

function setup() {
  const clock = new FakeClock(Date.now());
  const frames: string[] = [];
  const host: PromptDeskHost = {
    sendToDisplays: (_lane: string, frame: Frame) => frames.push(frame.text),
    openBillId: () => null,
    now: clock.now,
  };
  const exchange = new ScriptedExchange();
  const desk = new SharedPromptDesk(exchange as unknown as PromptExchange, host, { scheduleTimeout: clock.scheduleTimeout });
  return { desk, exchange, frames };
}

describe('shared prompt desk: numbered news', () => {
  it('news older than what it knows changes nothing', () => {
    const { desk, exchange, frames } = setup();
    exchange.onNews({ kind: 'show', lane: 't', seq: 7, open: open('new') });
    exchange.onNews({ kind: 'close', lane: 't', seq: 6, prompt_id: 'old', status: 'answered' });
    exchange.onNews({ kind: 'show', lane: 't', seq: 5, open: open('older') });
    assert.equal(desk.promptOn('t')?.prompt_id, 'new');
    assert.equal(desk.count, 1);
    assert.equal(frames.length, 1, 'only the newest reached the displays');
  });

  it("a display's opening: news heard while the read was out wins when newer, loses when older", async () => {
    const { desk, exchange } = setup();
    const racing = desk.openingText('t');
    exchange.onNews({ kind: 'show', lane: 't', seq: 9, open: open('asked-meanwhile') });
    exchange.reads.shift()!({ seq: 8, openSeq: 0, open: null }); // read before the prompt was asked
    assert.match(await racing, /event: prompt-show\ndata: .*asked-meanwhile/);

    const closedMeanwhile = desk.openingText('t');
    exchange.onNews({ kind: 'close', lane: 't', seq: 10, prompt_id: 'asked-meanwhile', status: 'answered' });
    exchange.reads.shift()!({ seq: 9, openSeq: 9, open: open('asked-meanwhile') }); // read before the answer
    assert.equal(await closedMeanwhile, '', 'no answered prompt in an opening');

    const stale = desk.openingText('t');
    exchange.reads.shift()!({ seq: 12, openSeq: 12, open: open('newer-than-known') }); // news 11, 12 not heard yet
    assert.match(await stale, /newer-than-known/);
  });
});
