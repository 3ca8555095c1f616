/**
 * The wire protocol between cashier apps, the hub and the displays, as zod schemas.
 * Every TypeScript type of a wire message is inferred from these: one source of truth
 * for the hub (validating POST bodies) and for `<display-sync>` (validating SSE events).
 *
 * Compatibility rules (see shared wire-protocol.md):
 * - accept what the original Django cashier sends, unchanged: snake_case, ids as strings
 *   or numbers, `notes` optional, unknown fields kept (loose objects);
 * - reject what the original display rejected (no `bill_id`, `items` not an array,
 *   `total` not a finite non-negative number) and any non-finite number.
 *
 * `zod/mini` keeps the drop-in display bundle small; the schemas are the same as full zod's.
 */
import * as z from 'zod/mini';
import { PAYMENT_SUCCESS } from './constants.js';
import { PromptCloseEvent, PromptShowEvent } from './prompts.js';

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/**
 * A finite number. JSON written by Python's `Decimal`-aware encoders sends money as a
 * decimal string ("27750.00"); such strings are accepted and normalised to numbers so
 * every display receives numbers.
 */
export const Amount = z.union(
  [
    z.number(),
    z.pipe(
      // A 400-digit string is a valid decimal but not a finite number.
      z.string().check(z.regex(DECIMAL_STRING), z.refine((text) => Number.isFinite(Number(text)))),
      z.transform((text) => Number(text)),
    ),
  ],
  { error: 'expected a finite number' },
);

const NonNegativeAmount = z.pipe(
  Amount,
  z.number().check(z.gte(0, { error: 'must be a finite number >= 0' })),
);

/** Bill and item ids: the original sends UUID strings, other POS systems send integers. */
export const Id = z.union(
  [z.string().check(z.minLength(1)), z.number()],
  { error: 'expected a non-empty string or a number' },
);

export const BillItem = z.looseObject({
  id: z.optional(Id),
  name: z.string({ error: 'expected a string' }),
  quantity: Amount,
  unit_price: z.optional(Amount),
  subtotal: Amount,
  notes: z.optional(z.nullable(z.string({ error: 'expected a string' }))),
});
export type BillItem = z.infer<typeof BillItem>;

/** Body of `POST /update-bill`. Missing totals default to 0, as the original bridge does. */
export const UpdateBillBody = z.looseObject({
  bill_id: Id,
  bill_number: z.optional(z.nullable(z.union([z.string(), z.number()], { error: 'expected a string or a number' }))),
  items: z.array(BillItem, { error: 'expected an array' }),
  subtotal: z._default(Amount, 0),
  tax: z._default(Amount, 0),
  discount: z._default(Amount, 0),
  total: NonNegativeAmount,
});
export type UpdateBillBody = z.infer<typeof UpdateBillBody>;

/** `bill-update` event: the bill as posted, plus `updated_at` (seconds since the epoch). */
export const BillUpdateEvent = z.looseObject({
  ...UpdateBillBody.shape,
  updated_at: z.optional(z.nullable(z.number())),
});
export type Bill = z.infer<typeof BillUpdateEvent>;

const ModalType = z.optional(z.nullable(z.string({ error: 'expected a string' })));
const ModalData = z.record(z.string(), z.unknown(), { error: 'expected an object' });

/** Body of `POST /show-modal`. `html` is the cashier's cloned modal; `data` its fields. */
export const ShowModalBody = z.looseObject({
  modal_type: ModalType,
  html: z.optional(z.nullable(z.string({ error: 'expected a string' }))),
  data: z.optional(z.nullable(ModalData)),
});
export type ShowModalBody = z.infer<typeof ShowModalBody>;

/** `modal-show` event. */
export const ModalShowEvent = z.looseObject({
  visible: z.optional(z.boolean()),
  modal_type: ModalType,
  html: z.optional(z.nullable(z.string())),
  data: z.optional(z.nullable(ModalData)),
});
export type ModalShowEvent = z.infer<typeof ModalShowEvent>;

/** Body of `POST /hide-modal` (may be empty) and the `modal-hide` event. */
export const HideModalBody = z.looseObject({ modal_type: ModalType });
export type HideModalBody = z.infer<typeof HideModalBody>;
export const ModalHideEvent = HideModalBody;
export type ModalHideEvent = HideModalBody;

/** Why a display was cleared. The original always said `payment_success`. */
export const ClearReason = z.string({ error: 'expected a string' }).check(
  z.minLength(1, { error: 'must not be empty' }),
  z.maxLength(64, { error: 'must be at most 64 characters' }),
);
export const DEFAULT_CLEAR_REASON = PAYMENT_SUCCESS;

/** Body of `POST /clear`: empty in the original; `reason` is our extension. */
export const ClearBody = z.looseObject({ reason: z._default(ClearReason, DEFAULT_CLEAR_REASON) });
export type ClearBody = z.infer<typeof ClearBody>;

