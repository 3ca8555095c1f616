/**
 * What a display needs of a transport (an EventSource, a BroadcastChannel): the feed picks
 * one by `src` and treats both the same.
 */
import type { BackoffOptions } from './backoff.js';
import type { ConnectionStatus } from './display-state.js';

/** What every transport reports to the feed, and how it retries. */
export interface ConnectionCallbacks {
  /** Event names to listen for. */
  events: readonly string[];
  /** Called for every received event, in order (data as JSON text, id as the stream gave it). */
  onEvent(event: string, data: string, id: string): void;
  /** Called when the connection status changes. */
  onStatus(status: ConnectionStatus): void;
  /**
   * The hub says the display's configuration or media changed (`config-changed`, data
   * `{version}`): not a display event, carries no id, never touches the resume id.
   */
  onConfigChanged?(version: string): void;
  /** Returns the id to resume from on a reconnect (the last one applied). */
  resumeId(): string | null;
  backoff: BackoffOptions;
  /**
   * Silence after which the connection counts as dead and is replaced, in ms; `stale` is
   * reported at 60 % of it. 0 disables the watchdog.
   */
  silenceTimeoutMs: number;
}

/** How the hub took a prompt answer. `error`: why not, in words the display may log (never the answer). */
export type RespondResult = { ok: true } | { ok: false; error: string };

/** What the feed calls on a transport. */
export interface DisplayConnection {
  start(): void;
  stop(): void;
  /** Sends the shopper's answer to a prompt; resolves (never rejects) with how the hub took it. */
  respond(promptId: string, value: unknown): Promise<RespondResult>;
  /** Adopts the heartbeat interval the hub announced. */
  setSilenceTimeout(ms: number): void;
}
