/**
 * Tells every display page on this instance that its configuration or media changed, so it
 * re-reads `config.json` without a reload: an SSE `config-changed` event with no id on every
 * open lane stream (not stored, not replayed: a page that connects later reads the new
 * configuration anyway). Sent after a change through the admin API, and when the
 * configuration file or the media folder changed on disk (an edit by hand, a file dropped
 * in the folder, another worker or instance sharing them): their stamps are checked on a
 * timer (one `readdir` and a `stat` per file each interval), stopped on close.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatSseFrame, Frame } from '../../protocol/index.js';
import type { Hub } from '../hub.js';
import { fileStamp } from '../display-app/config-file.js';

export const CONFIG_CHANGED_EVENT = 'config-changed';
/** How often the configuration file's stamp is checked. */
export const CONFIG_CHECK_INTERVAL_MS = 2000;

export interface ConfigChangePush {
  /** Something changed now: tell the displays (and take the file's stamp as seen). */
  changed(): void;
  stop(): void;
}

export function startConfigChangePush(hub: Hub, configFile: string | undefined, mediaDir?: string, intervalMs = CONFIG_CHECK_INTERVAL_MS): ConfigChangePush {
  const stampNow = () => `${configFile ? fileStamp(configFile) : ''}|${mediaDir ? folderStamp(mediaDir) : ''}`;
  let stamp = stampNow();
  const changed = () => {
    stamp = stampNow();
    // Opaque to the page: a new value per change.
    const version = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    hub.sendToEveryDisplay(new Frame(formatSseFrame({ event: CONFIG_CHANGED_EVENT, data: { version } })));
  };
  const timer =
    configFile || mediaDir
      ? setInterval(() => {
          if (stampNow() !== stamp) changed();
        }, intervalMs)
      : undefined;
  timer?.unref();
  return { changed, stop: () => clearInterval(timer) };
}

/** The folder's visible files, with their times and sizes (hidden ones, uploads under way among them, left out). */
function folderStamp(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return 'missing';
  }
  return names.map((name) => `${name}:${fileStamp(join(dir, name))}`).join('/');
}
