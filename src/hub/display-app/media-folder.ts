/**
 * The shop's media folder (`--media DIR`): which files may be served, where a URL path
 * leads, and the slides it holds. Only regular files with a known image or video
 * extension, inside the folder after resolving symlinks, are ever served; hidden files,
 * directories and everything else are "not found". No listing is served: the slide list in
 * the configuration names the files.
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, sep } from 'node:path';

/** Content types of what a display can show; other extensions are never served. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mov': 'video/quicktime',
  // The cashier's stylesheet for mirrored dialogs may sit beside the media.
  '.css': 'text/css; charset=utf-8',
};

export function mediaTypeOf(name: string): string | undefined {
  return MEDIA_TYPES[extname(name).toLowerCase()];
}

export type MediaLookup =
  | { ok: true; path: string; stat: Stats; type: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const notFound = (reason: string): MediaLookup => ({ ok: false, status: 404, reason });

/**
 * Where `/media/<rawPath>` leads. `rawPath` is the path as it came on the wire (still
 * percent-encoded); it is decoded exactly once, so `%252e%252e` stays a (missing) file name.
 */
export function lookUpMedia(root: string, rawPath: string): MediaLookup {
  if (/%2f|%5c|%00/i.test(rawPath)) return { ok: false, status: 403, reason: 'encoded separator or NUL' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  const segments = decoded.split('/');
  if (decoded.includes('\\') || segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'path leaves the media folder' };
  if (segments.some((s) => s === '' || s.startsWith('.'))) return notFound('empty or hidden path segment');
  const type = mediaTypeOf(decoded);
  if (!type) return notFound('not a media file type');
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(join(realRoot, ...segments));
  } catch {
    return notFound('no such file');
  }
  // A symlink may point anywhere: only what really lies inside the folder is served.
  if (!real.startsWith(realRoot + sep)) return { ok: false, status: 403, reason: 'symlink leaves the media folder' };
  const stat = statSync(real, { throwIfNoEntry: false });
  if (!stat?.isFile()) return notFound('not a regular file');
  return { ok: true, path: real, stat, type };
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The folder's slides in name order (natural: `promo-2` before `promo-10`), read now so a
 * file added or removed shows on the next page load. Top level only; hidden files and
 * `exclude` (the logo) left out.
 */
export function listMediaSlides(root: string, exclude: ReadonlySet<string> = new Set()): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => !name.startsWith('.') && !exclude.has(name) && /^(image|video)\//.test(mediaTypeOf(name) ?? ''))
    .filter((name) => lookUpMedia(root, encodeURIComponent(name)).ok)
    .sort(byName.compare);
}
