/** Request bodies: JSON, or the error reply they deserve (shared by the node:http hub and the MSW mock). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, parseJsonBody } from '../../src/hub/api/json-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseJsonBody', () => {
  it('parses JSON with or without a JSON content type; an empty body is {}', () => {
    assert.deepEqual(parseJsonBody(bytes('{"a":1}'), 'application/json; charset=utf-8'), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseJsonBody(bytes('[1]'), 'application/vnd.api+json'), { ok: true, value: [1] });
    assert.deepEqual(parseJsonBody(bytes('{"a":1}'), undefined), { ok: true, value: { a: 1 } });
    assert.deepEqual(parseJsonBody(bytes(''), null), { ok: true, value: {} }, 'the original /clear sends nothing');
    assert.deepEqual(parseJsonBody(bytes('  \n'), 'application/json'), { ok: true, value: {} });
  });

  it('415 for another content type with a body', () => {
    const result = parseJsonBody(bytes('{}'), 'text/plain');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.status, 415);
  });

  it('400 for invalid UTF-8, invalid JSON and nesting deeper than the limit', () => {
    const errors = [new Uint8Array([0x7b, 0xff, 0x7d]), bytes('{"a":'), bytes(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)].map((body) => {
      const result = parseJsonBody(body, 'application/json');
      return result.ok ? 'ok' : `${result.status} ${result.error}`;
    });
    assert.deepEqual(errors, ['400 invalid_utf8', '400 invalid_json', '400 too_deep']);
  });

  it('brackets inside strings do not count as depth', () => {
    const text = JSON.stringify({ html: '['.repeat(100) + '{'.repeat(100), escaped: '\\"[[[[' });
    assert.equal(parseJsonBody(bytes(text), 'application/json').ok, true);
    const exact = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    assert.equal(parseJsonBody(bytes(exact), 'application/json').ok, true, 'exactly the limit is fine');
  });
});
