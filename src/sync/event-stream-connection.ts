/**
 * One EventSource, kept alive: reconnects with backoff whatever the failure (the browser
 * only retries some of them, and at a fixed interval), resumes from the last event id, and
 * a watchdog replaces a stream that went silent (half-open TCP, a sleeping Wi-Fi link).
 * Closed while the page is in the back/forward cache (or frozen), resumed when it is back.
 */
import { reconnectDelay } from './backoff.js';
import type { ConnectionCallbacks, DisplayConnection, RespondResult } from './display-connection.js';
import type { ConnectionStatus } from './display-state.js';
import { watchPageLifecycle } from './page-lifecycle.js';
import { SilenceWatchdog } from './silence-watchdog.js';
import type { EarlyStream } from '../protocol/early-stream.js';

export interface EventStreamConnectionOptions extends ConnectionCallbacks {
  /** Stream URL; `lastEventId` is appended on reconnects. */
  url: string;
  /** Where prompt answers are POSTed. Default: the stream URL with `/respond` for `/stream`. */
  respondUrl?: string;
  /**
   * The same stream, opened by the page's loader ahead of the bundle: the first opening
   * takes it over (its buffered events first) instead of opening another.
   */
  early?: EarlyStream;
}

/** The hub's signal that the configuration or media changed (`node/config-change-push.ts`). */
export const CONFIG_CHANGED_EVENT = 'config-changed';

/** An answer the hub has not taken within this long is reported as not sent. */
const RESPOND_TIMEOUT_MS = 5000;
/**
 * A refused stream (401/403) is asked again after this long, doubling to the cap: pairing
 * or a new token may let it in later, but retrying every few seconds only fills the hub's
 * log and trips its brake on guessing.
 */
export const REFUSED_BACKOFF = { initialMs: 30_000, maxMs: 5 * 60_000 };
/** How long the check of a failed stream's status may take. */
const STATUS_CHECK_TIMEOUT_MS = 5000;

export class EventStreamConnection implements DisplayConnection {
  private source: EventSource | undefined;
  private attempt = 0;
  /** Refusals in a row (their own, slower backoff). */
  private refusals = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private status: ConnectionStatus = 'connecting';
  private readonly watchdog: SilenceWatchdog;
  /** The page is away (cached, frozen): the stream is closed on purpose, not failing. */
  private away = false;
  private unwatchPage: (() => void) | undefined;
  private early: EarlyStream | undefined;

