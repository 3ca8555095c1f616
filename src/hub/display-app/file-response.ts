/**
 * Sends one file as a static server should: `ETag` and `Last-Modified` with 304 on a match,
 * a single byte `Range` (videos seek and stream with it) with 206/416, `HEAD`, streamed
 * from disk. Multiple ranges get the whole file (allowed by RFC 9110).
 *
 * Text types (scripts, JSON, SVG) go brotli- or gzip-coded when the client accepts it:
 * from the `.br`/`.gz` the build wrote beside the file when it is at least as new as the
 * file (an older one belongs to a previous build and is ignored), else compressed here once
 * per file version and kept in memory. A Range request always gets the identity file: byte
 * offsets are offsets of the file itself, whatever coding the client accepts.
 */
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange } from '../../protocol/byte-range.js';
import { chooseCoding, codedTag, encode, encodedCache, isCompressible, matchesIfNoneMatch, MIN_COMPRESS_BYTES, VARY_ENCODING, type ContentCoding } from './content-encoding.js';

export interface FileToSend {
  path: string;
  stat: Stats;
  type: string;
  /** Extra headers (cache policy, CSP for SVG). */
  headers?: Record<string, string>;
}

/** Files compressed on the fly (no fresh precompressed copy) up to this size; larger ones go as they are. */
const ON_THE_FLY_MAX_BYTES = 1024 * 1024;

export function entityTag(stat: Stats): string {
  return `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/** `true` when the client's copy is current (If-None-Match wins over If-Modified-Since). */
function notModified(req: IncomingMessage, etag: string, stat: Stats): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return matchesIfNoneMatch(ifNoneMatch, etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since;
}

/** The body in the chosen coding: a fresh precompressed file on disk, or bytes compressed here. */
type CodedBody = { coding: 'identity' } | { coding: Exclude<ContentCoding, 'identity'>; path: string; size: number } | { coding: Exclude<ContentCoding, 'identity'>; bytes: Buffer; size: number };

function codedBody(req: IncomingMessage, file: FileToSend): CodedBody {
  const { stat } = file;
  if (!isCompressible(file.type) || req.headers.range || stat.size < MIN_COMPRESS_BYTES) return { coding: 'identity' };
  const coding = chooseCoding(req.headers['accept-encoding']);
  if (coding === 'identity') return { coding };
  const suffix = coding === 'br' ? '.br' : '.gz';
  const pre = statSync(file.path + suffix, { throwIfNoEntry: false });
  if (pre?.isFile() && pre.mtimeMs >= stat.mtimeMs) return { coding, path: file.path + suffix, size: pre.size };
  if (stat.size > ON_THE_FLY_MAX_BYTES) return { coding: 'identity' };
  const bytes = encodedCache.get(`${file.path}|${stat.size}|${stat.mtimeMs}|${coding}`, () => encode(readFileSync(file.path), coding));
  return { coding, bytes, size: bytes.length };
}

export function sendFile(req: IncomingMessage, res: ServerResponse, file: FileToSend): void {
  const { stat } = file;
  const body = codedBody(req, file);
  const etag = codedTag(entityTag(stat), body.coding);
  const common = {
    ETag: etag,
    'Last-Modified': new Date(stat.mtimeMs).toUTCString(),
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    ...(isCompressible(file.type) ? VARY_ENCODING : {}),
    ...file.headers,
  };
  if (notModified(req, etag, stat)) {
    res.writeHead(304, common).end();
    return;
  }
  if (body.coding !== 'identity') return sendCoded(req, res, file, common, body);
  // If-Range with another version: the whole (new) file, not a piece of it.
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? undefined : parseByteRange(req.headers.range, stat.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${stat.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: stat.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...common,
    'Content-Type': file.type,
    'Content-Length': String(Math.max(0, end - start + 1)),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${stat.size}` } : {}),
  });
  if (req.method === 'HEAD' || stat.size === 0) {
    res.end();
    return;
  }
  pipeFile(res, file.path, start, end);
}

function sendCoded(req: IncomingMessage, res: ServerResponse, file: FileToSend, common: Record<string, string>, body: Exclude<CodedBody, { coding: 'identity' }>): void {
  res.writeHead(200, { ...common, 'Content-Type': file.type, 'Content-Encoding': body.coding, 'Content-Length': String(body.size) });
  if (req.method === 'HEAD') res.end();
  else if ('bytes' in body) res.end(body.bytes);
  else pipeFile(res, body.path, 0, body.size - 1);
}

function pipeFile(res: ServerResponse, path: string, start: number, end: number): void {
  const stream = createReadStream(path, { start, end });
  stream.once('error', () => res.destroy());
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
