/**
 * A transport whose code is loaded on demand (the BroadcastChannel one), standing in for it
 * meanwhile so the feed treats it like any other: `start()` loads it and starts it, unless
 * `stop()` came first, so a connection the feed has already replaced never opens and never
 * delivers an event (no older bill from a stale connection). A failed load (the chunk's
 * file unreachable) is reported as `offline` and tried again with the connection's backoff.
 * (Closures, not a class: the drop-in bundle carries it on every screen, and minified
 * local names are shorter than property names.)
 */
import { reconnectDelay, type BackoffOptions } from './backoff.js';
import type { DisplayConnection } from './display-connection.js';
import type { ConnectionStatus } from './display-state.js';

export interface DeferredConnectionOptions {
  backoff: BackoffOptions;
  onStatus(status: ConnectionStatus): void;
}

export function deferredConnection(load: () => Promise<DisplayConnection>, { backoff, onStatus }: DeferredConnectionOptions): DisplayConnection {
  let inner: DisplayConnection | undefined;
  let started = false;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const open = (): void => {
    load().then(
      (connection) => {
        if (stopped) return;
        inner = connection;
        connection.start();
      },
      (error: unknown) => {
        if (stopped) return;
        console.error(error);
        onStatus('offline');
        retryTimer = setTimeout(open, reconnectDelay(attempt++, backoff));
      },
    );
  };
  return {
    // Starts once; a stopped one stays stopped (the feed makes a new connection instead).
    start() {
      if (started || stopped) return;
      started = true;
      open();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      inner?.stop();
    },
    respond: (promptId, value) => (inner ? inner.respond(promptId, value) : Promise.resolve({ ok: false, error: 'not connected' })),
    // Only an event from the loaded transport announces a heartbeat, so it is there by then.
    setSilenceTimeout: (ms) => inner?.setSilenceTimeout(ms),
  };
}
