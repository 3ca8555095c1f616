/**
 * The shopper's answers, checked against their prompt without a hub: the tip amounts both
 * sides show (percent presets rounded for the currency, fixed amounts), the largest tip,
 * and every kind's valid and invalid answers with the message the hub replies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmail, isPhone, maxTip, tipPresetAmount, validateAnswer, validatePrompt } from '../../src/protocol/prompt-answers.js';
import type { Prompt, PromptInput, TipPrompt } from '../../src/protocol/prompts.js';

/** A prompt as the hub holds it: validated, with the schema's defaults filled in. */
function prompt(input: Omit<PromptInput, 'prompt_id'>): Prompt {
  const checked = validatePrompt({ prompt_id: 'p-1', ...input });
  if (!checked.ok) throw new Error(`fixture: ${checked.message}`);
  return checked.value;
}
const tipPrompt = (input: Partial<Omit<TipPrompt, 'kind' | 'prompt_id'>>) => prompt({ kind: 'tip', amount_base: 100, presets: [{ percent: 10 }], ...input }) as TipPrompt;

/** `ok <value>` or the failure's message (the field is always `value`). */
function answer(to: Prompt, value: unknown): string {
  const result = validateAnswer(to, value);
  if (result.ok) return `ok ${JSON.stringify(result.value)}`;
  assert.equal(result.field, 'value');
  return result.message;
}

function assertAnswers(to: Prompt, rows: Array<[value: unknown, expected: string]>): void {
  for (const [value, expected] of rows) assert.equal(answer(to, value), expected, `${to.kind}: ${JSON.stringify(value)}`);
}

describe('tipPresetAmount', () => {
  it('a percent of the base, rounded to a multiple of round_to; a fixed amount as given', () => {
    const rows: Array<[base: number, roundTo: number, preset: { percent: number } | { amount: number }, expected: number]> = [
      // Rupiah: whole units (the default).
      [100_000, 1, { percent: 10 }, 10_000],
      [99_999, 1, { percent: 12.5 }, 12_500],
      [33_333, 1, { percent: 15 }, 5_000],
      [25, 1, { percent: 10 }, 3], // 2.5: half rounds up
      [24, 1, { percent: 10 }, 2],
      // Rounded to 500 rupiah, as a shop without small coins asks.
      [87_650, 500, { percent: 10 }, 9_000],
      [87_650, 500, { percent: 5 }, 4_500],
      // Cents, without binary-fraction noise (0.1 + 0.2 !== 0.3).
      [47.23, 0.01, { percent: 15 }, 7.08],
      [47.23, 0.01, { percent: 18 }, 8.5],
      [47.23, 0.01, { percent: 20 }, 9.45],
      [12.34, 0.01, { percent: 15 }, 1.85],
      [0.3, 0.01, { percent: 10 }, 0.03],
      [19.99, 0.05, { percent: 15 }, 3],
      [0, 1, { percent: 20 }, 0],
      [100, 1, { percent: 100 }, 100],
      // A fixed amount is not rounded.
      [100_000, 500, { amount: 7_250 }, 7_250],
      [47.23, 0.01, { amount: 2.5 }, 2.5],
    ];
    for (const [amount_base, round_to, preset, expected] of rows) {
      assert.equal(tipPresetAmount({ amount_base, round_to }, preset), expected, `${JSON.stringify(preset)} of ${amount_base} to ${round_to}`);
    }
  });

  it('uses round_to 1 when the prompt does not say', () => {
    assert.equal(tipPromptAmount(tipPrompt({ amount_base: 99.5, presets: [{ percent: 15 }] })), 15);
  });

  function tipPromptAmount(tip: TipPrompt): number {
    return tipPresetAmount(tip, tip.presets[0]!);
  }
});

describe('maxTip', () => {
  it('max_amount when given; else the base or the largest preset, whichever is more', () => {
    const rows: Array<[Partial<TipPrompt>, number]> = [
      [{ amount_base: 100, presets: [{ percent: 10 }] }, 100],
      [{ amount_base: 100, presets: [{ percent: 10 }], max_amount: 30 }, 30],
      [{ amount_base: 100, presets: [{ percent: 10 }], max_amount: null }, 100],
      [{ amount_base: 100, presets: [{ percent: 10 }, { amount: 150 }] }, 150],
      [{ amount_base: 0, presets: [{ amount: 5 }] }, 5],
      [{ amount_base: 47.23, round_to: 0.01, presets: [{ percent: 20 }] }, 47.23],
    ];
    for (const [input, expected] of rows) assert.equal(maxTip(tipPrompt(input)), expected, JSON.stringify(input));
  });
});

