/**
 * Deterministic generators of hostile request bodies for the hub (seeded, so a failure
 * reproduces): random JSON, mutated real payloads, huge numbers, deep nesting, invalid
 * UTF-8, truncated JSON, wrong content types.
 */
import { SEED_BILL, SEED_SHOW_MODAL } from './fixtures.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  kind: string;
  path: string;
  contentType: string | undefined;
  body: Uint8Array;
}

const ENDPOINTS = ['update-bill', 'show-modal', 'hide-modal', 'clear'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/xml', 'image/png'];
const WEIRD_STRINGS = ['', ' ', '\u0000', '\ud800', '<script>alert(1)</script>', 'x'.repeat(3000), '💳', 'NaN', 'Infinity', '-0', '1e999'];
const WEIRD_NUMBERS = ['1e400', '-1e400', '-1', '-0.0001', '9007199254740993', '1e308', '0.1e-400', '123456789012345678901234567890'];

export function createFuzzer(seed: number) {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const encoder = new TextEncoder();

  function randomValue(depth: number): unknown {
    const roll = int(depth > 3 ? 5 : 8);
    switch (roll) {
      case 0:
        return null;
      case 1:
        return random() < 0.5;
      case 2:
        return (random() - 0.5) * 10 ** int(20);
      case 3:
        return pick(WEIRD_STRINGS);
      case 4:
        return int(1000);
      case 5:
        return Array.from({ length: int(5) }, () => randomValue(depth + 1));
      default: {
        const keys = ['bill_id', 'items', 'total', 'name', 'modal_type', 'html', 'data', 'reason', 'quantity', 'subtotal', '__proto__', 'constructor', pick(WEIRD_STRINGS)];
        return Object.fromEntries(Array.from({ length: int(6) }, () => [pick(keys), randomValue(depth + 1)]));
      }
    }
  }

  /** The seed bill with one thing broken (a field dropped, a type changed, …). */
  function mutatedBill(): string {
    const bill = structuredClone(SEED_BILL) as Record<string, unknown>;
    const fields = ['bill_id', 'items', 'total'];
    const target = pick(fields);
    switch (int(5)) {
      case 0:
        delete bill[target];
        return JSON.stringify(bill);
      case 1:
        bill[target] = randomValue(2);
        if (target === 'items' && Array.isArray(bill.items)) bill.items = [randomValue(3)];
        return JSON.stringify(bill);
      case 2: // huge or negative numbers, written as JSON text so 1e400 stays literal
        return JSON.stringify({ ...bill, total: 0 }).replace('"total":0', `"total":${pick(WEIRD_NUMBERS)}`);
      case 3:
        (bill.items as Array<Record<string, unknown>>)[0]![pick(['name', 'quantity', 'subtotal'])] = pick([null, {}, [], 'lots', true]);
        return JSON.stringify(bill);
      default:
        bill.bill_id = pick(['', null, [], {}, true]);
        return JSON.stringify(bill);
    }
  }

  function next(): FuzzCase {
    const endpoint = pick(ENDPOINTS);
    const json = 'application/json';
    switch (int(8)) {
      case 0:
        return { kind: 'random-json', path: pick(['update-bill', 'show-modal']), contentType: json, body: encoder.encode(JSON.stringify(randomValue(0))) };
      case 1:
        return { kind: 'mutated-bill', path: 'update-bill', contentType: json, body: encoder.encode(mutatedBill()) };
      case 2: {
        const depth = 33 + int(5000);
        const open = pick(['[', '{"a":']);
        const close = open === '[' ? ']' : '}';
        return { kind: 'deep-nesting', path: endpoint, contentType: json, body: encoder.encode(`{"data":${open.repeat(depth)}1${close.repeat(depth)}}`) };
      }
      case 3: {
        const valid = encoder.encode(JSON.stringify(pick([SEED_BILL, SEED_SHOW_MODAL])));
        const bad = new Uint8Array(valid.length + 2);
        bad.set(valid);
        const at = 1 + int(valid.length - 2);
        bad.copyWithin(at + 2, at);
        bad.set(pick([[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0], [0xf8, 0x88]]), at);
        return { kind: 'invalid-utf8', path: pick(['update-bill', 'show-modal']), contentType: json, body: bad };
      }
      case 4: {
        const text = JSON.stringify(pick([SEED_BILL, SEED_SHOW_MODAL, { reason: 'void' }, { modal_type: 'payment' }]));
        return { kind: 'truncated', path: endpoint, contentType: json, body: encoder.encode(text.slice(0, 1 + int(text.length - 2))) };
      }
      case 5:
        return { kind: 'wrong-content-type', path: endpoint, contentType: pick(CONTENT_TYPES), body: encoder.encode(JSON.stringify(SEED_BILL)) };
      case 6:
        return { kind: 'not-an-object', path: endpoint, contentType: json, body: encoder.encode(pick(['[]', '"bill"', '42', 'null', 'true', '[{}]'])) };
      default: {
        const bytes = new Uint8Array(1 + int(200));
        for (let i = 0; i < bytes.length; i++) bytes[i] = int(256);
        return { kind: 'random-bytes', path: endpoint, contentType: pick([json, undefined]), body: bytes };
      }
    }
  }

  return { next };
}
