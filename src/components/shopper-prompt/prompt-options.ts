/**
 * Each kind of prompt as a list of buttons, and an answer as the words that show it. Pure:
 * the element renders what these return.
 */
import { tipPresetAmount, type PromptAnswerValue, type PromptShown, type ReceiptAnswer, type TipPrompt } from '../../protocol/index.js';
import type { DisplayStrings } from '../strings.js';

/** One `<button part="option" data-value="…">`. */
export interface Option {
  /** `data-value`: what a test or a page selects it by. */
  value: string;
  /** The big text; `detail` the smaller line under it. */
  main: string;
  detail?: string;
  /** For screen readers, when `main` + `detail` are not enough (stars). */
  label?: string;
  /** The answer it sends (unless it opens a pad). */
  answer?: PromptAnswerValue;
  /** Opens a pad instead of answering. */
  opens?: 'amount' | 'phone' | 'email';
  channel?: 'email' | 'whatsapp' | 'sms';
  className?: string;
}

type Money = (amount: number) => string;

/** `'{n} of {max}'` with `{n: 3, max: 5}` → `3 of 5`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function countdownText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const percentFormat = (percent: number) => `${percent} %`;

function tipOptions(prompt: TipPrompt, money: Money, words: DisplayStrings): Option[] {
  const options: Option[] = prompt.presets.map((preset) => {
    const amount = tipPresetAmount(prompt, preset);
    return 'percent' in preset
      ? { value: String(amount), main: percentFormat(preset.percent), detail: money(amount), answer: amount }
      : { value: String(amount), main: money(amount), answer: amount };
  });
  if (prompt.allow_custom) options.push({ value: 'custom', main: words.prompts.otherAmount, opens: 'amount', className: 'secondary' });
  if (prompt.allow_none) options.push({ value: '0', main: words.prompts.noTip, answer: 0, className: 'secondary' });
  return options;
}

function receiptOptions(channels: readonly ReceiptAnswer['channel'][], words: DisplayStrings): Option[] {
  return channels.map((channel) => {
    const main = words.prompts.channels[channel];
    if (channel === 'email') return { value: channel, main, opens: 'email', channel };
    if (channel === 'whatsapp' || channel === 'sms') return { value: channel, main, opens: 'phone', channel };
    return { value: channel, main, answer: { channel }, className: channel === 'none' ? 'secondary' : undefined };
  });
}

export function optionsOf(prompt: PromptShown, money: Money, words: DisplayStrings): Option[] {
  const p = words.prompts;
  switch (prompt.kind) {
    case 'tip':
      return tipOptions(prompt, money, words);
    case 'receipt':
      return receiptOptions(prompt.channels, words);
    case 'confirm':
      return [
        { value: 'yes', main: prompt.yes_label || p.yes, answer: true },
        { value: 'no', main: prompt.no_label || p.no, answer: false, className: 'secondary' },
      ];
    case 'rating':
      return Array.from({ length: prompt.scale }, (_, i) => ({
        value: String(i + 1),
        main: '★'.repeat(i + 1),
        detail: String(i + 1),
        label: fill(p.stars, { n: i + 1, max: prompt.scale }),
        answer: i + 1,
        className: 'star',
      }));
    case 'choice':
      return prompt.options.map((option) => ({ value: option.value, main: option.label, answer: option.value }));
    case 'phone':
      return [];
  }
}

/** The answer as the shopper should see it confirmed. */
export function answerText(prompt: PromptShown, value: unknown, money: Money, words: DisplayStrings): string {
  const p = words.prompts;
  switch (prompt.kind) {
    case 'tip':
      return value === 0 ? p.noTip : money(Number(value));
    case 'receipt': {
      const answer = value as ReceiptAnswer;
      const address = 'email' in answer ? answer.email : 'phone' in answer ? `+${answer.phone}` : '';
      return [p.channels[answer.channel], address].filter(Boolean).join(' · ');
    }
    case 'confirm':
      return value === true ? prompt.yes_label || p.yes : prompt.no_label || p.no;
    case 'rating':
      return fill(p.stars, { n: Number(value), max: prompt.scale });
    case 'choice':
      return prompt.options.find((option) => option.value === value)?.label ?? String(value);
    case 'phone':
      return `+${String(value)}`.replace(/^\+(?=0)/, '');
  }
}
