/**
 * Reads a request body from node:http with a hard size limit: an oversized body is refused
 * as soon as it passes the limit (or at once, from `Content-Length`), never buffered whole.
 */
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, parseJsonBody, type BodyResult } from '../api/json-body.js';

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(bodyTooLarge(maxBytes));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(bodyTooLarge(maxBytes));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => finish({ ok: false, status: 400, error: 'bad_request', message: 'request body could not be read' }));
    req.on('end', () => finish(parseJsonBody(Buffer.concat(chunks, size), req.headers['content-type'])));
  });
}
