/** Every scenario is valid on the wire and ends in the state it claims. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hub } from '../../src/hub/hub.js';
import { playScenario } from '../../src/scenarios/player.js';
import { SCENARIOS } from '../../src/scenarios/scenarios.js';
import { validateCommand, validatePrompt } from '../../src/protocol/index.js';
import { shopperAnswers } from '../../src/scenarios/scenarios.js';

describe('scenarios', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every step is a valid wire message, and it ends as it claims`, async () => {
      for (const [index, step] of scenario.steps.entries()) {
        if ('drop' in step || 'answer' in step) continue;
        const checked = 'ask' in step ? validatePrompt(step.ask) : validateCommand(step.publish, step.body);
        assert.ok(checked.ok, `step ${index}: ${!checked.ok && checked.message}`);
      }
      const hub = new Hub({ heartbeatMs: 0 });
      const drops: number[] = [];
      const clears: string[] = [];
      hub.onChange((_lane, command) => command.command === 'clear' && clears.push(command.body.reason));
      const playback = playScenario(
        { publish: (lane, command) => hub.publish(lane, command), drop: ({ offlineMs }) => drops.push(offlineMs), prompts: hub.prompts },
        scenario,
        { speed: 1000, lane: 'till-1' },
      );
      await playback.finished;
      const state = hub.state('till-1');
      assert.equal(state.bill?.bill_number ?? null, scenario.ends.bill);
      if (scenario.ends.items !== undefined) assert.equal(state.bill?.items.length, scenario.ends.items);
      assert.equal(state.modal !== null, scenario.ends.modal);
      assert.equal(state.payment?.status ?? null, scenario.ends.payment);
      if (scenario.ends.cleared) assert.equal(clears.at(-1), scenario.ends.cleared);
      assert.equal(drops.length, scenario.steps.filter((step) => 'drop' in step).length);
    });
  }

  it('shopper-answers: asks and answers by itself; the cashier hears every answer', async () => {
    const hub = new Hub({ heartbeatMs: 0 });
    const heard: unknown[] = [];
    hub.prompts.listen('till-1', { send: (frame) => heard.push(JSON.parse(frame.text.split('data: ')[1]!)), close: () => {} });
    await playScenario({ publish: (lane, command) => hub.publish(lane, command), prompts: hub.prompts }, shopperAnswers, { speed: 1000, lane: 'till-1' }).finished;
    assert.deepEqual(heard, [
      { prompt_id: 'tip-0105', status: 'answered', value: 11322 }, // 15 % of Rp 75.480
      { prompt_id: 'receipt-0105', status: 'answered', value: { channel: 'whatsapp', phone: '6281234567890' } },
    ]);
    await hub.close();
  });

  it('loops until stopped, and stops cleanly', async () => {
    const hub = new Hub({ heartbeatMs: 0 });
    let steps = 0;
    const playback = playScenario({ publish: (lane, command) => hub.publish(lane, command) }, SCENARIOS[2]!, {
      speed: 1000,
      loop: true,
      onStep: () => steps++,
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    playback.stop();
    const after = steps;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(after > SCENARIOS[2]!.steps.length, `played past one round (${after} steps)`);
    assert.equal(steps, after, 'nothing after stop');
  });
});