describe('validateAnswer', () => {
  it('tip: a preset, a custom amount up to the most, none when allowed', () => {
    const tip = tipPrompt({ amount_base: 200_000, presets: [{ percent: 10 }, { percent: 15 }, { amount: 5_000 }], max_amount: 50_000 });
    assertAnswers(tip, [
      [20_000, 'ok 20000'],
      [30_000, 'ok 30000'],
      [5_000, 'ok 5000'],
      [12_345, 'ok 12345'],
      [50_000, 'ok 50000'],
      [50_001, 'value: must be at most 50000'],
      [0, 'ok 0'],
      [-1, 'value: expected a tip amount >= 0'],
      ['20000', 'value: expected a tip amount >= 0'],
      [Number.NaN, 'value: expected a tip amount >= 0'],
      [Number.POSITIVE_INFINITY, 'value: expected a tip amount >= 0'],
      [null, 'value: expected a tip amount >= 0'],
      [undefined, 'value: expected a tip amount >= 0'],
    ]);
  });

  it('tip: presets only, a tip required, and a preset above max_amount still counts', () => {
    const strict = tipPrompt({ amount_base: 47.23, round_to: 0.01, presets: [{ percent: 15 }, { percent: 20 }], allow_custom: false, allow_none: false, max_amount: 8 });
    assertAnswers(strict, [
      [7.08, 'ok 7.08'],
      [9.45, 'ok 9.45'], // a preset, though above max_amount: the cashier offered it
      [7.09, 'value: expected one of the preset amounts'],
      [7.0845, 'value: expected one of the preset amounts'], // unrounded: not what the display showed
      [0, 'value: a tip is required'],
    ]);
    // Without max_amount, a custom tip may go up to the bill (100 %).
    assertAnswers(tipPrompt({ amount_base: 100 }), [
      [100, 'ok 100'],
      [100.01, 'value: must be at most 100'],
    ]);
  });

  it('receipt: one of the prompt\'s channels; an email address or a phone number for the channels that need one', () => {
    const receipt = prompt({ kind: 'receipt', channels: ['print', 'email', 'whatsapp', 'sms', 'none'] });
    assertAnswers(receipt, [
      [{ channel: 'print' }, 'ok {"channel":"print"}'],
      [{ channel: 'none' }, 'ok {"channel":"none"}'],
      [{ channel: 'print', email: 'extra@example.com' }, 'ok {"channel":"print"}'], // only what the channel needs is delivered
      [{ channel: 'email', email: 'ani@example.co.id' }, 'ok {"channel":"email","email":"ani@example.co.id"}'],
      [{ channel: 'email', email: 'a@b' }, 'value: email: expected an email address'],
      [{ channel: 'email', email: '<b>@example.com' }, 'value: email: expected an email address'],
      [{ channel: 'email' }, 'value: email: expected an email address'],
      [{ channel: 'whatsapp', phone: '628123456789' }, 'ok {"channel":"whatsapp","phone":"628123456789"}'],
      [{ channel: 'sms', phone: '0812345' }, 'ok {"channel":"sms","phone":"0812345"}'],
      [{ channel: 'whatsapp', phone: '+628123456789' }, 'value: phone: expected 6-15 digits'],
      [{ channel: 'sms', phone: '12345' }, 'value: phone: expected 6-15 digits'],
      [{ channel: 'sms', phone: 628123456789 }, 'value: phone: expected 6-15 digits'],
      [{ channel: 'fax' }, 'value: channel: expected one of print, email, whatsapp, sms, none'],
      ['print', 'value: channel: expected one of print, email, whatsapp, sms, none'],
      [null, 'value: channel: expected one of print, email, whatsapp, sms, none'],
    ]);
    // The default channels have no SMS: a channel the prompt did not offer is refused.
    assertAnswers(prompt({ kind: 'receipt' }), [[{ channel: 'sms', phone: '0812345678' }, 'value: channel: expected one of print, email, whatsapp, none']]);
  });

  it('phone: digits only, within the prompt\'s lengths (default 6-15)', () => {
    assertAnswers(prompt({ kind: 'phone' }), [
      ['123456', 'ok "123456"'],
      ['123456789012345', 'ok "123456789012345"'],
      ['12345', 'value: expected 6-15 digits'],
      ['1234567890123456', 'value: expected 6-15 digits'],
      ['0812 3456', 'value: expected 6-15 digits'],
      ['+62812345', 'value: expected 6-15 digits'],
      [81234567, 'value: expected 6-15 digits'],
    ]);
    assertAnswers(prompt({ kind: 'phone', min_length: 8, max_length: 10 }), [
      ['12345678', 'ok "12345678"'],
      ['1234567', 'value: expected 8-10 digits'],
      ['12345678901', 'value: expected 8-10 digits'],
    ]);
  });

  it('confirm: true or false', () => {
    assertAnswers(prompt({ kind: 'confirm' }), [
      [true, 'ok true'],
      [false, 'ok false'],
      ['yes', 'value: expected true or false'],
      [1, 'value: expected true or false'],
      [null, 'value: expected true or false'],
    ]);
  });

  it('rating: a whole number from 1 to the scale (default 5)', () => {
    assertAnswers(prompt({ kind: 'rating' }), [
      [1, 'ok 1'],
      [5, 'ok 5'],
      [0, 'value: expected a whole number from 1 to 5'],
      [6, 'value: expected a whole number from 1 to 5'],
      [2.5, 'value: expected a whole number from 1 to 5'],
      ['3', 'value: expected a whole number from 1 to 5'],
    ]);
    assertAnswers(prompt({ kind: 'rating', scale: 10 }), [
      [10, 'ok 10'],
      [11, 'value: expected a whole number from 1 to 10'],
    ]);
  });

  it('choice: one of the options\' values (not their labels)', () => {
    const choice = prompt({ kind: 'choice', options: [{ value: 'bag', label: 'Paper bag' }, { value: 'no-bag', label: 'No bag' }] });
    assertAnswers(choice, [
      ['bag', 'ok "bag"'],
      ['no-bag', 'ok "no-bag"'],
      ['Paper bag', 'value: expected one of the option values'],
      ['BAG', 'value: expected one of the option values'],
      [null, 'value: expected one of the option values'],
    ]);
  });
});

