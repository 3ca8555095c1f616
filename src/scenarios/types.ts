import type { CommandInput, CommandName, PaymentStatus, PromptInput } from '../protocol/index.js';

/** One timed step: `after` ms after the previous step, publish a command or drop the network. */
export type ScenarioStep =
  | { [K in CommandName]: { after: number; publish: K; body: CommandInput<K>; note?: string } }[CommandName]
  | { after: number; drop: { offlineMs: number }; note?: string }
  /** The cashier asks the shopper (a prompt on the lane's displays). */
  | { after: number; ask: PromptInput; note?: string }
  /** The shopper answers the prompt on screen, as a tap would. */
  | { after: number; answer: { prompt_id: string; value: unknown }; note?: string };

export interface Scenario {
  /** Id for URLs and flags: `cash-sale`. */
  name: string;
  title: string;
  description: string;
  steps: ScenarioStep[];
  /** The state the lane is in after the last step (checked by the tests). */
  ends: {
    bill: string | number | null;
    items?: number;
    modal: boolean;
    payment: PaymentStatus | null;
    /** The reason of the last clear, when the scenario clears. */
    cleared?: string;
  };
}

/** The original Django view's tax rate. */
export const TAX_RATE = 0.11;

/** Totals as the original Django view computes them: tax 11 % (rounded), total = subtotal + tax − discount. */
export function billTotals(items: ReadonlyArray<{ subtotal: number }>, discount = 0) {
  const subtotal = items.reduce((sum, item) => sum + item.subtotal, 0);
  const tax = Math.round(subtotal * TAX_RATE);
  return { subtotal, tax, discount, total: subtotal + tax - discount };
}

/** A bill as the original Django view computes it. */
export function djangoBill(
  billNumber: string,
  lines: ReadonlyArray<{ id: number | string; name: string; price: number; quantity?: number; notes?: string }>,
  discount = 0,
) {
  const items = lines.map((line) => ({
    id: line.id,
    name: line.name,
    quantity: line.quantity ?? 1,
    unit_price: line.price,
    subtotal: (line.quantity ?? 1) * line.price,
    ...(line.notes ? { notes: line.notes } : {}),
  }));
  return { bill_id: `bill-${billNumber}`, bill_number: billNumber, items, ...billTotals(items, discount) };
}
