/**
 * What the hub persists: every lane's state and the last event id, so displays come back
 * to the same bill after a restart and ids never go backwards.
 */
import * as z from 'zod/mini';
import { BillUpdateEvent, ModalShowEvent, PaymentUpdateEvent } from '../protocol/index.js';

export const HubSnapshot = z.object({
  version: z.literal(1),
  last_event_id: z.number().check(z.int(), z.gte(0)),
  lanes: z.record(
    z.string(),
    z.object({
      bill: z.nullable(BillUpdateEvent),
      modal: z.nullable(ModalShowEvent),
      payment: z._default(z.nullable(PaymentUpdateEvent), null),
    }),
  ),
});
export type HubSnapshot = z.infer<typeof HubSnapshot>;
