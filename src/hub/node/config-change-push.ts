/**
 * Tells every display page on this instance that its configuration or media changed, so it
 * re-reads `config.json` without a reload: an SSE `config-changed` event with no id on every
 * open lane stream (not stored, not replayed: a page that connects later reads the new
 * configuration anyway). Sent after a change through the admin API, and when the
 * configuration file changed on disk (an edit by hand, another instance sharing the file):
 * its stamp is checked on a timer, bounded to one `stat` per interval and stopped on close.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { formatSseFrame, Frame } from '../../protocol/index.js';
import type { Hub } from '../hub.js';

export const CONFIG_CHANGED_EVENT = 'config-changed';
/** How often the configuration file's stamp is checked. */
export const CONFIG_CHECK_INTERVAL_MS = 2000;

export interface ConfigChangePush {
  /** Something changed now: tell the displays (and take the file's stamp as seen). */
  changed(): void;
  stop(): void;
}

export function startConfigChangePush(hub: Hub, configFile: string | undefined, intervalMs = CONFIG_CHECK_INTERVAL_MS): ConfigChangePush {
  let stamp = configFile ? fileStamp(configFile) : '';
  const changed = () => {
    if (configFile) stamp = fileStamp(configFile);
    // Opaque to the page: a new value per change.
    const version = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    hub.sendToEveryDisplay(new Frame(formatSseFrame({ event: CONFIG_CHANGED_EVENT, data: { version } })));
  };
  const timer = configFile
    ? setInterval(() => {
        if (fileStamp(configFile) !== stamp) changed();
      }, intervalMs)
    : undefined;
  timer?.unref();
  return { changed, stop: () => clearInterval(timer) };
}

function fileStamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
}