/** `clear` event. */
export const ClearEvent = z.looseObject({ reason: z._default(ClearReason, DEFAULT_CLEAR_REASON) });
export type ClearEvent = z.infer<typeof ClearEvent>;

/** Where a payment stands. `cancelled` takes the payment view off the screen. */
export const PaymentStatus = z.enum(['pending', 'approved', 'declined', 'cancelled'], {
  error: 'expected pending, approved, declined or cancelled',
});
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** A QR code to scan (QRIS / EMVCo merchant-presented payload, or any text). */
export const QrCode = z.looseObject({
  payload: z.string({ error: 'expected a string' }).check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(2048, { error: 'must be at most 2048 characters' }),
  ),
  label: z.optional(z.nullable(z.string({ error: 'expected a string' }))),
  /** When the code stops being valid: seconds since the epoch, or an ISO 8601 date-time. */
  expires_at: z.optional(
    z.nullable(
      z.union([z.number(), z.iso.datetime({ offset: true })], { error: 'expected seconds since the epoch or an ISO 8601 date-time' }),
    ),
  ),
});
export type QrCode = z.infer<typeof QrCode>;

/** Body of `POST /payment` (our extension): the payment, structured, so no HTML is needed. */
export const PaymentBody = z.looseObject({
  bill_id: Id,
  amount_due: NonNegativeAmount,
  /** `cash`, `qris`, `card`, … shown as given (built-in words for the common ones). */
  method: z.string({ error: 'expected a string' }).check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(64, { error: 'must be at most 64 characters' }),
  ),
  tendered: z.optional(z.nullable(NonNegativeAmount)),
  change: z.optional(z.nullable(NonNegativeAmount)),
  status: PaymentStatus,
  qr: z.optional(z.nullable(QrCode)),
  /** Why a payment was declined, shown to the shopper. */
  message: z.optional(z.nullable(z.string({ error: 'expected a string' }).check(z.maxLength(200)))),
});
export type PaymentBody = z.infer<typeof PaymentBody>;

/** `payment-update` event: the payment as posted, plus `updated_at`. */
export const PaymentUpdateEvent = z.looseObject({
  ...PaymentBody.shape,
  updated_at: z.optional(z.nullable(z.number())),
});
export type Payment = z.infer<typeof PaymentUpdateEvent>;

/** `ping` heartbeat event. */
export const PingEvent = z.looseObject({ timestamp: z.number() });
export type PingEvent = z.infer<typeof PingEvent>;

/**
 * `connected` event. The original sends only `{status: "ok"}`; our hub adds how the stream
 * starts (`snapshot`: the state follows, forget what you had; `resume`: the missed events
 * follow), the lane and the heartbeat interval the watchdog should expect.
 */
export const ConnectedEvent = z.looseObject({
  status: z.string(),
  mode: z.optional(z.enum(['snapshot', 'resume'])),
  lane: z.optional(z.string()),
  heartbeat_ms: z.optional(z.number().check(z.positive())),
});
export type ConnectedEvent = z.infer<typeof ConnectedEvent>;

/** Every SSE event name and the schema of its data. */
export const EVENT_SCHEMAS = {
  connected: ConnectedEvent,
  'bill-update': BillUpdateEvent,
  'modal-show': ModalShowEvent,
  'modal-hide': ModalHideEvent,
  clear: ClearEvent,
  'payment-update': PaymentUpdateEvent,
  ping: PingEvent,
  /** Not lane state: sent without an id, never stored or replayed (see prompts.ts). */
  'prompt-show': PromptShowEvent,
  'prompt-close': PromptCloseEvent,
} as const;
export type EventName = keyof typeof EVENT_SCHEMAS;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];

/** The validated data of SSE event `K`. */
export type EventData<K extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[K]>;

/** A validated SSE event, discriminated by name. */
export type DisplayEvent = {
  [K in EventName]: { event: K; data: EventData<K>; id?: string };
}[EventName];

/** Every POST endpoint (path below {@link API_BASE_PATH}) and the schema of its body. */
export const COMMAND_SCHEMAS = {
  'update-bill': UpdateBillBody,
  'show-modal': ShowModalBody,
  'hide-modal': HideModalBody,
  clear: ClearBody,
  payment: PaymentBody,
} as const;
export type CommandName = keyof typeof COMMAND_SCHEMAS;

/** What a caller may send to POST endpoint `K` (before defaults and normalisation). */
export type CommandInput<K extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[K]>;

/** The validated body of POST endpoint `K`. */
export type CommandBody<K extends CommandName> = z.infer<(typeof COMMAND_SCHEMAS)[K]>;

/** A validated POST body, discriminated by endpoint. */
export type Command = {
  [K in CommandName]: { command: K; body: CommandBody<K> };
}[CommandName];