  constructor(private readonly options: EventStreamConnectionOptions) {
    this.early = options.early;
    // Armed from the moment a connection is attempted: a hub that accepts the connection
    // but never answers (hung) must not leave the display "connecting" for ever.
    this.watchdog = new SilenceWatchdog(
      options.silenceTimeoutMs,
      () => this.status === 'live' && this.setStatus('stale'),
      () => this.reconnect(this.status === 'live' || this.status === 'stale' ? 'stale' : 'offline'),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unwatchPage = watchPageLifecycle({ leave: () => this.leavePage(), back: () => this.returnToPage() });
    this.open();
  }

  stop(): void {
    this.running = false;
    this.away = false;
    this.unwatchPage?.();
    this.unwatchPage = undefined;
    this.pause();
  }

  setSilenceTimeout(ms: number): void {
    this.watchdog.setTimeout(ms);
    if (this.source) this.watchdog.arm();
  }

  async respond(promptId: string, value: unknown): Promise<RespondResult> {
    // No AbortSignal.timeout: older WebViews on display boxes lack it.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), RESPOND_TIMEOUT_MS);
    try {
      const url = this.options.respondUrl ?? this.options.url.replace(/\/stream(?=\?|$)/, '/respond');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt_id: promptId, value }),
        signal: controller.signal,
      });
      const reply = (await response.json().catch(() => ({}))) as { message?: string };
      return response.ok ? { ok: true } : { ok: false, error: reply.message ?? `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Into the back/forward cache: close the stream so the cached page holds no connection.
   * Not a failure: the status stays as it is (no "offline" flash on the way back) and the
   * backoff does not grow.
   */
  private leavePage(): void {
    this.away = true;
    this.pause();
  }

  /** Back from the cache: reopen at once, resuming after the last event applied. */
  private returnToPage(): void {
    if (!this.running || !this.away) return;
    this.away = false;
    this.attempt = 0;
    this.open();
  }

  private pause(): void {
    this.closeSource();
    clearTimeout(this.retryTimer);
    this.watchdog.clear();
  }

  private open(): void {
    const { url, events, onEvent } = this.options;
    const resumeId = this.options.resumeId();
    // Only the first opening, and only while nothing has been applied: a reopening resumes.
    const early = this.early?.claim();
    this.early = undefined;
    if (early && resumeId) early.source.close();
    const claimed = resumeId ? undefined : early;
    const source = claimed ? claimed.source : new EventSource(resumeId ? withQuery(url, 'lastEventId', resumeId) : url);
    this.source = source;
    this.watchdog.arm();
    const onMessage = (message: MessageEvent) => {
      if (this.source !== source) return;
      this.attempt = 0;
      this.setStatus('live');
      this.watchdog.arm();
      onEvent(message.type, String(message.data), message.lastEventId);
    };
    for (const name of events) source.addEventListener(name, onMessage as EventListener);
    // Not a display event (no id, no state): proof of life, then handed over as it is.
    const onConfigChanged = (message: MessageEvent) => {
      if (this.source !== source) return;
      this.watchdog.arm();
      this.options.onConfigChanged?.(configVersion(String(message.data)));
    };
    source.addEventListener(CONFIG_CHANGED_EVENT, onConfigChanged as EventListener);
    source.onopen = () => {
      if (this.source !== source) return;
      this.watchdog.arm();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // Take over from the browser: its own retry is fixed-interval and stops for good on
      // an HTTP error (readyState CLOSED).
      if (source.readyState !== EventSource.CLOSED) return this.reconnect('offline');
      // An HTTP error: EventSource does not say which. A refusal is not "connection lost".
      this.closeSource();
      this.watchdog.clear();
      void refusedStatus(source.url).then((refused) => {
        if (this.source || !this.running || this.away) return;
        this.reconnect(refused ? 'refused' : 'offline');
      });
    };
    // A stream taken over: what it delivered before, in order, as if it had just arrived.
    // Each on its own, as the browser dispatches live ones: one that throws must not keep the
    // newer ones after it (the newest bill) from being applied.
    if (claimed) {
      for (const message of claimed.events) {
        try {
          (message.type === CONFIG_CHANGED_EVENT ? onConfigChanged : onMessage)(message);
        } catch (error) {
          setTimeout(() => {
            throw error;
          });
        }
      }
    }
  }

  private reconnect(status: ConnectionStatus): void {
    this.closeSource();
    this.watchdog.clear();
    if (this.away) return;
    this.setStatus(status);
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    if (status === 'refused') this.attempt = 0;
    else this.refusals = 0;
    const delay = status === 'refused' ? reconnectDelay(this.refusals++, { ...this.options.backoff, ...REFUSED_BACKOFF }) : reconnectDelay(this.attempt++, this.options.backoff);
    this.retryTimer = setTimeout(() => this.running && !this.away && this.open(), delay);
  }

  private closeSource(): void {
    if (!this.source) return;
    this.source.onerror = null;
    this.source.onopen = null;
    this.source.close();
    this.source = undefined;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}

/**
 * Whether the hub refuses this stream (401, 403): asked again with fetch, which sees the
 * status, and cut off as soon as the headers are in (an accepted stream would stay open).
 */
async function refusedStatus(url: string): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), STATUS_CHECK_TIMEOUT_MS);
  try {
    const response = await fetch(url, { cache: 'no-store', signal: controller.signal, headers: { Accept: 'text/event-stream' } });
    return response.status === 401 || response.status === 403;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The `version` of a `config-changed` event's data; any text will do (it is only compared). */
function configVersion(data: string): string {
  try {
    const version = (JSON.parse(data) as { version?: unknown }).version;
    return typeof version === 'string' ? version.slice(0, 100) : '';
  } catch {
    return '';
  }
}

function withQuery(url: string, key: string, value: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
}
