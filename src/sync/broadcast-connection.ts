/**
 * The display side of the BroadcastChannel transport (`<display-sync src="broadcast:LANE">`):
 * says hello (with the last event id), receives the cashier window's frames, and feeds
 * them to the display feed exactly as an EventSource would. Silence (the cashier window
 * closed, or not open yet) → stale, then hello again, with backoff.
 */
import { reconnectDelay } from './backoff.js';
import { broadcastChannelName, isBroadcastMessage, type BroadcastMessage, parseFrames } from '../protocol/index.js';
import type { ConnectionStatus } from './display-state.js';
import type { ConnectionCallbacks, DisplayConnection, RespondResult } from './display-connection.js';
import { watchPageLifecycle } from './page-lifecycle.js';
import { SilenceWatchdog } from './silence-watchdog.js';

export interface BroadcastConnectionOptions extends ConnectionCallbacks {
  lane: string;
}

export class BroadcastConnection implements DisplayConnection {
  private channel: BroadcastChannel | undefined;
  private readonly id = `display-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  private readonly events: Set<string>;
  private readonly watchdog: SilenceWatchdog;
  private helloTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private status: ConnectionStatus = 'connecting';
  private lastId = '';
  private unwatchPage: (() => void) | undefined;
  /** Answers sent, waiting for the cashier window's reply, by request id. */
  private readonly answers = new Map<string, (result: RespondResult) => void>();
  private requests = 0;

  constructor(private readonly options: BroadcastConnectionOptions) {
    this.events = new Set(options.events);
    this.watchdog = new SilenceWatchdog(
      options.silenceTimeoutMs,
      () => this.setStatus('stale'),
      () => this.hello(),
    );
  }

  start(): void {
    if (this.channel) return;
    this.channel = new BroadcastChannel(broadcastChannelName(this.options.lane));
    this.channel.onmessage = ({ data }) => this.receive(data);
    // Like the EventSource: a page in the back/forward cache says bye and stays quiet
    // (no hellos, no "offline"); back from it, it says hello again with its last id.
    this.unwatchPage = watchPageLifecycle({ leave: () => this.leavePage(), back: () => this.returnToPage() });
    this.hello();
  }

  stop(): void {
    this.post({ type: 'bye', from: this.id });
    this.unwatchPage?.();
    this.unwatchPage = undefined;
    this.channel?.close();
    this.channel = undefined;
    clearTimeout(this.helloTimer);
    this.watchdog.clear();
  }

  setSilenceTimeout(ms: number): void {
    this.watchdog.setTimeout(ms);
    this.watchdog.arm();
  }

  respond(promptId: string, value: unknown): Promise<RespondResult> {
    if (!this.channel) return Promise.resolve({ ok: false, error: 'not connected' });
    const request = `${this.id}:${++this.requests}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ ok: false, error: 'the cashier window did not answer' }), 5000);
      const settle = (result: RespondResult) => {
        clearTimeout(timer);
        this.answers.delete(request);
        resolve(result);
      };
      this.answers.set(request, settle);
      this.post({ type: 'respond', from: this.id, request, prompt_id: promptId, value });
    });
  }

  private leavePage(): void {
    this.post({ type: 'bye', from: this.id });
    clearTimeout(this.helloTimer);
    this.watchdog.clear();
  }

  private returnToPage(): void {
    this.attempt = 0;
    this.hello();
  }

  /** Asks the cashier window for an opening; asks again, with backoff, until one comes. */
  private hello(): void {
    if (!this.channel) return;
    this.post({ type: 'hello', from: this.id, lastEventId: this.options.resumeId() });
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(() => {
      this.setStatus('offline');
      this.hello();
    }, reconnectDelay(this.attempt++, this.options.backoff) + 500);
  }

  private receive(message: unknown): void {
    if (isBroadcastMessage(message) && message.type === 'hub-ready') return this.hello();
    if (isBroadcastMessage(message) && message.type === 'respond-result' && message.to === this.id) {
      return this.answers.get(message.request)?.(message.ok ? { ok: true } : { ok: false, error: message.error ?? 'refused' });
    }
    // Anything else on the channel (other code, a stale version) is ignored.
    if (!isBroadcastMessage(message) || message.type !== 'frames' || message.to !== this.id) return;
    clearTimeout(this.helloTimer);
    this.attempt = 0;
    this.setStatus('live');
    this.watchdog.arm();
    for (const frame of parseFrames(message.text)) {
      if ('retry' in frame || !frame.event || !this.events.has(frame.event)) continue;
      // EventSource keeps the last id for events that carry none (pings): do the same.
      if (frame.id !== undefined) this.lastId = frame.id;
      this.options.onEvent(frame.event, frame.data, this.lastId);
    }
  }

  private post(message: BroadcastMessage): void {
    this.channel?.postMessage(message);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}
