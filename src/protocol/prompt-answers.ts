/**
 * An answer checked against the prompt it answers, so the hub, the BroadcastChannel hub and
 * the display agree on what a valid answer is; and the tip amounts both sides show.
 */
import type { Prompt, PromptKind, ReceiptChannel, ReceiptPrompt, TipPrompt } from './prompts.js';
import { PromptBody } from './prompts.js';
import { validate, type Validated } from './validate.js';

export function validatePrompt(input: unknown): Validated<Prompt> {
  const result = validate(PromptBody, input);
  if (result.ok && result.value.kind === 'phone' && result.value.min_length > result.value.max_length) {
    return { ok: false, field: 'min_length', message: 'min_length: must not exceed max_length' };
  }
  return result;
}

/** A percent preset as an amount, rounded to the prompt's unit. */
export function tipPresetAmount(prompt: Pick<TipPrompt, 'amount_base' | 'round_to'>, preset: { percent: number } | { amount: number }): number {
  if ('amount' in preset) return preset.amount;
  const unit = prompt.round_to;
  // Rounded in whole units of `round_to` so 0.01 gives cents without binary-fraction noise.
  return Number((Math.round((prompt.amount_base * preset.percent) / 100 / unit) * unit).toFixed(6));
}

/** The largest tip a prompt accepts. */
export function maxTip(prompt: TipPrompt): number {
  return prompt.max_amount ?? Math.max(prompt.amount_base, ...prompt.presets.map((preset) => tipPresetAmount(prompt, preset)));
}

/** An address a receipt may go to: no markup, no spaces, one `@`, a dotted domain. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DIGITS = /^\d+$/;

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
}

export function isPhone(value: unknown, min = 6, max = 15): value is string {
  return typeof value === 'string' && DIGITS.test(value) && value.length >= min && value.length <= max;
}

/** The receipt answer: `{channel}`, with `email` or `phone` for the channels that need one. */
export type ReceiptAnswer = { channel: 'print' | 'none' } | { channel: 'email'; email: string } | { channel: 'whatsapp' | 'sms'; phone: string };

/** The answer to each kind of prompt, as `validateAnswer` delivers it (a choice: its option's `value`). */
export interface PromptAnswerValues {
  tip: number;
  receipt: ReceiptAnswer;
  phone: string;
  confirm: boolean;
  rating: number;
  choice: string;
}

/** An answer to any prompt. */
export type PromptAnswerValue = PromptAnswerValues[PromptKind];

const fail = (message: string): Validated<never> => ({ ok: false, field: 'value', message: `value: ${message}` });
const ok = <T>(value: T): Validated<T> => ({ ok: true, value });

function tipAnswer(prompt: TipPrompt, value: unknown): Validated<number> {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail('expected a tip amount >= 0');
  if (value === 0) return prompt.allow_none ? ok(0) : fail('a tip is required');
  const presets = prompt.presets.map((preset) => tipPresetAmount(prompt, preset));
  if (presets.includes(value)) return ok(value);
  if (!prompt.allow_custom) return fail('expected one of the preset amounts');
  return value <= maxTip(prompt) ? ok(value) : fail(`must be at most ${maxTip(prompt)}`);
}

function receiptAnswer(prompt: ReceiptPrompt, value: unknown): Validated<ReceiptAnswer> {
  const answer = (value ?? {}) as Record<string, unknown>;
  const channel = answer.channel as ReceiptChannel;
  if (typeof value !== 'object' || !prompt.channels.includes(channel)) return fail(`channel: expected one of ${prompt.channels.join(', ')}`);
  if (channel === 'email') return isEmail(answer.email) ? ok({ channel, email: answer.email }) : fail('email: expected an email address');
  if (channel === 'whatsapp' || channel === 'sms') return isPhone(answer.phone) ? ok({ channel, phone: answer.phone }) : fail('phone: expected 6-15 digits');
  return ok({ channel } as ReceiptAnswer);
}

/** Checks an answer against the prompt it answers; the value returned is the one to deliver. */
export function validateAnswer(prompt: Prompt, value: unknown): Validated<unknown> {
  switch (prompt.kind) {
    case 'tip':
      return tipAnswer(prompt, value);
    case 'receipt':
      return receiptAnswer(prompt, value);
    case 'phone':
      return isPhone(value, prompt.min_length, prompt.max_length) ? ok(value) : fail(`expected ${prompt.min_length}-${prompt.max_length} digits`);
    case 'confirm':
      return typeof value === 'boolean' ? ok(value) : fail('expected true or false');
    case 'rating':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= prompt.scale ? ok(value) : fail(`expected a whole number from 1 to ${prompt.scale}`);
    case 'choice':
      return prompt.options.some((option) => option.value === value) ? ok(value) : fail('expected one of the option values');
  }
}
