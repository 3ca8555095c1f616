/**
 * Reads a JSON request body with a hard size limit. An oversized body is refused as soon
 * as it passes the limit (or at once, from `Content-Length`), never buffered whole.
 */
import type { IncomingMessage } from 'node:http';

/** Deeper bodies are refused before parsing: no wire message nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; error: string; message: string };

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

export function isJsonContentType(header: string | undefined): boolean {
  return header === undefined || header.trim() === '' || JSON_TYPE.test(header);
}

/** Resolves to the parsed body; an empty body reads as `{}` (the original `/clear` sends none). */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    error: 'body_too_large',
    message: `request body exceeds ${maxBytes} bytes`,
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge);

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
      if (size > maxBytes) return finish(tooLarge);
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => finish({ ok: false, status: 400, error: 'bad_request', message: 'request body could not be read' }));
    req.on('end', () => {
      if (size > 0 && !isJsonContentType(req.headers['content-type'])) {
        return finish({
          ok: false,
          status: 415,
          error: 'unsupported_media_type',
          message: `expected Content-Type: application/json, got ${req.headers['content-type']}`,
        });
      }
      finish(parseJson(Buffer.concat(chunks, size)));
    });
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Buffer): BodyResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, status: 400, error: 'invalid_utf8', message: 'request body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: true, value: {} };
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    return { ok: false, status: 400, error: 'too_deep', message: `request body nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, status: 400, error: 'invalid_json', message: `request body is not valid JSON: ${(error as Error).message}` };
  }
}

/** Scans brackets outside strings; cheaper than parsing and never recursive. */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* backslash: skip the escaped char */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
