/**
 * Turns a request body (bytes) into JSON, or into the error reply it deserves. Pure and
 * free of Node APIs: the node:http adapter and the MSW mock share it, so both refuse the
 * same bodies with the same words.
 */

/** Deeper bodies are refused before parsing: no wire message nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; error: string; message: string };

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

export function isJsonContentType(header: string | undefined | null): boolean {
  return !header || header.trim() === '' || JSON_TYPE.test(header);
}

export function bodyTooLarge(maxBytes: number): BodyResult {
  return { ok: false, status: 413, error: 'body_too_large', message: `request body exceeds ${maxBytes} bytes` };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An empty body reads as `{}` (the original `/clear` sends none). */
export function parseJsonBody(bytes: Uint8Array, contentType: string | undefined | null): BodyResult {
  if (bytes.length > 0 && !isJsonContentType(contentType)) {
    return { ok: false, status: 415, error: 'unsupported_media_type', message: `expected Content-Type: application/json, got ${contentType}` };
  }
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
