/**
 * Sends one file as a static server should: `ETag` and `Last-Modified` with 304 on a match,
 * a single byte `Range` (videos seek and stream with it) with 206/416, `HEAD`, streamed
 * from disk. Multiple ranges get the whole file (allowed by RFC 9110).
 */
import { createReadStream, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange } from '../../protocol/byte-range.js';

export interface FileToSend {
  path: string;
  stat: Stats;
  type: string;
  /** Extra headers (cache policy, CSP for SVG). */
  headers?: Record<string, string>;
}

export function entityTag(stat: Stats): string {
  return `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/** `true` when the client's copy is current (If-None-Match wins over If-Modified-Since). */
function notModified(req: IncomingMessage, etag: string, stat: Stats): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(stat.mtimeMs / 1000) * 1000 <= since;
}

export function sendFile(req: IncomingMessage, res: ServerResponse, file: FileToSend): void {
  const { stat } = file;
  const etag = entityTag(stat);
  const common = {
    ETag: etag,
    'Last-Modified': new Date(stat.mtimeMs).toUTCString(),
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    ...file.headers,
  };
  if (notModified(req, etag, stat)) {
    res.writeHead(304, common).end();
    return;
  }
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
  const stream = createReadStream(file.path, { start, end });
  stream.once('error', () => res.destroy());
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
