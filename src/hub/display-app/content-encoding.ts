/**
 * Content coding for what the hub serves (RFC 9110 §12.5.3): brotli or gzip chosen from
 * `Accept-Encoding` (q-values honoured, brotli preferred on a tie), only for types that
 * shrink (text, scripts, JSON, SVG: never images or video, already compressed), and a small
 * memory cache of encoded bodies so each version of a body is compressed once.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** What a compressible response always carries: caches must keep one copy per coding. */
export const VARY_ENCODING = { Vary: 'Accept-Encoding' } as const;

/** Preference order on equal q: brotli is ~15–20 % smaller than gzip on the bundle. */
const CODINGS = ['br', 'gzip'] as const;

/** The coding to send for this `Accept-Encoding` header; `identity` when none is acceptable. */
export function chooseCoding(acceptEncoding: string | string[] | undefined): ContentCoding {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const star = weights.get('*');
  let best: ContentCoding = 'identity';
  let bestWeight = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? star ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/** Types worth compressing: text and structured text; images, video and fonts are compressed already (SVG is text). */
export function isCompressible(type: string): boolean {
  const mime = type.split(';')[0]!.trim().toLowerCase();
  return mime.startsWith('text/') || /[/+](json|javascript|xml|webmanifest)$/.test(mime) || mime === 'image/svg+xml';
}

/** Bodies under this are not worth a coding (the headers cost more than the bytes saved). */
export const MIN_COMPRESS_BYTES = 256;

/**
 * Encodes a body. `once`: a body that is sent once and not kept (a page carrying its lane's
 * state changes with every bill), so a fast setting: brotli 11 costs ~12 ms for a 10 KB page
 * on the event loop, quality 5 under a millisecond, for a few per cent more bytes.
 */
export function encode(body: Buffer, coding: Exclude<ContentCoding, 'identity'>, { once = false } = {}): Buffer {
  const quality = once ? 5 : body.length <= 64 * 1024 ? 11 : 6;
  return coding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: once ? 6 : 9 });
}

/**
 * Encoded bodies by key (a digest or a file's size and mtime, plus the coding), oldest out
 * first once over `maxBytes`: a page, a configuration and a few on-the-fly files per build.
 */
export class EncodedCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  get(key: string, make: () => Buffer): Buffer {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-inserted: most recently used last
      this.entries.set(key, hit);
      return hit;
    }
    const value = make();
    this.entries.set(key, value);
    this.bytes += value.length;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes || oldKey === key) break;
      this.entries.delete(oldKey);
      this.bytes -= old.length;
    }
    return value;
  }
}

/** Shared by every route of this process: encoded bytes depend only on the input bytes. */
export const encodedCache = new EncodedCache();

/** The ETag of one coding of a representation: each coding is a distinct one (RFC 9110 §8.8.3). */
export function codedTag(etag: string, coding: ContentCoding): string {
  return coding === 'identity' ? etag : etag.replace(/"$/, `-${coding}"`);
}

/** `true` when If-None-Match names `etag` (or `*`); weak comparison, as for GET. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
