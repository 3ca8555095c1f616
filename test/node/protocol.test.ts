import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCommand, validateEvent } from '../../src/protocol/index.js';
import { QRIS_PAYMENT, SEED_BILL, SEED_HIDE_MODAL, SEED_SHOW_MODAL, SEED_SHOW_MODAL_FROM_CLONE } from '../support/fixtures.js';

function rejects(result: { ok: boolean; field?: string; message?: string }, field: string) {
  assert.equal(result.ok, false, `expected a rejection naming ${field}`);
  assert.equal(result.field, field);
  assert.match(result.message!, new RegExp(`^${field.replace(/[.()]/g, '\\$&')}: `));
}

describe('POST bodies: what the original cashier sends passes unchanged', () => {
  it('accepts the seed update-bill payload and keeps every field', () => {
    const result = validateCommand('update-bill', SEED_BILL);
    assert.ok(result.ok);
    assert.deepEqual(result.value, SEED_BILL);
  });

  it('accepts the seed show-modal payloads (documented and cloned-element forms)', () => {
    for (const body of [SEED_SHOW_MODAL, SEED_SHOW_MODAL_FROM_CLONE]) {
      const result = validateCommand('show-modal', body);
      assert.ok(result.ok);
      assert.deepEqual(result.value, body);
    }
  });

  it('accepts the seed hide-modal payload and an empty clear', () => {
    assert.deepEqual(validateCommand('hide-modal', SEED_HIDE_MODAL), { ok: true, value: SEED_HIDE_MODAL });
    assert.deepEqual(validateCommand('hide-modal', {}), { ok: true, value: {} });
    assert.deepEqual(validateCommand('clear', {}), { ok: true, value: { reason: 'payment_success' } });
    assert.deepEqual(validateCommand('clear', { reason: 'void' }), { ok: true, value: { reason: 'void' } });
  });

  it('accepts numeric ids, notes, null notes, extra fields and missing optional totals', () => {
    const body = {
      bill_id: 42,
      bill_number: 1001,
      items: [
        { id: 1, name: 'Es Teh', quantity: 2, unit_price: 5000, subtotal: 10000, notes: 'less sugar', sku: 'ET-1' },
        { id: 2, name: 'Kerupuk', quantity: 1, subtotal: 3000, notes: null },
      ],
      total: 13000,
      cashier: 'Budi',
    };
    const result = validateCommand('update-bill', body);
    assert.ok(result.ok);
    assert.equal(result.value.subtotal, 0, 'missing subtotal defaults to 0 like the original bridge');
    assert.equal(result.value.cashier, 'Budi');
    assert.equal(result.value.items[0]!.sku, 'ET-1');
  });

  it('normalises decimal strings (Python Decimal encoders) to numbers', () => {
    const result = validateCommand('update-bill', { ...SEED_BILL, total: '27750.00', tax: '2750' });
    assert.ok(result.ok);
    assert.equal(result.value.total, 27750);
    assert.equal(result.value.tax, 2750);
  });
});

