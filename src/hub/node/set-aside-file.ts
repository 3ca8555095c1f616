/**
 * Keeps a damaged file the hub cannot use (its state file, its pairings file) beside it,
 * as `<name>.<why>-<time>`, so that the hub starts without it and the operator still has it.
 */
import { linkSync, renameSync } from 'node:fs';

/**
 * A hard link when the file system allows (whoever rewrites the file atomically then leaves
 * the original under the new name, with never a moment without the file), else a rename.
 * Returns the new name, or null when it could not be kept.
 */
export function setAsideFile(path: string, why: string, now = new Date()): string | null {
  const aside = `${path}.${why}-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    linkSync(path, aside);
    return aside;
  } catch {
    try {
      renameSync(path, aside);
      return aside;
    } catch {
      return null;
    }
  }
}
