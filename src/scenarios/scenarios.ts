/**
 * Typed, timed event scripts of a shop's day, replayed into the mock stream (or a real hub):
 * what designers preview in Storybook and integrators run against their own page.
 */
import { tipPresetAmount } from '../protocol/index.js';
import { demoQrisPayload } from './qris.js';
import { cashDialogFor, twoHundredLineBill } from './samples.js';
import { djangoBill, type Scenario } from './types.js';

const NASI = { id: 1, name: 'Nasi Goreng Spesial', price: 32000, notes: 'pedas, tanpa bawang' };
const SATE = { id: 2, name: 'Sate Ayam (10 tusuk)', price: 28000 };
const TEH = { id: 3, name: 'Es Teh Manis', price: 5000 };
const KOPI = { id: 4, name: 'Kopi Susu Gula Aren', price: 18000 };

const cashBill = djangoBill('INV-2026-0101', [NASI, { ...SATE }, { ...TEH, quantity: 2 }], 5000);

export const cashSale: Scenario = {
  name: 'cash-sale',
  title: 'Cash sale',
  description: 'Items rung up one by one, a quantity change, a discount, cash typed in the payment dialog, success, thank-you.',
  steps: [
    { after: 0, publish: 'clear', body: { reason: 'new_bill' } },
    { after: 1500, publish: 'update-bill', body: djangoBill('INV-2026-0101', [NASI]) },
    { after: 1200, publish: 'update-bill', body: djangoBill('INV-2026-0101', [NASI, SATE]) },
    { after: 1200, publish: 'update-bill', body: djangoBill('INV-2026-0101', [NASI, SATE, TEH]) },
    { after: 1200, publish: 'update-bill', body: djangoBill('INV-2026-0101', [NASI, SATE, { ...TEH, quantity: 2 }]), note: 'quantity change' },
    { after: 1200, publish: 'update-bill', body: cashBill, note: 'discount' },
    { after: 1500, publish: 'show-modal', body: cashDialogFor(cashBill.total, '', cashBill.bill_id) },
    ...['1', '10', '100', '1000', '10000', '100000'].map((typed) => ({ after: 250, publish: 'show-modal' as const, body: cashDialogFor(cashBill.total, typed, cashBill.bill_id) })),
    { after: 2000, publish: 'hide-modal', body: { modal_type: 'payment' } },
    { after: 50, publish: 'clear', body: {}, note: 'payment_success: thank-you, then idle' },
  ],
  ends: { bill: null, modal: false, payment: null, cleared: 'payment_success' },
};

const qrBill = djangoBill('INV-2026-0102', [KOPI, { ...TEH, quantity: 1 }]);
type QrStatus = 'pending' | 'approved' | 'declined' | 'cancelled';
/** A QRIS payment of `amount` (the bill's total unless a tip is added) for a bill. */
const qrisFor = (bill: typeof qrBill, status: QrStatus, amount = bill.total, message?: string) => ({
  bill_id: bill.bill_id,
  amount_due: amount,
  method: 'qris',
  status,
  ...(message ? { message } : {}),
  qr: { payload: demoQrisPayload(amount, bill.bill_number), label: 'QRIS' },
});
const qr = (status: QrStatus, message?: string) => qrisFor(qrBill, status, qrBill.total, message);

export const qrSale: Scenario = {
  name: 'qr-sale',
  title: 'QRIS sale',
  description: 'A bill, a QRIS code to scan, a declined attempt, a new code, approval, thank-you.',
  steps: [
    { after: 0, publish: 'clear', body: { reason: 'new_bill' } },
    { after: 1000, publish: 'update-bill', body: qrBill },
    { after: 1500, publish: 'payment', body: qr('pending') },
    { after: 4000, publish: 'payment', body: qr('declined', 'Saldo tidak mencukupi') },
    { after: 2500, publish: 'payment', body: qr('pending') },
    { after: 4000, publish: 'payment', body: qr('approved') },
    { after: 1500, publish: 'clear', body: {} },
  ],
  ends: { bill: null, modal: false, payment: null, cleared: 'payment_success' },
};

