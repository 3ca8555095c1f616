/**
 * The state file's records, as schemas: what a restarted hub reads back is validated like
 * anything else that arrives from outside.
 */
import * as z from 'zod/mini';
import { BillUpdateEvent, ModalShowEvent, PaymentUpdateEvent } from '../../../protocol/index.js';

const EventId = z.number().check(z.int(), z.gte(0));

export const LaneRecordState = z.object({
  bill: z.nullable(BillUpdateEvent),
  modal: z.nullable(ModalShowEvent),
  payment: z._default(z.nullable(PaymentUpdateEvent), null),
});

/** First line of the journal. */
export const JournalHeader = z.object({
  format: z.literal('pos-customer-display/state'),
  version: z.literal(2),
  last_event_id: EventId,
});

/** Every other line: a lane's whole state after event `id`. */
export const JournalRecord = z.object({ id: EventId, lane: z.string(), state: LaneRecordState });

/** The whole-file snapshot of version 0.1 (read once, then rewritten as a journal). */
export const LegacySnapshot = z.object({
  version: z.literal(1),
  last_event_id: EventId,
  lanes: z.record(z.string(), LaneRecordState),
});