describe('POST bodies: what the original display rejects is rejected, naming the field', () => {
  it('rejects a bill without bill_id', () => {
    const { bill_id: _omitted, ...rest } = SEED_BILL;
    const result = validateCommand('update-bill', rest);
    rejects(result, 'bill_id');
    assert.match((result as { message: string }).message, /is required/);
  });

  it('rejects an empty bill_id', () => rejects(validateCommand('update-bill', { ...SEED_BILL, bill_id: '' }), 'bill_id'));

  it('rejects items that are not an array', () => {
    for (const items of [null, {}, 'Nasi Goreng', 3]) rejects(validateCommand('update-bill', { ...SEED_BILL, items }), 'items');
  });

  it('rejects a negative, missing, textual or non-finite total', () => {
    for (const total of [-1, undefined, 'abc', '', Infinity, -Infinity, NaN, null, true]) {
      rejects(validateCommand('update-bill', { ...SEED_BILL, total }), 'total');
    }
  });

  it('rejects non-finite numbers anywhere (e.g. 1e400 parses to Infinity)', () => {
    const parsed = JSON.parse('{"x": 1e400}').x;
    assert.equal(parsed, Infinity);
    rejects(validateCommand('update-bill', { ...SEED_BILL, tax: parsed }), 'tax');
    rejects(validateCommand('update-bill', { ...SEED_BILL, subtotal: '9'.repeat(400) }), 'subtotal');
    const items = [{ ...SEED_BILL.items[0], quantity: NaN }];
    rejects(validateCommand('update-bill', { ...SEED_BILL, items }), 'items.0.quantity');
  });

  it('rejects an item without a textual name', () => {
    rejects(validateCommand('update-bill', { ...SEED_BILL, items: [{ quantity: 1, subtotal: 1 }] }), 'items.0.name');
    rejects(validateCommand('update-bill', { ...SEED_BILL, items: [{ name: { html: 'x' }, quantity: 1, subtotal: 1 }] }), 'items.0.name');
  });

  it('rejects bodies that are not objects', () => {
    for (const body of [null, [], 'bill', 42]) rejects(validateCommand('update-bill', body), '(body)');
  });

  it('rejects a modal whose data is not an object or whose html is not text', () => {
    rejects(validateCommand('show-modal', { modal_type: 'payment', data: [1, 2] }), 'data');
    rejects(validateCommand('show-modal', { modal_type: 'payment', html: 42 }), 'html');
  });

  it('rejects an empty or overlong clear reason', () => {
    rejects(validateCommand('clear', { reason: '' }), 'reason');
    rejects(validateCommand('clear', { reason: 'x'.repeat(65) }), 'reason');
  });
});

describe('SSE events', () => {
  it('accepts the events the original bridge emits', () => {
    assert.ok(validateEvent('connected', { status: 'ok' }).ok);
    assert.ok(validateEvent('bill-update', { ...SEED_BILL, updated_at: 1707312000.5 }).ok);
    assert.ok(validateEvent('modal-show', { visible: true, modal_type: 'payment', html: null, data: {} }).ok);
    assert.ok(validateEvent('modal-hide', { modal_type: 'payment' }).ok);
    assert.ok(validateEvent('clear', { reason: 'payment_success' }).ok);
    assert.ok(validateEvent('ping', { timestamp: 1707312000 }).ok);
  });

  it("rejects the cleared bill the original bridge keeps in memory (bill_id None)", () => {
    const cleared = { bill_id: null, bill_number: null, items: [], subtotal: 0, tax: 0, discount: 0, total: 0, updated_at: null };
    rejects(validateEvent('bill-update', cleared), 'bill_id');
  });

  it('accepts our extended connected event and rejects an unknown mode', () => {
    assert.ok(validateEvent('connected', { status: 'ok', mode: 'resume', lane: 'till-2', heartbeat_ms: 15000 }).ok);
    rejects(validateEvent('connected', { status: 'ok', mode: 'replay' }), 'mode');
  });
});

describe('payment (our extension)', () => {
  it('accepts a pending QRIS payment, a cash payment with tendered and change, and ISO expiry', () => {
    assert.ok(validateCommand('payment', QRIS_PAYMENT).ok);
    assert.ok(validateCommand('payment', { bill_id: 7, amount_due: 27750, method: 'cash', tendered: 50000, change: 22250, status: 'pending' }).ok);
    assert.ok(validateCommand('payment', { ...QRIS_PAYMENT, qr: { ...QRIS_PAYMENT.qr, expires_at: '2026-11-25T23:59:00+07:00' } }).ok);
    assert.ok(validateCommand('payment', { ...QRIS_PAYMENT, status: 'declined', message: 'Saldo tidak mencukupi' }).ok);
  });

  it('rejects unknown statuses, negative amounts, empty QR payloads and bad expiries', () => {
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, status: 'maybe' }), 'status');
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, amount_due: -1 }), 'amount_due');
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, change: Infinity }), 'change');
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, method: '' }), 'method');
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, qr: { payload: '' } }), 'qr.payload');
    rejects(validateCommand('payment', { ...QRIS_PAYMENT, qr: { payload: 'x', expires_at: 'tomorrow' } }), 'qr.expires_at');
    const { bill_id: _omitted, ...rest } = QRIS_PAYMENT;
    rejects(validateCommand('payment', rest), 'bill_id');
  });

  it('accepts the payment-update event', () => {
    assert.ok(validateEvent('payment-update', { ...QRIS_PAYMENT, updated_at: 1795650000.1 }).ok);
  });
});
