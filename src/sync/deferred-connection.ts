/**
 * A transport whose code is loaded on demand (the BroadcastChannel one), standing in for it
 * meanwhile so the feed treats it like any other: `start()` loads it and starts it, unless
 * `stop()` came first, so a connection the feed has already replaced never opens and never
 * delivers an event (no older bill from a stale connection). A failed load (the chunk's
 * file unreachable) is reported as `offline` and tried again with the connection's backoff.
 */
import { reconnectDelay, type BackoffOptions } from './backoff.js';
import type { DisplayConnection, RespondResult } from './display-connection.js';
import type { ConnectionStatus } from './display-state.js';

export interface DeferredConnectionOptions {
  backoff: BackoffOptions;
  onStatus(status: ConnectionStatus): void;
}

export class DeferredConnection implements DisplayConnection {
  private inner: DisplayConnection | undefined;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly load: () => Promise<DisplayConnection>,
    private readonly options: DeferredConnectionOptions,
  ) {}

  /** Starts once; a stopped one stays stopped (the feed makes a new connection instead). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.inner?.stop();
  }

  respond(promptId: string, value: unknown): Promise<RespondResult> {
    return this.inner ? this.inner.respond(promptId, value) : Promise.resolve({ ok: false, error: 'not connected' });
  }

  /** Only an event from the loaded transport announces a heartbeat, so it is there by then. */
  setSilenceTimeout(ms: number): void {
    this.inner?.setSilenceTimeout(ms);
  }

  private open(): void {
    this.load().then(
      (connection) => {
        if (this.stopped) return;
        this.inner = connection;
        connection.start();
      },
      (error: unknown) => {
        if (this.stopped) return;
        console.error(error);
        this.options.onStatus('offline');
        this.retryTimer = setTimeout(() => this.open(), reconnectDelay(this.attempt++, this.options.backoff));
      },
    );
  }
}
