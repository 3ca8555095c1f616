/**
 * A cashier simulator: builds a bill the way the original Django view does (line subtotal =
 * quantity × unit price, tax 11 %, total = subtotal + tax − discount), posts exactly the
 * original payloads through the publisher, and mirrors its payment dialog (marked like the
 * original's) onto the display: cash with live tendered/change, or QRIS with a QR code.
 */
import { startMockIfAsked, mockMode } from './mock-mode.js';
import { createDisplayPublisher, type PublishResult } from '../src/publisher/publisher.js';
import { mirrorModals } from '../src/publisher/mirror-modals.js';
import { demoQrisPayload } from '../src/scenarios/qris.js';
import { SAMPLE_PROMPTS } from '../src/scenarios/samples.js';
import { CashierPrompts } from './cashier-prompts.js';
import { DisplayFeed } from '../src/sync/display-feed.js';
import type { Bill } from '../src/protocol/index.js';

interface Line {
  id: string;
  name: string;
  unit_price: number;
  quantity: number;
  notes?: string;
}

const PRODUCTS: ReadonlyArray<{ id: string; name: string; price: number; notes?: string }> = [
  { id: 'p-nasi-goreng', name: 'Nasi Goreng', price: 25000 },
  { id: 'p-mie-goreng', name: 'Mie Goreng Jawa', price: 23000 },
  { id: 'p-ayam-bakar', name: 'Ayam Bakar Madu', price: 32000 },
  { id: 'p-sate-ayam', name: 'Sate Ayam (10 tusuk)', price: 28000 },
  { id: 'p-gado-gado', name: 'Gado-gado', price: 20000, notes: 'tanpa kerupuk' },
  { id: 'p-es-teh', name: 'Es Teh Manis', price: 5000 },
  { id: 'p-kopi-susu', name: 'Kopi Susu Gula Aren', price: 18000 },
  { id: 'p-air', name: 'Air Mineral 600 ml', price: 4000 },
];
const TAX_RATE = 0.11;
const QR_VALID_SECONDS = 120;

await startMockIfAsked();

const params = new URLSearchParams(location.search);
const hub = (params.get('hub') ?? '').replace(/\/+$/, '');
const lane = params.get('lane') ?? undefined;
const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const grouped = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function logResult(label: string, result: PublishResult, started: number): void {
  const entry = document.createElement('li');
  entry.className = result.ok ? 'ok' : 'fail';
  const outcome = result.ok ? `${result.status}` : `${result.status || '—'} ${result.error ?? ''}`;
  entry.textContent = `${label} → ${outcome}${result.coalesced ? ' (coalesced)' : ''} (${Math.round(performance.now() - started)} ms)`;
  $('log').prepend(entry);
  while ($('log').children.length > 100) $('log').lastElementChild!.remove();
}

const publisher = createDisplayPublisher({ hub, lane, timeoutMs: 1000 });

const prompts = new CashierPrompts(publisher, (line, ok) => {
  const entry = document.createElement('li');
  entry.className = ok ? 'ok' : 'fail';
  entry.textContent = line;
  $('log').prepend(entry);
});

/** Every call goes through here so the log shows what the display was told. */
function tell(label: string, call: Promise<PublishResult>): void {
  const started = performance.now();
  void call.then((result) => logResult(label, result, started));
}

// ---- the bill ----

let billId: string = crypto.randomUUID();
let billSeq = 1;
let lines: Line[] = [];

function billNumber(): string {
  return `INV-${new Date().getFullYear()}-${String(billSeq).padStart(4, '0')}`;
}

/** The original Django payload for `update-bill`. */
function billPayload() {
  const items = lines.map((line) => ({
    id: line.id,
    name: line.name,
    quantity: line.quantity,
    unit_price: line.unit_price,
    subtotal: line.quantity * line.unit_price,
    ...(line.notes ? { notes: line.notes } : {}),
  }));
  const subtotal = items.reduce((sum, item) => sum + item.subtotal, 0);
  // A tip is not taxed.
  const tax = Math.round((subtotal - (items.find((item) => item.id === 'tip')?.subtotal ?? 0)) * TAX_RATE);
  const discount = Math.min(Math.max(0, Number($<HTMLInputElement>('discount').value) || 0), subtotal + tax);
  return { bill_id: billId, bill_number: billNumber(), items, subtotal, tax, discount, total: subtotal + tax - discount };
}

