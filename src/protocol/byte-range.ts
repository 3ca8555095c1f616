/**
 * HTTP `Range: bytes=…` for one range (RFC 9110 §14.1.2), shared by the hub's file
 * responses and the display app's service worker (which answers ranges from its offline
 * copy): one parser, so both serve the same bytes. Not re-exported from the protocol's
 * index: the drop-in display has no use for it.
 */

/** The inclusive byte range to send; 'unsatisfiable' for a 416; undefined: send the whole file. */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** The one range of `Range: bytes=…` within `size`; `undefined` for none, a malformed one, or several. */
export function parseByteRange(header: string | null | undefined, size: number): ByteRange {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const first = match[1]!;
  const last = match[2]!;
  if (first === '') {
    // bytes=-N: the last N bytes (a suffix), not the first N.
    const length = Math.min(Number(last), size);
    return length > 0 ? { start: size - length, end: size - 1 } : 'unsatisfiable';
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return start < size && start <= end ? { start, end } : 'unsatisfiable';
}
