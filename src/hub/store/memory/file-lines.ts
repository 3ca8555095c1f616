/**
 * Reads a file line by line in fixed chunks, never as one string: a state file of any size
 * (a gigabyte, binary garbage, one endless line) costs one chunk plus the longest line
 * allowed, and a line over its limit is skipped without being held in memory.
 */
import { readSync } from 'node:fs';

export type FileLine =
  /** A whole line, without its `\n`, and its length in bytes; `ended` is false for a last line with no newline (a write cut short). */
  | { kind: 'line'; number: number; text: string; ended: boolean; bytes: number }
  /** A line longer than its limit: skipped; only its length and its start are known (up to {@link HEAD_BYTES} bytes of what was read when it passed its limit). */
  | { kind: 'too-long'; number: number; bytes: number; head: string };

/** What is kept of a line too long to keep: enough to tell what it was about (a record's id and lane come first). */
export const HEAD_BYTES = 256;

export interface FileLinesOptions {
  /** The longest line kept, in bytes, by line number (the first line of a file may be allowed more). */
  maxLineBytes: (lineNumber: number) => number;
  /** Bytes read at a time. Default 256 KiB. */
  chunkBytes?: number;
}

const NEWLINE = 0x0a;

/** The lines of the file open as `fd` (not closed here), from its start. */
export function* fileLines(fd: number, options: FileLinesOptions): Generator<FileLine> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 256 * 1024);
  let pieces: Buffer[] = [];
  let pending = 0; // bytes of the current line so far
  let skipping = false; // the current line passed its limit: counted, not kept
  let head = ''; // its start, when skipping
  let number = 1;
  const finish = (ended: boolean): FileLine => {
    const line: FileLine = skipping
      ? { kind: 'too-long', number, bytes: pending, head }
      : { kind: 'line', number, text: Buffer.concat(pieces, pending).toString('utf8'), ended, bytes: pending };
    pieces = [];
    pending = 0;
    skipping = false;
    head = '';
    number++;
    return line;
  };
  for (;;) {
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    let start = 0;
    while (start < read) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 || newline >= read ? read : newline;
      const length = end - start;
      pending += length;
      if (!skipping && pending > options.maxLineBytes(number)) {
        skipping = true;
        head = Buffer.concat([...pieces, chunk.subarray(start, end)]).subarray(0, HEAD_BYTES).toString('utf8');
        pieces = [];
      }
      // Copied: the chunk is reused for the next read.
      if (!skipping && length > 0) pieces.push(Buffer.from(chunk.subarray(start, end)));
      if (end === read) break;
      yield finish(true);
      start = end + 1;
    }
  }
  if (pending > 0 || skipping) yield finish(false);
}
