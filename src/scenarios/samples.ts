/**
 * Sample data for stories and previews: realistic bills, dialogs and payments.
 */
import type { Bill, ModalShowEvent, Payment, PromptInput } from '../protocol/index.js';
import { demoQrisPayload } from './qris.js';
import { djangoBill } from './types.js';

export const oneLineBill: Bill = djangoBill('INV-2026-0001', [{ id: 1, name: 'Nasi Goreng', price: 25000 }]);

export const typicalBill: Bill = djangoBill(
  'INV-2026-0042',
  [
    { id: 1, name: 'Nasi Goreng Spesial', price: 32000, quantity: 2, notes: 'pedas, tanpa bawang' },
    { id: 2, name: 'Sate Ayam (10 tusuk)', price: 28000 },
    { id: 3, name: 'Es Teh Manis', price: 5000, quantity: 3 },
    { id: 4, name: 'Kopi Susu Gula Aren', price: 18000, notes: 'less sugar' },
  ],
  0,
);

export const discountedBill: Bill = { ...typicalBill, discount: 10000, total: typicalBill.total - 10000 };

export const longNamesBill: Bill = djangoBill('INV-2026-0077', [
  { id: 1, name: 'Paket Nasi Liwet Komplit dengan Ayam Goreng Kremes, Tahu, Tempe, Lalapan dan Sambal Terasi Khas Sunda', price: 65000, notes: 'sambal dipisah, ayam bagian dada, tambah kerupuk kulit dua bungkus' },
  { id: 2, name: 'Es Campur Spesial Durian Alpukat Kelapa Muda dengan Susu Kental Manis Cokelat', price: 28000 },
  { id: 3, name: 'Martabak Manis Keju Cokelat Kacang Wijen Setengah Loyang', price: 45000, quantity: 2 },
]);

const CATALOGUE = ['Nasi Goreng', 'Mie Ayam', 'Bakso Urat', 'Soto Betawi', 'Gado-gado', 'Es Jeruk', 'Teh Tarik', 'Kerupuk', 'Tempe Mendoan', 'Pisang Goreng'];

/** A catering order: 200 lines, some with notes. */
export const twoHundredLineBill = djangoBill(
  'INV-2026-0200',
  Array.from({ length: 200 }, (_, i) => ({
    id: i + 1,
    name: `${CATALOGUE[i % CATALOGUE.length]} #${i + 1}`,
    price: 1000 * ((i % 9) + 1),
    notes: i % 7 === 0 ? 'bungkus' : undefined,
  })),
);

const rupiah = (amount: number) => `Rp ${amount.toLocaleString('id-ID')}`;

/** The cashier's cash dialog as mirrorModals sends it, with `tendered` typed so far (grouped, as the demo cashier shows it). */
export function cashDialogFor(total: number, tendered: string, billId?: string | number) {
  const received = Number(tendered || 0);
  const change = Math.max(0, received - total);
  // Less than the total typed so far: what is still owed, as the demo cashier shows it (never "Kembalian Rp 0").
  const short = received > 0 && received < total;
  return {
    visible: true,
    modal_type: 'payment',
    html: `<div class="modal-box" data-sync-to-customer="true"><header class="modal-header"><h2>Pembayaran</h2><button class="modal-close">×</button><button class="confirm">Konfirmasi</button></header>
<div class="modal-total-row">Total <strong>${rupiah(total)}</strong></div>
<fieldset class="methods"><legend>Metode</legend><label><input type="radio" checked> Tunai</label><label><input type="radio"> QRIS</label></fieldset>
<section class="cash"><label>Uang diterima <span class="money-input"><span>Rp</span><input id="tendered" value="${tendered ? Number(tendered).toLocaleString('id-ID') : ''}"></span></label><div class="change-row">${short ? 'Kurang' : 'Kembalian'} <output>${rupiah(short ? total - received : change)}</output></div></section></div>`,
    data: { ...(billId === undefined ? {} : { bill_id: billId }), total, tendered: received, ...(short ? {} : { change }), readonly: true, payment_method: 'cash' },
  } satisfies ModalShowEvent;
}

/** The cash dialog of {@link typicalBill}, Rp 150.000 typed. */
export const cashDialog: ModalShowEvent = cashDialogFor(typicalBill.total, '150000', typicalBill.bill_id);

const expiresIn = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

export function qrisPayment(status: Payment['status'], extra: Partial<Payment> = {}): Payment {
  return {
    bill_id: typicalBill.bill_id,
    amount_due: typicalBill.total,
    method: 'qris',
    status,
    qr: { payload: demoQrisPayload(typicalBill.total, String(typicalBill.bill_number)), label: 'QRIS', expires_at: expiresIn(120) },
    ...extra,
  };
}

export const cashPayment: Payment = {
  bill_id: typicalBill.bill_id,
  amount_due: typicalBill.total,
  method: 'cash',
  tendered: 150000,
  change: 150000 - typicalBill.total,
  status: 'pending',
};

export const expiredQrisPayment: Payment = qrisPayment('pending', {
  qr: { payload: demoQrisPayload(typicalBill.total, 'EXPIRED'), label: 'QRIS', expires_at: expiresIn(-5) },
});

export const SLIDES = [
  { src: '/media/promo-kopi.svg', alt: 'Kopi Susu Gula Aren, Rp 18.000' },
  { src: '/media/promo-paket.svg', alt: 'Paket hemat', duration: 7000 },
  { src: '/media/promo-qris.svg', alt: 'Bayar dengan QRIS' },
];

/** One prompt of each kind, for stories, screenshots and tests (the tip is on {@link typicalBill}). */
export const SAMPLE_PROMPTS = {
  tip: {
    prompt_id: 'tip-42',
    kind: 'tip',
    amount_base: typicalBill.total,
    presets: [{ percent: 10 }, { percent: 15 }, { percent: 20 }],
    timeout_s: 60,
  },
  receipt: { prompt_id: 'receipt-42', kind: 'receipt', channels: ['print', 'email', 'whatsapp', 'none'], country_code: '62' },
  phone: { prompt_id: 'member-42', kind: 'phone', title: 'Member number', message: 'Collect points with your phone number', country_code: '62', min_length: 10, max_length: 15 },
  confirm: { prompt_id: 'bag-42', kind: 'confirm', title: 'A bag for Rp 2.000?', yes_label: 'Yes, please', no_label: 'No, thanks' },
  rating: { prompt_id: 'rating-42', kind: 'rating', scale: 5 },
  choice: {
    prompt_id: 'dine-42',
    kind: 'choice',
    title: 'Eat here or take away?',
    options: [
      { value: 'dine-in', label: 'Eat here' },
      { value: 'take-away', label: 'Take away' },
    ],
  },
} as const satisfies Record<string, PromptInput>;
