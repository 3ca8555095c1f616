/**
 * What the admin API accepts into the media folder: the upload types (what every screen can
 * show) and the names a file may have there. Pure: the HTTP layer turns a refusal into its
 * status; nothing is touched before a name passed here.
 */
import { extname } from 'node:path';

/** Content type → the extensions a file of that type may carry. */
export const UPLOAD_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/gif': ['.gif'],
  // Served sandboxed (no script runs on the hub's origin), as media is served now.
  'image/svg+xml': ['.svg'],
  'video/mp4': ['.mp4', '.m4v'],
  'video/webm': ['.webm'],
};

export const MAX_MEDIA_NAME_LENGTH = 100;
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export type NameCheck = { ok: true; name: string } | { ok: false; status: 400; error: 'invalid_name'; message: string };

const refused = (message: string): NameCheck => ({ ok: false, status: 400, error: 'invalid_name', message });

/**
 * A name as it came in the URL path (still percent-encoded). Decoded once; any separator,
 * dot segment, NUL or other character outside letters, digits and `-_.` is refused, so a
 * name can only ever mean a file directly inside the folder. `extension: false`: the
 * extension is checked later (an upload's type is refused first, 415).
 */
export function checkMediaName(raw: string, { extension = true } = {}): NameCheck {
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return refused('the name is not valid percent-encoding');
  }
  if (name === '' || name.length > MAX_MEDIA_NAME_LENGTH) return refused(`a name is 1-${MAX_MEDIA_NAME_LENGTH} characters`);
  if (/[/\\\0]/.test(name) || name === '.' || name === '..') return refused('a name is a file directly in the media folder: no "/", "\\", ".." or NUL');
  if (name.startsWith('.')) return refused('a name must not start with "." (hidden files are never served)');
  if (!NAME.test(name)) return refused('a name may hold only letters, digits, "-", "_" and "."');
  if (extension && !typeOfName(name)) return refused(`the name must end in one of ${allExtensions().join(' ')}`);
  return { ok: true, name };
}

/** The upload type a name's extension stands for, if any. */
export function typeOfName(name: string): string | undefined {
  const extension = extname(name).toLowerCase();
  return Object.keys(UPLOAD_TYPES).find((type) => UPLOAD_TYPES[type]!.includes(extension));
}

/** The bare type of a Content-Type header (`image/png; charset=…` → `image/png`), if it is one we take. */
export function uploadTypeOf(header: string | undefined): string | undefined {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type in UPLOAD_TYPES ? type : undefined;
}

function allExtensions(): string[] {
  return Object.values(UPLOAD_TYPES).flat();
}