function renderBill(): void {
  const bill = billPayload();
  $('bill-number').textContent = bill.bill_number;
  $('subtotal').textContent = rupiah.format(bill.subtotal);
  $('tax').textContent = rupiah.format(bill.tax);
  $('total').textContent = rupiah.format(bill.total);
  $<HTMLButtonElement>('pay').disabled = lines.length === 0;
  $('lines').replaceChildren(
    ...lines.map((line, index) => {
      const row = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = line.name;
      if (line.notes) {
        const notes = document.createElement('span');
        notes.className = 'notes';
        notes.textContent = line.notes;
        name.append(notes);
      }
      const qty = document.createElement('span');
      qty.className = 'qty';
      qty.append(button('−', () => changeQuantity(index, -1)), ` ${line.quantity} `, button('+', () => changeQuantity(index, +1)));
      const price = document.createElement('span');
      price.textContent = rupiah.format(line.quantity * line.unit_price);
      row.append(name, qty, price);
      return row;
    }),
  );
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}

function publishBill(): void {
  renderBill();
  tell('POST /update-bill', publisher.updateBill(billPayload()));
}

function addLine(line: Omit<Line, 'quantity'>): void {
  const existing = lines.find((candidate) => candidate.id === line.id);
  if (existing) existing.quantity += 1;
  else lines.push({ ...line, quantity: 1 });
  publishBill();
}

function changeQuantity(index: number, delta: number): void {
  const line = lines[index]!;
  line.quantity += delta;
  if (line.quantity <= 0) lines.splice(index, 1);
  publishBill();
}

function startNewBill(): void {
  lines = [];
  billId = crypto.randomUUID();
  billSeq += 1;
  $<HTMLInputElement>('discount').value = '0';
  renderBill();
}

// ---- the payment dialog (mirrored to the display by its data-* attributes) ----

const modal = $('paymentModal');
const tenderedInput = $<HTMLInputElement>('tendered');

function paymentMethod(): 'cash' | 'qris' {
  return ($<HTMLInputElement>('method-qris').checked ? 'qris' : 'cash');
}

/** The amount received: the digits the cashier typed (the field shows them grouped). */
function tenderedAmount(): number {
  return Number(tenderedInput.value.replace(/\D/g, '')) || 0;
}

/**
 * Shows what was typed grouped as the change is ("100.000"), keeping the caret before the
 * same digits; the mirror sends the field as it is, so the shopper reads it formatted too.
 */
function formatTendered(): void {
  const { value, selectionEnd } = tenderedInput;
  const digitsAfterCaret = value.slice(selectionEnd ?? value.length).replace(/\D/g, '').length;
  const amount = tenderedAmount();
  const formatted = amount ? grouped.format(amount) : '';
  let caret = formatted.length;
  for (let seen = 0; caret > 0 && seen < digitsAfterCaret; caret--) if (/\d/.test(formatted[caret - 1]!)) seen++;
  while (caret > 0 && !/\d/.test(formatted[caret - 1]!)) caret--; // before a separator, not after it
  tenderedInput.value = formatted;
  tenderedInput.setSelectionRange(caret, caret);
}

function updateChange(): void {
  const total = billPayload().total;
  const tendered = tenderedAmount();
  const change = Math.max(0, tendered - total);
  // Less than the total (and something typed): what is still owed, not "Kembalian Rp 0" (the shopper sees this dialog).
  const short = tendered > 0 && tendered < total;
  $('change-label').textContent = short ? 'Kurang' : 'Kembalian';
  $('change').textContent = rupiah.format(short ? total - tendered : change);
  modal.dataset.tendered = String(tendered);
  if (short) delete modal.dataset.change;
  else modal.dataset.change = String(change);
  $<HTMLButtonElement>('confirm-cash').disabled = tendered < total;
}

