/** The SSE grammar the hub writes, and the parser the message transports (MSW, BroadcastChannel) use. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareEventIds, Frame, formatSseComment, formatSseFrame, formatSseJsonFrame, formatSseRetry, parseFrames } from '../../src/protocol/index.js';

describe('SSE frames', () => {
  it('formats one data line per event, an id only where given, and parses back', () => {
    const text = formatSseRetry(1000.4) + formatSseFrame({ id: 5, event: 'bill-update', data: { note: 'line\nbreak: ok' } }) + formatSseFrame({ event: 'ping', data: { timestamp: 1 } });
    assert.equal(text.split('\n').filter((line) => line.startsWith('data:')).length, 2, 'JSON escapes newlines');
    assert.deepEqual(parseFrames(text), [
      { retry: 1000 },
      { id: '5', event: 'bill-update', data: '{"note":"line\\nbreak: ok"}' },
      { id: undefined, event: 'ping', data: '{"timestamp":1}' },
    ]);
  });

  it('a Frame is encoded once and joins with others', () => {
    const frame = new Frame('data: ×\n\n');
    assert.equal(frame.bytes, frame.bytes, 'the same bytes for every stream');
    assert.equal(frame.byteLength, 10, '× is two bytes in UTF-8');
    // A socket wraps any other Uint8Array in a new Buffer on every write: under Node the bytes are one already.
    assert.ok(Buffer.isBuffer(frame.bytes), 'a Buffer under Node');
    assert.equal(Buffer.from(frame.bytes).toString('utf8'), 'data: ×\n\n');
    assert.equal(Frame.of(frame, 'x').text, 'data: ×\n\nx');
  });

  it('a frame knows the id of its last event, and a joined frame the last id of its parts', () => {
    const first = Frame.ofMessage({ id: 7, event: 'bill-update', data: {} });
    const second = Frame.ofMessage({ id: '8', event: 'clear', data: {} });
    const ping = Frame.ofMessage({ event: 'ping', data: {} });
    assert.equal(first.lastEventId, '7');
    assert.equal(ping.lastEventId, undefined, 'no id line, no id');
    assert.equal(Frame.of(formatSseRetry(1000), first, second, ping, 'tail').lastEventId, '8', 'parts without ids leave it');
    assert.equal(Frame.of('retry: 5\n\n').lastEventId, undefined);
  });

  it('writes JSON data kept as text as is, and comments the browser ignores', () => {
    assert.equal(formatSseJsonFrame({ id: '1-0', event: 'clear', json: '{"reason":"x"}' }), formatSseFrame({ id: '1-0', event: 'clear', data: { reason: 'x' } }));
    assert.equal(formatSseComment('ping'), ': ping\n\n');
    assert.deepEqual(parseFrames(formatSseComment('two\nlines') + formatSseRetry(5)), [{ retry: 5 }], 'every line stays a comment');
  });
});

describe('event ids', () => {
  it('orders integers and Redis stream ids; anything else is unordered', () => {
    assert.ok(compareEventIds('9', '10')! < 0, 'numerically, not as text');
    assert.ok(compareEventIds('1000-1', '1000-0')! > 0);
    assert.ok(compareEventIds('1001-0', '1000-9')! > 0);
    assert.equal(compareEventIds('5', '5-0'), 0);
    assert.equal(compareEventIds('abc', '1'), undefined);
    assert.equal(compareEventIds('', '1'), undefined);
  });
});
