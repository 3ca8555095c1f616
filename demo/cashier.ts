/**
 * A cashier simulator: builds a bill the way the original Django view does (line subtotal =
 * quantity × unit price, tax 11 %, total = subtotal + tax − discount) and POSTs exactly the
 * original payloads to the hub.
 */
import { API_BASE_PATH } from '../src/sync/protocol.js';

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
const TIMEOUT_MS = 1000;

const params = new URLSearchParams(location.search);
const hub = (params.get('hub') ?? '').replace(/\/+$/, '');
const lane = params.get('lane');
const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });

let billId = crypto.randomUUID();
let billSeq = 1;
let lines: Line[] = [];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

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
  const tax = Math.round(subtotal * TAX_RATE);
  const discount = Math.min(Math.max(0, Number($<HTMLInputElement>('discount').value) || 0), subtotal + tax);
  return { bill_id: billId, bill_number: billNumber(), items, subtotal, tax, discount, total: subtotal + tax - discount };
}

async function post(path: string, body?: unknown): Promise<void> {
  const url = `${hub}${API_BASE_PATH}/${path}${lane ? `?lane=${encodeURIComponent(lane)}` : ''}`;
  const started = performance.now();
  let outcome: string;
  let ok = false;
  try {
    // Like the original: a short timeout, and a failure never blocks the sale.
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    ok = response.ok;
    outcome = `${response.status} ${await response.text()}`;
  } catch (error) {
    outcome = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
  }
  const entry = document.createElement('li');
  entry.className = ok ? 'ok' : 'fail';
  entry.textContent = `POST /${path} → ${outcome} (${Math.round(performance.now() - started)} ms)`;
  $('log').prepend(entry);
  while ($('log').children.length > 100) $('log').lastElementChild!.remove();
}

function render(): void {
  const bill = billPayload();
  $('bill-number').textContent = bill.bill_number;
  $('subtotal').textContent = rupiah.format(bill.subtotal);
  $('tax').textContent = rupiah.format(bill.tax);
  $('total').textContent = rupiah.format(bill.total);
  const list = $('lines');
  list.replaceChildren(
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
      const minus = button('−', () => changeQuantity(index, -1));
      const plus = button('+', () => changeQuantity(index, +1));
      qty.append(minus, ` ${line.quantity} `, plus);
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
  render();
  void post('update-bill', billPayload());
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
  render();
}

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
  const form = new FormData(event.target as HTMLFormElement);
  addLine({
    id: crypto.randomUUID(),
    name: String(form.get('name')),
    unit_price: Number(form.get('price')),
    notes: String(form.get('notes') ?? '') || undefined,
  });
});
$('discount').addEventListener('change', publishBill);
$('void').addEventListener('click', () => {
  // `reason` is our extension; the original bridge ignores the body and says payment_success.
  void post('clear', { reason: 'void' });
  startNewBill();
});
$('pay').addEventListener('click', () => {
  if (lines.length === 0) return;
  // The original sends /clear with no body; the hub broadcasts reason payment_success.
  void post('clear');
  startNewBill();
});

$('hub-url').textContent = hub || location.origin;
$('hub-lane').textContent = lane ? `lane ${lane}` : '';
$<HTMLAnchorElement>('open-display').href = `./display.html${location.search}`;
render();