function openPayment(): void {
  const bill = billPayload();
  modal.dataset.billId = bill.bill_id;
  modal.dataset.billTotal = String(bill.total);
  $('modal-total').textContent = rupiah.format(bill.total);
  tenderedInput.value = '';
  $<HTMLInputElement>('method-cash').checked = true;
  showMethod();
  updateChange();
  modal.hidden = false; // the mirror notices and sends show-modal
  tenderedInput.focus();
}

function closePayment(): void {
  modal.hidden = true; // the mirror sends hide-modal
}

function qrisPayment(status: 'pending' | 'approved' | 'declined' | 'cancelled', message?: string) {
  const bill = billPayload();
  return {
    bill_id: bill.bill_id,
    amount_due: bill.total,
    method: 'qris',
    status,
    ...(message ? { message } : {}),
    qr: { payload: demoQrisPayload(bill.total, bill.bill_number), label: 'QRIS', expires_at: Math.floor(Date.now() / 1000) + QR_VALID_SECONDS },
  };
}

let currentQr: ReturnType<typeof qrisPayment> | undefined;

function showMethod(): void {
  const method = paymentMethod();
  $('cash-panel').hidden = method !== 'cash';
  $('qris-panel').hidden = method !== 'qris';
  if (method === 'qris') {
    currentQr = qrisPayment('pending');
    tell('POST /payment (QRIS pending)', publisher.payment(currentQr));
  } else if (currentQr) {
    tell('POST /payment (cancelled)', publisher.payment({ ...currentQr, status: 'cancelled' }));
    currentQr = undefined;
  }
}

async function finishSale(): Promise<void> {
  closePayment();
  currentQr = undefined;
  // The receipt question comes after the payment, before the thank-you.
  if ($<HTMLInputElement>('ask-receipt').checked) await prompts.receipt();
  // As the original: hide the modal, then /clear with no body → payment_success.
  tell('POST /clear', publisher.clear());
  startNewBill();
}

/** Bayar: with "ask for a tip", the shopper chooses first; the tip is a line of the bill. */
async function pay(): Promise<void> {
  if (!lines.length) return;
  if ($<HTMLInputElement>('ask-tip').checked && !lines.some((line) => line.id === 'tip')) {
    const tip = await prompts.tip(billPayload().total);
    if (tip > 0) addLine({ id: 'tip', name: 'Tip', unit_price: tip });
  }
  openPayment();
}

// ---- wiring ----

$('product-grid').append(
  ...PRODUCTS.map((product) => {
    const element = button('', () => addLine({ id: product.id, name: product.name, unit_price: product.price, notes: product.notes }));
    element.textContent = product.name;
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = rupiah.format(product.price);
    element.append(price);
    return element;
  }),
);

