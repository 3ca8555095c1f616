/**
 * The display's hand-written event checks (src/protocol/event-checks.ts) against the zod
 * schemas they stand in for: on a corpus of valid events and every one-field mutation of
 * them (each field removed, or replaced by each value of a list of awkward values, nested
 * objects and arrays included), both accept or both reject, and accepted events come out
 * equal (defaults filled in, decimal strings read as numbers).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvent, DISPLAY_EVENT_NAMES } from '../../src/protocol/event-checks.js';
import { EVENT_NAMES, validateEvent, type EventName } from '../../src/protocol/index.js';

const LONG = (n: number) => 'x'.repeat(n);
const AWKWARD: unknown[] = [
  undefined, null, true, false, 0, -1, 1, 2.5, 3, 4, 6, 10, 15, 16, 100, 100.5, 601, 600, 1e21, -0.5,
  '', 'x', '12', '12.50', '-3', '1e3', '0x10', ' 12', 'abc', '9'.repeat(400), LONG(40), LONG(41), LONG(64), LONG(65), LONG(120), LONG(121), LONG(200), LONG(201), LONG(300), LONG(301), LONG(2048), LONG(2049),
  'a.b_c:d-1', '-bad', LONG(65), '62', '12345', 'snapshot', 'resume', 'pending', 'approved', 'declined', 'cancelled', 'done',
  '2026-12-03T12:00:00Z', '2026-12-03T12:00:00.123+07:00', '2026-02-29T12:00:00Z', '2024-02-29T12:00:00Z', '2026-12-03T12:00Z', '2026-12-03', '2026-12-03T24:00:00Z',
  'tip', 'receipt', 'phone', 'confirm', 'rating', 'choice', 'print', 'email', 'fax',
  [], ['print'], ['print', 'print', 'email', 'sms', 'none', 'whatsapp'], [1, 2], {}, { a: 1 }, { percent: 10 }, { amount: 5 }, { value: 'a', label: 'A' },
];

const BILL = {
  bill_id: 'b-1',
  bill_number: 'A-7',
  items: [{ id: 1, name: 'Kopi', quantity: 2, unit_price: '12500.00', subtotal: 25000, notes: null, extra: 'kept' }],
  subtotal: 25000,
  tax: 2750,
  discount: 0,
  total: '27750.00',
  updated_at: 1764763200,
};
const PAYMENT = {
  bill_id: 7,
  amount_due: 27750,
  method: 'qris',
  tendered: null,
  change: 0,
  status: 'pending',
  qr: { payload: '000201010212', label: 'QRIS', expires_at: '2026-12-03T12:00:00Z' },
  message: null,
  updated_at: 1,
};
const common = { prompt_id: 'p-1', title: 'Hi', message: null, timeout_s: 30, expires_in_s: 29 };

const CORPUS: Array<[EventName, Record<string, unknown>]> = [
  ['connected', { status: 'ok', mode: 'snapshot', lane: 'default', heartbeat_ms: 15000 }],
  ['connected', { status: 'ok' }],
  ['bill-update', BILL],
  ['bill-update', { bill_id: 'b', items: [], total: 0 }],
  ['modal-show', { visible: true, modal_type: 'cash', html: '<p>x</p>', data: { total: 1 } }],
  ['modal-hide', { modal_type: 'cash' }],
  ['modal-hide', {}],
  ['clear', { reason: 'payment_success' }],
  ['clear', {}],
  ['payment-update', PAYMENT],
  ['payment-update', { ...PAYMENT, qr: { payload: 'x', expires_at: 1764763200 } }],
  ['ping', { timestamp: 1 }],
  ['prompt-show', { ...common, kind: 'tip', amount_base: 1000, presets: [{ percent: 10 }, { amount: 5000 }], allow_custom: false, max_amount: 9000, round_to: 500 }],
  ['prompt-show', { ...common, kind: 'tip', amount_base: 0, presets: [{ percent: 100 }] }],
  ['prompt-show', { ...common, kind: 'receipt', channels: ['print', 'sms'], country_code: '62' }],
  ['prompt-show', { ...common, kind: 'receipt' }],
  ['prompt-show', { ...common, kind: 'phone', country_code: '62', min_length: 8, max_length: 13 }],
  ['prompt-show', { ...common, kind: 'confirm', yes_label: 'Ya', no_label: 'Tidak' }],
  ['prompt-show', { ...common, kind: 'rating', scale: 10 }],
  ['prompt-show', { ...common, kind: 'choice', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }],
  ['prompt-close', { prompt_id: 'p-1', reason: 'answered' }],
];

/** The input itself, and every input one field away from it (recursively through objects and arrays). */
function* mutations(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const changed of mutations(value[i])) if (changed !== value[i]) yield value.map((v, j) => (j === i ? changed : v));
      yield value.filter((_, j) => j !== i);
    }
    yield [...value, value[0]];
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const { [key]: _removed, ...without } = object;
    yield without;
    for (const replacement of AWKWARD) yield { ...object, [key]: replacement };
    if (typeof object[key] === 'object' && object[key] !== null) {
      for (const changed of mutations(object[key])) if (changed !== object[key]) yield { ...object, [key]: changed };
    }
  }
  yield { ...object, unknown_field: 1 };
}

/** As the display receives it: JSON text parsed (no `undefined` values left). */
const wire = (input: unknown): unknown => (input === undefined ? undefined : JSON.parse(JSON.stringify(input)));

test('the display accepts and rejects exactly what the zod schemas do, and reads the same values', () => {
  let accepted = 0;
  let rejected = 0;
  for (const [event, valid] of CORPUS) {
    for (const mutated of mutations(valid)) {
      const input = wire(mutated);
      const expected = validateEvent(event, input);
      const actual = checkEvent(event, input);
      const label = `${event} ${JSON.stringify(input)?.slice(0, 300)}`;
      assert.equal(actual.ok, expected.ok, `${label}: zod says ${expected.ok ? 'ok' : (expected as { message: string }).message}`);
      if (expected.ok && actual.ok) {
        assert.deepEqual(actual.value, expected.value, label);
        accepted++;
      } else {
        rejected++;
      }
    }
  }
  // The corpus must exercise both sides.
  assert.ok(accepted > 500 && rejected > 500, `accepted ${accepted}, rejected ${rejected}`);
});

test('the display listens for every event name, each with a check, and non-objects are refused with a message naming the field', () => {
  assert.deepEqual([...DISPLAY_EVENT_NAMES].sort(), [...EVENT_NAMES].sort());
  for (const event of EVENT_NAMES) {
    for (const input of [null, 'x', 1, []]) {
      const result = checkEvent(event, input);
      assert.equal(result.ok, false, event);
      assert.equal(validateEvent(event, input).ok, false, event);
    }
  }
  const missing = checkEvent('bill-update', { items: [], total: 1 });
  assert.deepEqual(missing, { ok: false, field: 'bill_id', message: 'bill_id: is required' });
  const nested = checkEvent('bill-update', { bill_id: 1, items: [{ name: 'x', quantity: 1, subtotal: 'lots' }], total: 1 });
  assert.equal(nested.ok ? '' : nested.field, 'items.0.subtotal');
});