describe('validatePrompt', () => {
  it('fills in the defaults and refuses a phone prompt whose shortest number is longer than its longest', () => {
    const tip = tipPrompt({});
    assert.deepEqual([tip.allow_custom, tip.allow_none, tip.round_to], [true, true, 1]);
    assert.deepEqual((prompt({ kind: 'receipt' }) as { channels: string[] }).channels, ['print', 'email', 'whatsapp', 'none']);
    const phone = validatePrompt({ prompt_id: 'p-1', kind: 'phone', min_length: 10, max_length: 8 });
    assert.deepEqual(phone, { ok: false, field: 'min_length', message: 'min_length: must not exceed max_length' });
    const kind = validatePrompt({ prompt_id: 'p-1', kind: 'survey' });
    assert.equal(kind.ok, false);
    assert.match(!kind.ok ? kind.message : '', /kind: expected one of tip, receipt, phone, confirm, rating, choice/);
  });
});

describe('isEmail and isPhone', () => {
  it('an address with one @ and a dotted domain; 6-15 digits by default', () => {
    const emails: Array<[unknown, boolean]> = [
      ['ani@example.com', true],
      ['first.last+tag@sub.example.co.id', true],
      ['ani@example', false],
      ['ani@@example.com', false],
      ['ani example@example.com', false],
      ['ani@-example.com', false],
      [`${'a'.repeat(65)}@example.com`, false],
      [`ani@${'a'.repeat(250)}.com`, false],
      [42, false],
    ];
    for (const [value, expected] of emails) assert.equal(isEmail(value), expected, String(value));
    assert.deepEqual(
      ['123456', '12345', '1234567890123456', '12a456', 123456].map((value) => isPhone(value)),
      [true, false, false, false, false],
    );
    assert.equal(isPhone('1234', 4, 4), true);
  });
});
