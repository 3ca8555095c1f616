/**
 * The display's own check of the SSE events it parses: the same rules as `EVENT_SCHEMAS`
 * (schemas.ts, prompts.ts), written out by hand so the drop-in display does not carry
 * zod/mini (about 10 KB gzip, a third of what a screen fetches before its first bill; see
 * bench/bundle.ts). zod stays the source of truth: the hub validates every POST body with
 * it before an event exists, and test/node/event-checks.test.ts runs a corpus through both
 * and fails on any input one accepts and the other rejects, or on any different output
 * (defaults filled in, decimal strings turned into numbers).
 */
import { PAYMENT_SUCCESS } from './constants.js';
import type { EventData, EventName } from './schemas.js';
import type { Validated } from './validate.js';

/** Reads `input` at `path`: the value to keep, or throws {@link Invalid}. */
type Check<T = unknown> = (input: unknown, path: string) => T;
type Shape = Record<string, Check>;

/** Thrown by a check, caught by `checkEvent`. (Plain properties: no class fields in the ES2021 bundle.) */
class Invalid extends Error {
  declare field: string;
  declare reason: string;
  constructor(field: string, reason: string) {
    super(reason);
    this.field = field;
    this.reason = reason;
  }
}

const fail = (path: string, reason: string): never => {
  throw new Invalid(path || '(body)', reason);
};
const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
const isObject = (input: unknown): input is Record<string, unknown> => typeof input === 'object' && input !== null && !Array.isArray(input);

// --- the building blocks, each the counterpart of one zod/mini schema -------------------------

const number: Check<number> = (input, path) => (typeof input === 'number' && Number.isFinite(input) ? input : fail(path, 'expected a number'));
const string: Check<string> = (input, path) => (typeof input === 'string' ? input : fail(path, 'expected a string'));
const boolean: Check<boolean> = (input, path) => (typeof input === 'boolean' ? input : fail(path, 'expected true or false'));

/** `check` applied to what `base` returned. */
const refine =
  <T>(base: Check<T>, test: (value: T) => boolean, reason: string): Check<T> =>
  (input, path) => {
    const value = base(input, path);
    return test(value) ? value : fail(path, reason);
  };
const text = (min: number, max: number, reason = `must be at most ${max} characters`) =>
  refine(refine(string, (s) => s.length >= min, 'must not be empty'), (s) => s.length <= max, reason);
const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (input, path) =>
    values.includes(input as T) ? (input as T) : fail(path, `expected one of ${values.join(', ')}`);
const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (input, path) =>
    input === undefined ? undefined : check(input, path);
const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (input, path) =>
    input === null ? null : check(input, path);
const maybe = <T>(check: Check<T>) => optional(nullable(check));
const withDefault =
  <T>(check: Check<T>, value: () => T): Check<T> =>
  (input, path) =>
    input === undefined ? value() : check(input, path);
const either =
  (checks: Check[], reason: string): Check =>
  (input, path) => {
    for (const check of checks) {
      try {
        return check(input, path);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
      }
    }
    return fail(path, reason);
  };
const array =
  <T>(item: Check<T>, min: number, max: number): Check<T[]> =>
  (input, path) => {
    if (!Array.isArray(input)) return fail(path, 'expected an array');
    const out = input.map((value, index) => item(value, at(path, index)));
    if (out.length < min) fail(path, `needs at least ${min}`);
    if (out.length > max) fail(path, `at most ${max}`);
    return out;
  };

/** zod's `looseObject` (unknown keys kept) or `strictObject` (unknown keys refused). */
const object =
  (shape: Shape, strict = false): Check<Record<string, unknown>> =>
  (input, path) => {
    if (!isObject(input)) return fail(path, 'expected an object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (key in shape) continue;
      if (strict) fail(at(path, key), 'is not allowed');
      out[key] = input[key];
    }
    for (const [key, check] of Object.entries(shape)) {
      const value = check(input[key], at(path, key));
      if (value !== undefined || key in input) out[key] = value;
    }
    return out;
  };

// --- the wire's values (schemas.ts) --------------------------------------------------------------

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;
/** A number, or a decimal string (Python's Decimal) read as one. */
const amount: Check<number> = (input, path) => {
  if (typeof input === 'number' && Number.isFinite(input)) return input;
  if (typeof input === 'string' && DECIMAL_STRING.test(input) && Number.isFinite(Number(input))) return Number(input);
  return fail(path, 'expected a finite number');
};
const nonNegativeAmount = refine(amount, (n) => n >= 0, 'must be a finite number >= 0');
const id: Check = (input, path) =>
  (typeof input === 'string' && input.length > 0) || (typeof input === 'number' && Number.isFinite(input)) ? input : fail(path, 'expected a non-empty string or a number');

const billItem = object({
  id: optional(id),
  name: string,
  quantity: amount,
  unit_price: optional(amount),
  subtotal: amount,
  notes: maybe(string),
});

const billUpdate = object({
  bill_id: id,
  bill_number: maybe(either([string, number], 'expected a string or a number')),
  items: array(billItem, 0, Infinity),
  subtotal: withDefault(amount, () => 0),
  tax: withDefault(amount, () => 0),
  discount: withDefault(amount, () => 0),
  total: nonNegativeAmount,
  updated_at: maybe(number),
});

const modalData: Check = (input, path) => (isObject(input) ? { ...input } : fail(path, 'expected an object'));
const modalShow = object({ visible: optional(boolean), modal_type: maybe(string), html: maybe(string), data: maybe(modalData) });
const modalHide = object({ modal_type: maybe(string) });
const clear = object({ reason: withDefault(text(1, 64), () => PAYMENT_SUCCESS) });

