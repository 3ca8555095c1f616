/**
 * Writing `display-hub.json` from the admin API: read with its ETag (a digest of the bytes
 * on disk, so an edit by hand meanwhile is seen), written whole and atomically (a temporary
 * file beside it, flushed, renamed over it: a reader or a crash sees the old file or the new
 * one, never half of one), and the media references a rename or delete must follow.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DisplayConfigError, readDisplayConfigFile } from './config-file.js';
import type { DisplayAppConfig, LaneConfig } from './config-schema.js';

/** The file as the admin edits it: its validated content (null when it is invalid now), its ETag, or a problem. */
export interface ConfigForEdit {
  config: DisplayAppConfig | null;
  etag: string;
  /** Why the file on disk is unusable now (a valid PUT may still replace it). */
  problem?: { field: string; message: string };
}

/** The ETag of a missing file: the config is empty until the first save. */
const MISSING_ETAG = '"none"';

export function etagOf(bytes: Uint8Array | string): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

/** The file's bytes' ETag now (`"none"` when it does not exist). */
export function currentEtag(file: string): string {
  try {
    return etagOf(readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return MISSING_ETAG;
    throw error;
  }
}

export function readConfigForEdit(file: string): ConfigForEdit {
  const etag = currentEtag(file);
  if (etag === MISSING_ETAG) return { config: {}, etag };
  try {
    return { config: readDisplayConfigFile(file), etag };
  } catch (error) {
    if (!(error instanceof DisplayConfigError)) throw error;
    return { config: null, etag, problem: { field: error.field, message: error.message } };
  }
}

/** Writes the configuration whole, atomically; returns the new ETag. Hidden temp name: never served, swept at start. */
export function writeConfigAtomically(file: string, config: DisplayAppConfig): string {
  const text = `${JSON.stringify(config, null, 2)}\n`;
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(file));
  return etagOf(text);
}

/** The rename itself durable too (best effort: some systems cannot open a folder). */
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows, some network filesystems: the rename is still atomic, only not yet flushed.
  }
}

/**
 * The configuration with every reference to media file `from` (slides, logos, at the top
 * and per lane) renamed to `to`, or removed when `to` is null; null when nothing refers to it.
 */
export function withMediaReference(config: DisplayAppConfig, from: string, to: string | null): DisplayAppConfig | null {
  let changed = false;
  const screen = <T extends LaneConfig>(input: T): T => {
    const output = { ...input };
    if (output.logo === from) {
      changed = true;
      if (to === null) delete output.logo;
      else output.logo = to;
    }
    if (output.slides?.some((slide) => slide.src === from)) {
      changed = true;
      output.slides = to === null ? output.slides.filter((slide) => slide.src !== from) : output.slides.map((slide) => (slide.src === from ? { ...slide, src: to } : slide));
    }
    return output;
  };
  const next = screen(config);
  if (config.lanes) next.lanes = Object.fromEntries(Object.entries(config.lanes).map(([id, lane]) => [id, screen(lane)]));
  return changed ? next : null;
}