export const voidSale: Scenario = {
  name: 'void',
  title: 'Voided bill',
  description: 'Two items rung up, then the bill is voided: straight back to idle, no thank-you.',
  steps: [
    { after: 0, publish: 'clear', body: { reason: 'new_bill' } },
    { after: 1000, publish: 'update-bill', body: djangoBill('INV-2026-0103', [SATE]) },
    { after: 1200, publish: 'update-bill', body: djangoBill('INV-2026-0103', [SATE, KOPI]) },
    { after: 2500, publish: 'clear', body: { reason: 'void' } },
  ],
  ends: { bill: null, modal: false, payment: null, cleared: 'void' },
};

const bigBill = twoHundredLineBill;

export const bigBillScenario: Scenario = {
  name: 'big-bill',
  title: '200-line bill',
  description: 'A catering order of 200 lines arrives at once, then one more line: the newest stays in view.',
  steps: [
    { after: 0, publish: 'update-bill', body: bigBill },
    { after: 2000, publish: 'update-bill', body: djangoBill('INV-2026-0200', [...bigBill.items.map((item) => ({ id: item.id, name: item.name, price: item.unit_price, notes: item.notes })), { id: 201, name: 'Air Mineral', price: 4000 }]) },
  ],
  ends: { bill: 'INV-2026-0200', items: 201, modal: false, payment: null },
};

const dropBill = djangoBill('INV-2026-0104', [NASI, TEH]);
export const connectionDrop: Scenario = {
  name: 'connection-drop',
  title: 'Connection drop and recovery',
  description: 'The network drops for 4 s while the cashier keeps ringing up: the display says so, reconnects and catches up.',
  steps: [
    { after: 0, publish: 'update-bill', body: djangoBill('INV-2026-0104', [NASI]) },
    { after: 1500, drop: { offlineMs: 4000 } },
    { after: 1000, publish: 'update-bill', body: dropBill, note: 'while offline' },
    { after: 5000, publish: 'update-bill', body: djangoBill('INV-2026-0104', [NASI, TEH, KOPI]), note: 'after recovery' },
  ],
  ends: { bill: 'INV-2026-0104', items: 3, modal: false, payment: null },
};

const tipBill = djangoBill('INV-2026-0105', [NASI, { ...KOPI, quantity: 2 }]);
const tip = tipPresetAmount({ amount_base: tipBill.total, round_to: 1 }, { percent: 15 });

export const shopperAnswers: Scenario = {
  name: 'shopper-answers',
  title: 'The shopper answers',
  description: 'A bill; the shopper is asked for a tip and taps 15 %; QRIS payment of bill and tip; then the receipt goes by WhatsApp.',
  steps: [
    { after: 0, publish: 'clear', body: { reason: 'new_bill' } },
    { after: 1000, publish: 'update-bill', body: tipBill },
    { after: 1500, ask: { prompt_id: 'tip-0105', kind: 'tip', amount_base: tipBill.total, presets: [{ percent: 10 }, { percent: 15 }, { percent: 20 }], timeout_s: 60 } },
    { after: 3000, answer: { prompt_id: 'tip-0105', value: tip }, note: 'a tap on 15 %' },
    { after: 2500, publish: 'payment', body: qrisFor(tipBill, 'pending', tipBill.total + tip) },
    { after: 3000, publish: 'payment', body: qrisFor(tipBill, 'approved', tipBill.total + tip) },
    { after: 1500, ask: { prompt_id: 'receipt-0105', kind: 'receipt', channels: ['print', 'email', 'whatsapp', 'none'], country_code: '62' } },
    { after: 3000, answer: { prompt_id: 'receipt-0105', value: { channel: 'whatsapp', phone: '6281234567890' } }, note: 'WhatsApp' },
    { after: 2500, publish: 'clear', body: {} },
  ],
  ends: { bill: null, modal: false, payment: null, cleared: 'payment_success' },
};

export const SCENARIOS: readonly Scenario[] = [cashSale, qrSale, voidSale, bigBillScenario, connectionDrop, shopperAnswers];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
