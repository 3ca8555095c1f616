/**
 * The one `Range` parser, used by the hub's file responses and by the display app's service
 * worker for its offline copy (which once served the first N bytes for `bytes=-N`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange } from '../../src/protocol/byte-range.js';

describe('parseByteRange', () => {
  const size = 1000;
  const rows: [header: string | null | undefined, expected: ReturnType<typeof parseByteRange>][] = [
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['bytes=-10', { start: 990, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    [' bytes=5-5 ', { start: 5, end: 5 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=50-10', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=-', undefined],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
    ['bytes=a-b', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [header, expected] of rows) {
    it(`${JSON.stringify(header)} of ${size} bytes → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseByteRange(header, size), expected);
    });
  }

  it('an empty file satisfies no range', () => {
    assert.equal(parseByteRange('bytes=0-', 0), 'unsatisfiable');
    assert.equal(parseByteRange('bytes=-1', 0), 'unsatisfiable');
  });
});
