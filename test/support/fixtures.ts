import { djangoBill } from '../../src/scenarios/index.js';

/** Payloads exactly as the original Django cashier app sends them (seed document). */
export const SEED_BILL = {
  bill_id: 'uuid',
  bill_number: 'INV-2026-0001',
  items: [
    {
      id: 'uuid',
      name: 'Nasi Goreng',
      quantity: 1,
      unit_price: 25000,
      subtotal: 25000,
    },
  ],
  subtotal: 25000,
  tax: 2750,
  discount: 0,
  total: 27750,
};

export const SEED_SHOW_MODAL = {
  modal_type: 'payment',
  html: '<div>...</div>',
  data: {
    total: 27750,
    payment_method: 'cash',
  },
};

/** What the seed's Alpine helper posts when the payment modal opens. */
export const SEED_SHOW_MODAL_FROM_CLONE = {
  modal_type: 'payment',
  html: '<div id="paymentModal" data-sync-to-customer="true" data-modal-type="payment"><input value="50000"><button class="modal-close">×</button></div>',
  data: { bill_id: '42', total: 27750, readonly: true },
};

export const SEED_HIDE_MODAL = { modal_type: 'payment' };

/** A bill of `items` lines with numeric ids, totals by the original's maths. */
export function billWith(items: number, overrides: Record<string, unknown> = {}) {
  const lines = Array.from({ length: items }, (_, index) => ({ id: index + 1, name: `Item ${index + 1}`, price: 1000 * (index + 1) }));
  return { ...djangoBill('INV-2026-0007', lines), bill_id: 7, ...overrides };
}

/** A pending QRIS payment as our extension carries it. */
export const QRIS_PAYMENT = {
  bill_id: 'uuid',
  amount_due: 27750,
  method: 'qris',
  status: 'pending' as const,
  qr: {
    payload: '00020101021226570014ID.CO.QRIS.WWW0118936000000000000000021500000000000000303UMI520458125303360540527750580ID5916WARUNG NUSANTARA6007JAKARTA6304ABCD',
    label: 'QRIS',
    expires_at: 1795650000,
  },
};
