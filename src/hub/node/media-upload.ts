/**
 * Receives one uploaded file into the media folder without ever holding it whole: the
 * request body is piped (with backpressure) into a hidden temporary file in the folder,
 * counted on the way, flushed to disk, then renamed over the final name. A body that passes
 * the limit, or a request that ends early (aborted, cut, timed out), leaves nothing behind:
 * the temporary file is removed and the final name is untouched.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { syncFolder } from '../display-app/config-writer.js';

/** What temporary uploads are called: hidden (never served or listed), swept at start. */
export const UPLOAD_TEMP_PREFIX = '.upload-';

export type UploadResult = { ok: true; bytes: number } | { ok: false; reason: 'too_large' | 'aborted' | 'write_failed' | 'empty' };

/**
 * Copies `req`'s body to `dir/name`, atomically; at most `maxBytes`. The request is only
 * paused, never destroyed, on a refusal: the caller can still answer 413 on its connection.
 */
export async function receiveUpload(req: IncomingMessage, dir: string, name: string, maxBytes: number): Promise<UploadResult> {
  const temp = join(dir, `${UPLOAD_TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  // Backpressure bounds what waits in memory (64 KiB: 1 MiB was no faster in bench/media-upload.ts).
  // `flush`: on disk (fsync) before it counts as closed, so the rename never exposes a hole.
  const out = createWriteStream(temp, { flags: 'wx', mode: 0o644, flush: true, highWaterMark: 1 << 16 });
  const written = await new Promise<UploadResult>((resolve) => {
    let bytes = 0;
    let settled = false;
    const settle = (result: UploadResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (!result.ok) {
        req.pause();
        out.destroy();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return settle({ ok: false, reason: 'too_large' });
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => !settled && req.resume());
      }
    };
    req.on('data', onData);
    req.once('end', () => out.end());
    // Closed before its end: the client gave up, the connection broke or timed out.
    req.once('close', () => !req.complete && settle({ ok: false, reason: 'aborted' }));
    req.once('error', () => settle({ ok: false, reason: 'aborted' }));
    out.once('error', () => settle({ ok: false, reason: 'write_failed' }));
    // Closed after its bytes were flushed and the file closed.
    out.once('close', () => settle(!out.writableFinished ? { ok: false, reason: 'write_failed' } : bytes === 0 ? { ok: false, reason: 'empty' } : { ok: true, bytes }));
  });
  try {
    if (!written.ok) throw new Error(written.reason);
    await rename(temp, join(dir, name));
    syncFolder(dir);
    return written;
  } catch {
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(temp, { force: true });
    return written.ok ? { ok: false, reason: 'write_failed' } : written;
  }
}