$<HTMLFormElement>('custom-item').addEventListener('submit', (event) => {
  event.preventDefault();
  const element = event.target as HTMLFormElement;
  const form = new FormData(element);
  addLine({
    id: crypto.randomUUID(),
    name: String(form.get('name')),
    unit_price: Number(form.get('price')),
    notes: String(form.get('notes') ?? '') || undefined,
  });
  // Ready for the next line: an accidental second "Add line" must not add the same one again.
  element.reset();
  element.querySelector<HTMLInputElement>('input[name=name]')?.focus();
});
$('discount').addEventListener('change', publishBill);
$('void').addEventListener('click', () => {
  // `reason` is our extension; the original bridge ignores the body and says payment_success.
  tell('POST /clear (void)', publisher.clear({ reason: 'void' }));
  startNewBill();
});
$('pay').addEventListener('click', () => void pay());
for (const ask of document.querySelectorAll<HTMLButtonElement>('[data-ask]')) {
  ask.addEventListener('click', () => void prompts.ask(SAMPLE_PROMPTS[ask.dataset.ask as keyof typeof SAMPLE_PROMPTS]));
}
$('cancel-ask').addEventListener('click', () => prompts.cancel());
tenderedInput.addEventListener('input', () => {
  formatTendered();
  updateChange();
});
for (const quick of document.querySelectorAll<HTMLButtonElement>('[data-quick]')) {
  quick.addEventListener('click', () => {
    tenderedInput.value = quick.dataset.quick === 'exact' ? String(billPayload().total) : quick.dataset.quick!;
    tenderedInput.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
$('method-cash').addEventListener('change', showMethod);
$('method-qris').addEventListener('change', showMethod);
$('confirm-cash').addEventListener('click', () => void finishSale());
$('qris-approve').addEventListener('click', () => {
  if (!currentQr) return;
  tell('POST /payment (approved)', publisher.payment({ ...currentQr, status: 'approved' }));
  setTimeout(() => void finishSale(), 1500);
});
$('qris-decline').addEventListener('click', () => {
  if (!currentQr) return;
  tell('POST /payment (declined)', publisher.payment({ ...currentQr, status: 'declined', message: 'Saldo tidak mencukupi' }));
});
$('qris-retry').addEventListener('click', () => {
  currentQr = qrisPayment('pending');
  tell('POST /payment (QRIS pending)', publisher.payment(currentQr));
});
for (const close of modal.querySelectorAll('.modal-close')) {
  close.addEventListener('click', () => {
    if (currentQr) tell('POST /payment (cancelled)', publisher.payment({ ...currentQr, status: 'cancelled' }));
    currentQr = undefined;
    closePayment();
  });
}

// The log shows the dialog's show-modal/hide-modal too, not only the bill and the sale.
mirrorModals(document, {
  showModal: (modal) => {
    const call = publisher.showModal(modal);
    tell('POST /show-modal', call);
    return call;
  },
  hideModal: (modal, options) => {
    const call = publisher.hideModal(modal, options);
    tell('POST /hide-modal', call);
    return call;
  },
});

$('hub-url').textContent = mockMode ? 'MSW mock (no hub)' : hub || location.origin;
$('hub-lane').textContent = lane ? `lane ${lane}` : '';
$<HTMLAnchorElement>('open-display').href = `./display.html${location.search}`;
$<HTMLAnchorElement>('open-sleeping-display').href = `./display.html${location.search ? `${location.search}&sleep` : '?sleep'}`;
renderBill();
void resumeBill();

/**
 * After a reload the display still shows the lane's bill: take it up again from the hub (as
 * a display would: its stream's snapshot), so the cashier does not start an empty one over it.
 */
async function resumeBill(): Promise<void> {
  const bill = await laneBill();
  if (!bill || lines.length) return;
  // Other tills may post lines without an id or unit price: such a line keeps its subtotal as one unit.
  lines = bill.items.map((item) => ({
    id: String(item.id ?? crypto.randomUUID()),
    name: item.name,
    unit_price: item.unit_price ?? (item.subtotal ?? 0) / (item.quantity || 1),
    quantity: item.quantity,
    ...(item.notes ? { notes: item.notes } : {}),
  }));
  billId = String(bill.bill_id);
  billSeq = Number(/-(\d+)$/.exec(String(bill.bill_number ?? ''))?.[1] ?? billSeq);
  $<HTMLInputElement>('discount').value = String(bill.discount ?? 0);
  renderBill();
  const entry = document.createElement('li');
  entry.className = 'ok';
  entry.textContent = `resumed ${bill.bill_number ?? 'the bill'} from the hub (${lines.length} lines)`;
  $('log').prepend(entry);
}

/** The lane's current bill from its stream's snapshot; null when none (or the hub does not answer within 3 s). */
function laneBill(): Promise<Bill | null> {
  const feed = new DisplayFeed({ src: hub, lane: lane ?? '' });
  return new Promise((resolve) => {
    const done = (bill: Bill | null) => {
      clearTimeout(timeout);
      feed.stop();
      resolve(bill);
    };
    const timeout = setTimeout(() => done(null), 3000);
    feed.subscribe({
      // The snapshot follows `connected` in the same write: a moment later it is all in.
      onStatus: (status) => status === 'live' && setTimeout(() => done(feed.state.bill), 100),
    });
    feed.start();
  });
}
