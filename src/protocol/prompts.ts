/**
 * The shopper answers: a prompt the cashier asks (`POST /prompt`), shown on the displays of
 * its lane (`prompt-show`), answered on one of them (`POST /respond`), closed on all of them
 * (`prompt-close`), and reported to the cashier (`prompt-response` on `GET /responses`).
 * Prompts are not lane state: nothing here is stored, journaled or replayed.
 *
 * One schema per kind (`prompt-answers.ts` checks an answer against its prompt). Amounts are
 * plain numbers here (no decimal strings): prompts come from our publisher or a new client.
 */
import * as z from 'zod/mini';

const text = (max: number) =>
  z.string({ error: 'expected a string' }).check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(max, { error: `must be at most ${max} characters` }),
  );

const PromptId = z.string({ error: 'expected a string' }).check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { error: 'expected 1-64 letters, digits, ".", "_", ":" or "-"' }),
);

const positive = (error: string) => z.number({ error: 'expected a number' }).check(z.gt(0, { error }));
const whole = (min: number, max: number) =>
  z.number({ error: 'expected a number' }).check(
    z.int({ error: 'expected a whole number' }),
    z.gte(min, { error: `must be at least ${min}` }),
    z.lte(max, { error: `must be at most ${max}` }),
  );

/** What every kind shares. `timeout_s`: the prompt closes by itself (the cashier gets `timeout`). */
const common = {
  prompt_id: PromptId,
  title: z.optional(z.nullable(text(120))),
  message: z.optional(z.nullable(text(300))),
  timeout_s: z.optional(z.nullable(whole(1, 600))),
};

/** A tip preset: a percent of `amount_base`, or a fixed amount. */
const TipPreset = z.union(
  [
    z.strictObject({ percent: z.number().check(z.gt(0, { error: 'must be > 0' }), z.lte(100, { error: 'must be at most 100' })) }),
    z.strictObject({ amount: positive('must be > 0') }),
  ],
  { error: 'expected {percent} or {amount}' },
);

export const TipPrompt = z.looseObject({
  ...common,
  kind: z.literal('tip'),
  /** What the percentages are of (the bill's total, usually). */
  amount_base: z.number({ error: 'expected a number' }).check(z.gte(0, { error: 'must be a finite number >= 0' })),
  presets: z.array(TipPreset, { error: 'expected an array' }).check(z.minLength(1, { error: 'needs at least 1 preset' }), z.maxLength(6, { error: 'at most 6 presets' })),
  /** The shopper may type another amount (up to `max_amount`). Default true. */
  allow_custom: z._default(z.boolean({ error: 'expected true or false' }), true),
  /** The shopper may choose no tip (value 0). Default true. */
  allow_none: z._default(z.boolean({ error: 'expected true or false' }), true),
  /** The largest tip accepted. Default: `amount_base` (100 %). */
  max_amount: z.optional(z.nullable(positive('must be > 0'))),
  /** Percent presets are rounded to a multiple of this (1: whole units, as rupiah; 0.01: cents). Default 1. */
  round_to: z._default(positive('must be > 0'), 1),
});
export type TipPrompt = z.infer<typeof TipPrompt>;

export const RECEIPT_CHANNELS = ['print', 'email', 'whatsapp', 'sms', 'none'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];
const ReceiptChannelSchema = z.enum(RECEIPT_CHANNELS, { error: `expected one of ${RECEIPT_CHANNELS.join(', ')}` });

const CountryCode = z.optional(z.nullable(z.string().check(z.regex(/^\d{1,4}$/, { error: 'expected 1-4 digits' }))));

export const ReceiptPrompt = z.looseObject({
  ...common,
  kind: z.literal('receipt'),
  channels: z._default(
    z.array(ReceiptChannelSchema, { error: 'expected an array' }).check(z.minLength(1, { error: 'needs at least 1 channel' }), z.maxLength(5)),
    ['print', 'email', 'whatsapp', 'none'],
  ),
  /** Shown before a phone number typed for WhatsApp or SMS (e.g. `62`). */
  country_code: CountryCode,
});
export type ReceiptPrompt = z.infer<typeof ReceiptPrompt>;