// The date-time zod's `z.iso.datetime({ offset: true })` accepts (zod/v4/core/regexes.js):
// a real calendar date, seconds required, `Z` or a ±hh:mm offset.
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const ISO_DATE_TIME = new RegExp(`^${DATE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`);
const isoDateTime = refine(string, (s) => ISO_DATE_TIME.test(s), 'expected an ISO 8601 date-time');

const qrCode = object({
  payload: text(1, 2048),
  label: maybe(string),
  expires_at: maybe(either([number, isoDateTime], 'expected seconds since the epoch or an ISO 8601 date-time')),
});

const paymentUpdate = object({
  bill_id: id,
  amount_due: nonNegativeAmount,
  method: text(1, 64),
  tendered: maybe(nonNegativeAmount),
  change: maybe(nonNegativeAmount),
  status: oneOf(['pending', 'approved', 'declined', 'cancelled']),
  qr: maybe(qrCode),
  message: maybe(text(0, 200)),
  updated_at: maybe(number),
});

const connected = object({
  status: string,
  mode: optional(oneOf(['snapshot', 'resume'])),
  lane: optional(string),
  heartbeat_ms: optional(refine(number, (n) => n > 0, 'must be > 0')),
});

// --- the shopper's prompts (prompts.ts) ----------------------------------------------------------

const promptId = refine(string, (s) => /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(s), 'expected 1-64 letters, digits, ".", "_", ":" or "-"');
const whole = (min: number, max: number) => refine(number, (n) => Number.isSafeInteger(n) && n >= min && n <= max, `expected a whole number from ${min} to ${max}`);
const positive = refine(number, (n) => n > 0, 'must be > 0');
const countryCode = maybe(refine(string, (s) => /^\d{1,4}$/.test(s), 'expected 1-4 digits'));
const common: Shape = { prompt_id: promptId, title: maybe(text(1, 120)), message: maybe(text(1, 300)), timeout_s: maybe(whole(1, 600)) };
const prompt = (kind: string, shape: Shape) => object({ ...common, kind: (input, path) => (input === kind ? kind : fail(path, `expected "${kind}"`)), ...shape });

const tipPreset = either(
  [object({ percent: refine(number, (n) => n > 0 && n <= 100, 'must be > 0 and at most 100') }, true), object({ amount: positive }, true)],
  'expected {percent} or {amount}',
);
const uniqueValues = (options: unknown[]) => new Set(options.map((option) => (option as { value: string }).value)).size === options.length;

const PROMPTS: Record<string, Check> = {
  tip: prompt('tip', {
    amount_base: refine(number, (n) => n >= 0, 'must be a finite number >= 0'),
    presets: array(tipPreset, 1, 6),
    allow_custom: withDefault(boolean, () => true),
    allow_none: withDefault(boolean, () => true),
    max_amount: maybe(positive),
    round_to: withDefault(positive, () => 1),
  }),
  receipt: prompt('receipt', {
    channels: withDefault(array(oneOf(['print', 'email', 'whatsapp', 'sms', 'none']), 1, 5), () => ['print', 'email', 'whatsapp', 'none']),
    country_code: countryCode,
  }),
  phone: prompt('phone', { country_code: countryCode, min_length: withDefault(whole(4, 15), () => 6), max_length: withDefault(whole(4, 15), () => 15) }),
  confirm: prompt('confirm', { yes_label: maybe(text(1, 40)), no_label: maybe(text(1, 40)) }),
  rating: prompt('rating', { scale: withDefault(whole(3, 10), () => 5) }),
  choice: prompt('choice', {
    options: refine(array(object({ value: text(1, 64), label: text(1, 80) }, true), 1, 6), uniqueValues, 'option values must be unique'),
  }),
};
const promptShow: Check = (input, path) => {
  const kind = isObject(input) ? input.kind : undefined;
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(PROMPTS, kind) ? PROMPTS[kind]!(input, path) : fail('kind', `expected one of ${Object.keys(PROMPTS).join(', ')}`);
};

const EVENT_CHECKS: Record<EventName, Check> = {
  connected,
  'bill-update': billUpdate,
  'modal-show': modalShow,
  'modal-hide': modalHide,
  clear,
  'payment-update': paymentUpdate,
  ping: object({ timestamp: number }),
  'prompt-show': promptShow,
  'prompt-close': object({ prompt_id: promptId, reason: optional(string) }),
};

/** The events a display listens for: `EVENT_NAMES` without importing the schemas (the test checks they are equal). */
export const DISPLAY_EVENT_NAMES = Object.keys(EVENT_CHECKS) as EventName[];

/** Checks the data of SSE event `event` as `validateEvent` (zod) would, without zod. */
export function checkEvent<K extends EventName>(event: K, input: unknown): Validated<EventData<K>> {
  try {
    return { ok: true, value: EVENT_CHECKS[event](input, '') as EventData<K> };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    const missing = error.reason !== 'expected an object' && isMissingAt(input, error.field);
    return { ok: false, field: error.field, message: `${error.field}: ${missing ? 'is required' : error.reason}` };
  }
}

function isMissingAt(input: unknown, field: string): boolean {
  if (field === '(body)') return input === undefined;
  let value = input;
  for (const key of field.split('.')) {
    if (!isObject(value) && !Array.isArray(value)) return true;
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined;
}