export const PhonePrompt = z.looseObject({
  ...common,
  kind: z.literal('phone'),
  country_code: CountryCode,
  min_length: z._default(whole(4, 15), 6),
  max_length: z._default(whole(4, 15), 15),
});
export type PhonePrompt = z.infer<typeof PhonePrompt>;

export const ConfirmPrompt = z.looseObject({
  ...common,
  kind: z.literal('confirm'),
  yes_label: z.optional(z.nullable(text(40))),
  no_label: z.optional(z.nullable(text(40))),
});
export type ConfirmPrompt = z.infer<typeof ConfirmPrompt>;

export const RatingPrompt = z.looseObject({
  ...common,
  kind: z.literal('rating'),
  /** Stars, 1 to `scale`. Default 5. */
  scale: z._default(whole(3, 10), 5),
});
export type RatingPrompt = z.infer<typeof RatingPrompt>;

const ChoiceOption = z.strictObject({ value: text(64), label: text(80) });

export const ChoicePrompt = z.looseObject({
  ...common,
  kind: z.literal('choice'),
  options: z.array(ChoiceOption, { error: 'expected an array' }).check(
    z.minLength(1, { error: 'needs at least 1 option' }),
    z.maxLength(6, { error: 'at most 6 options' }),
    z.refine((options) => new Set(options.map((option) => option.value)).size === options.length, { error: 'option values must be unique' }),
  ),
});
export type ChoicePrompt = z.infer<typeof ChoicePrompt>;

export const PROMPT_KINDS = ['tip', 'receipt', 'phone', 'confirm', 'rating', 'choice'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** Body of `POST /prompt`, one schema per `kind`. */
export const PromptBody = z.discriminatedUnion('kind', [TipPrompt, ReceiptPrompt, PhonePrompt, ConfirmPrompt, RatingPrompt, ChoicePrompt], {
  error: `kind: expected one of ${PROMPT_KINDS.join(', ')}`,
});
export type Prompt = z.infer<typeof PromptBody>;
export type PromptInput = z.input<typeof PromptBody>;

/**
 * `prompt-show` event: the prompt as validated, plus `expires_in_s` (what is left of
 * `timeout_s` when this frame was written: a display that connects late counts from it).
 */
export const PromptShowEvent = PromptBody;
export type PromptShown = Prompt & { expires_in_s?: number | null };

/** Why a prompt closed. */
export const PROMPT_CLOSE_REASONS = ['answered', 'timeout', 'cancelled'] as const;
export type PromptCloseReason = (typeof PROMPT_CLOSE_REASONS)[number];

/** `prompt-close` event. */
export const PromptCloseEvent = z.looseObject({ prompt_id: PromptId, reason: z.optional(z.string()) });
export type PromptCloseEvent = z.infer<typeof PromptCloseEvent>;

/** Body of `POST /respond` (shape only: the value is checked against its prompt by {@link validateAnswer}). */
export const RespondBody = z.looseObject({ prompt_id: PromptId, value: z.unknown() });
export type RespondBody = z.infer<typeof RespondBody>;

/** Body of `POST /cancel-prompt`. */
export const CancelPromptBody = z.looseObject({ prompt_id: PromptId });

/** `prompt-response` event on the cashier's `GET /responses` stream. */
export const PromptResponseEvent = z.looseObject({
  prompt_id: PromptId,
  status: z.enum(['answered', 'timeout', 'cancelled']),
  value: z.optional(z.unknown()),
  /** Why it was cancelled: `cashier`, `new-bill`, `clear`, `payment-approved`, `replaced`. */
  reason: z.optional(z.string()),
});
export type PromptResponse = z.infer<typeof PromptResponseEvent>;


/** What `ask()` resolves to. */
export type PromptOutcome<V = unknown> = { status: 'answered'; value: V } | { status: 'timeout' } | { status: 'cancelled'; reason?: string };

