/**
 * The display state, kept current from a hub: the connection (an EventSource, or a
 * BroadcastChannel for `broadcast:LANE`), validation of every event, the reducer, the event
 * log and the thank-you timer. No element and no Lit: `<display-sync>` drives one through
 * `DisplaySyncController`, and a page that only wants the state uses it directly:
 *
 *   const feed = new DisplayFeed({ src: 'http://hub:5000', lane: 'till-2' });
 *   feed.subscribe({ onState: (state) => render(state) });
 *   feed.start();
 */
import { BROADCAST_PREFIX, type DisplayEvent, type EventName } from '../protocol/index.js';
import { laneEndpointUrl, type EarlyStream } from '../protocol/early-stream.js';
// Not zod's validateEvent: the same rules without zod/mini in the display (see event-checks.ts).
import { checkEvent, DISPLAY_EVENT_NAMES } from '../protocol/event-checks.js';
import type { DisplayErrorDetail } from './display-events.js';
import {
  DEFAULT_THANKS_MS,
  INITIAL_DISPLAY_STATE,
  reduceDisplayState,
  thanksEndsAt,
  withPhase,
  withPromptAnswer,
  type ConnectionStatus,
  type DisplayPhase,
  type DisplayState,
} from './display-state.js';
import { appendToLog, summarize, type LoggedEvent } from './event-log.js';
import type { DisplayConnection } from './display-connection.js';
import { deferredConnection } from './deferred-connection.js';
import { EventStreamConnection } from './event-stream-connection.js';
import { readSeed } from './initial-state.js';
import { loadBroadcastConnection } from './lazy-sync-modules.js';

/** How long a screen shows "answer received" after its answer closed the prompt. */
export const PROMPT_ACK_MS = 2500;

/** The original bridge pings every 30 s and does not announce it. */
const ORIGINAL_HEARTBEAT_MS = 30_000;
/** A stream silent for this many heartbeats is replaced. */
const SILENT_HEARTBEATS = 2.5;

/** The attributes of `<display-sync>`, with the same meaning and defaults. */
export interface DisplayFeedOptions {
  /** Hub base URL; `''`: the page's own origin; `broadcast:LANE`: the cashier's window. */
  src?: string;
  /** Lane (till) to follow; `''`: the hub's default lane. */
  lane?: string;
  /** A paired display's id and secret (`DisplayPairing`), sent with the stream request. */
  display?: string;
  key?: string;
  /** With no `lane`, do not connect (a display waiting to be paired) instead of following the default lane. */
  waitForLane?: boolean;
  /** First reconnect delay in ms (default 250); later ones double up to `maxReconnectDelay`. */
  reconnectDelay?: number;
  /** Largest reconnect delay in ms (default 5000). */
  maxReconnectDelay?: number;
  /** Silence in ms after which the stream is replaced; 0 (default): 2.5 × the hub's heartbeat. */
  silenceTimeout?: number;
  /** How long the thank-you phase lasts, in ms (default 5000). */
  thanksDuration?: number;
}

/** What a subscriber hears; every method is optional. Called synchronously, in this order. */
export interface DisplayFeedListener {
  /** A new state (after an event, a status change, a phase running out). */
  onState?(state: DisplayState): void;
  /** The phase changed (after `onState`). */
  onPhase?(phase: DisplayPhase): void;
  /** The event log changed. */
  onEventLog?(log: readonly LoggedEvent[]): void;
  /** The connection status changed (after `onState` and `onEventLog`). */
  onStatus?(status: ConnectionStatus): void;
  /** An event failed validation and was ignored. */
  onError?(detail: DisplayErrorDetail): void;
  /** The hub says the configuration or media changed (re-read `config.json`). */
  onConfigChanged?(version: string): void;
}

const DEFAULTS: Required<DisplayFeedOptions> = {
  src: '',
  lane: '',
  display: '',
  key: '',
  waitForLane: false,
  reconnectDelay: 250,
  maxReconnectDelay: 5000,
  silenceTimeout: 0,
  thanksDuration: DEFAULT_THANKS_MS,
};

export class DisplayFeed {
  private options: Required<DisplayFeedOptions> = { ...DEFAULTS };
  private current: DisplayState = INITIAL_DISPLAY_STATE;
  private log: readonly LoggedEvent[] = [];
  /** The status last reported (the state's own can run ahead of it within one event). */
  private reportedStatus: ConnectionStatus = 'connecting';
  private connection: DisplayConnection | undefined;
  private thanksTimer: ReturnType<typeof setTimeout> | undefined;
  private promptTimer: ReturnType<typeof setTimeout> | undefined;
  /** The closed prompt the timer will take off the screen. */
  private dismissing: unknown;
  private readonly listeners = new Set<DisplayFeedListener>();
  /** `start()` was called (and `stop()` not since): connect whenever there is somewhere to connect to. */
  private wanted = false;
  /** The stream the page's loader opened ahead (`offerEarlyStream`), until the first connection. */
  private early: EarlyStream | undefined;

  constructor(options: DisplayFeedOptions = {}) {
    this.configure(options);
  }

  /** The current display state. */
  get state(): DisplayState {
    return this.current;
  }

  /** The last 50 events received (and rejected), newest first. */
  get eventLog(): readonly LoggedEvent[] {
    return this.log;
  }

  get status(): ConnectionStatus {
    return this.reportedStatus;
  }

  /** Whether it is connected (or connecting). */
  get running(): boolean {
    return this.connection !== undefined;
  }

  /** The stream URL it connects to (for `src` other than `broadcast:`). */
  get streamUrl(): string {
    return this.endpoint('stream');
  }

  /**
   * Sends the shopper's answer to the prompt on screen: shown as `sending`, then
   * `acknowledged` (the hub took it) or `refused` (with the hub's reason; the prompt stays).
   */
  async answerPrompt(promptId: string, value: unknown): Promise<void> {
    const view = this.current.prompt;
    if (!view || view.prompt.prompt_id !== promptId || !this.connection || view.closed || view.answer?.status === 'sending') return;
    this.setState(withPromptAnswer(this.current, promptId, { value, status: 'sending' }));
    const result = await this.connection.respond(promptId, value);
    const answer = result.ok ? { value, status: 'acknowledged' as const } : { value, status: 'refused' as const, error: result.error };
    this.setState(withPromptAnswer(this.current, promptId, answer));
  }

  /** A lane endpoint's URL; a paired display's id and secret go in the query (EventSource sends no headers; the hub logs paths only). */
  private endpoint(name: string): string {
    return laneEndpointUrl(this.options.src, name, this.options);
  }

  /** Takes new options (absent ones stay); a new `src` or `lane` starts over from a fresh state. */
  configure(options: DisplayFeedOptions): void {
    const before = this.options;
    const defined = Object.entries(options).filter(([, value]) => value !== undefined);
    this.options = { ...before, ...Object.fromEntries(defined) };
    const endpointChanged = (['src', 'lane', 'display', 'key'] as const).some((name) => this.options[name] !== before[name]);
    if (this.wanted && endpointChanged) {
      this.setState(INITIAL_DISPLAY_STATE);
      this.connect();
    }
  }

  /**
   * Starts from the state the page carried (`DisplaySeed`: the hub's snapshot events for
   * this lane and their id), before `start()`: shown at once, validated like stream events.
   * It is provisional: the stream then opens resuming from the seed's id, so the hub sends
   * only what came after it (never applied twice), or a snapshot that replaces it when it
   * cannot tell (a seed older than its history, another hub). Returns whether it was used;
   * never after `start()` or once anything was applied (a seed is never newer than that).
   */
  seed(seed: unknown): boolean {
    if (this.wanted || this.current.lastEventId !== null) return false;
    const reading = readSeed(seed, this.options.lane);
    if (!reading.ok) {
      this.reject('initial-state', JSON.stringify(seed) ?? '', reading.message);
      return false;
    }
    const now = Date.now();
    const reduce = (state: DisplayState, message: DisplayEvent) => reduceDisplayState(state, message, now, { thanksMs: this.options.thanksDuration });
    const opening = { event: 'connected', data: { status: 'ok', lane: this.options.lane, mode: 'snapshot' }, id: reading.lastEventId } as DisplayEvent;
    const seeded = reading.events.reduce(reduce, reduce(this.current, opening));
    // Not heard from the hub yet: the connection status stays what it was.
    this.setState({ ...seeded, status: this.current.status, lastMessageAt: this.current.lastMessageAt });
    return true;
  }

  /**
   * The stream the page's loader opened for this feed ahead of the bundle
   * (`src/protocol/early-stream.ts`), before `start()`: the first connection takes it over
   * when it is the one it would open (same URL, nothing applied yet, not a seed's resume),
   * else closes it. Offered after `start()`, or offered again, the one not used is closed.
   */
  offerEarlyStream(early: EarlyStream): void {
    // One offer kept at a time; one that can no longer be taken over is closed, not left open.
    this.closeEarlyStream();
    if (this.wanted) early.claim()?.source.close();
    else this.early = early;
  }

  /** Connects (resuming from the last event applied, after a `stop()`). */
  start(): void {
    this.wanted = true;
    if (!this.running) this.connect();
  }

  stop(): void {
    this.wanted = false;
    this.closeEarlyStream();
    this.connection?.stop();
    this.connection = undefined;
    clearTimeout(this.thanksTimer);
    clearTimeout(this.promptTimer);
  }

  /** Calls `listener` on every change from now on; returns the function that stops it. */
  subscribe(listener: DisplayFeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The loader's stream, not taken over: closed now rather than left to its own expiry. */
  private closeEarlyStream(): void {
    this.early?.claim()?.source.close();
    this.early = undefined;
  }

  private connect(): void {
    this.connection?.stop();
    this.connection = undefined;
    if (this.options.waitForLane && !this.options.lane) return this.closeEarlyStream();
    const { src, lane, reconnectDelay, maxReconnectDelay, silenceTimeout } = this.options;
    const common = {
      events: DISPLAY_EVENT_NAMES,
      backoff: { initialMs: reconnectDelay, maxMs: maxReconnectDelay },
      silenceTimeoutMs: silenceTimeout || ORIGINAL_HEARTBEAT_MS * SILENT_HEARTBEATS,
      resumeId: () => this.current.lastEventId,
      onEvent: (event: string, data: string, id: string) => this.receive(event as EventName, data, id),
      onStatus: (status: ConnectionStatus) => this.setStatus(status),
      onConfigChanged: (version: string) => {
        this.appendLog({ at: Date.now(), event: 'config-changed', id: null, summary: version });
        this.notify((listener) => listener.onConfigChanged?.(version));
      },
    };
    // The BroadcastChannel transport's code comes on demand (few displays use it): until it
    // has, the stand-in reports nothing; replaced or stopped meanwhile, it never opens.
    const broadcastLane = src.startsWith(BROADCAST_PREFIX) ? src.slice(BROADCAST_PREFIX.length) || lane : undefined;
    const url = this.streamUrl;
    // Offered for the first connection only; one that is not this connection's is closed.
    const early = this.early;
    this.early = undefined;
    // (A connection resuming from an applied event closes it itself: see EventStreamConnection.open.)
    const adopted = early && broadcastLane === undefined && early.url === url ? early : undefined;
    if (!adopted) early?.claim()?.source.close();
    this.connection =
      broadcastLane !== undefined
        ? deferredConnection(() => loadBroadcastConnection().then(({ BroadcastConnection }) => new BroadcastConnection({ ...common, lane: broadcastLane })), common)
        : new EventStreamConnection({ ...common, url, respondUrl: this.endpoint('respond'), early: adopted });
    this.connection.start();
  }

  private receive(event: EventName, raw: string, id: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return this.reject(event, raw, 'data is not valid JSON');
    }
    const result = checkEvent(event, parsed);
    if (!result.ok) return this.reject(event, raw, result.message);
    const message = { event, data: result.value, id } as DisplayEvent;
    this.appendLog({ at: Date.now(), event, id: id || null, summary: summarize(message) });
    if (message.event === 'connected' && !this.options.silenceTimeout && message.data.heartbeat_ms) {
      this.connection?.setSilenceTimeout(message.data.heartbeat_ms * SILENT_HEARTBEATS);
    }
    this.setState(reduceDisplayState(this.current, message, Date.now(), { thanksMs: this.options.thanksDuration }));
    this.setStatus(this.current.status);
  }

  /** Publishes a new state, and wakes up when a thank-you phase is due to end. */
  private setState(state: DisplayState): void {
    const phaseBefore = this.current.phase;
    this.current = state;
    this.notify((listener) => listener.onState?.(state));
    if (state.phase !== phaseBefore) this.notify((listener) => listener.onPhase?.(state.phase));
    clearTimeout(this.thanksTimer);
    const endsAt = thanksEndsAt(state, this.options.thanksDuration);
    if (endsAt !== null) {
      this.thanksTimer = setTimeout(() => this.setState(withPhase(this.current, Date.now(), this.options.thanksDuration)), endsAt - Date.now());
    }
    this.schedulePromptDismissal(state);
  }

  /** A prompt this screen's answer closed stays a moment ("received"), then goes. */
  private schedulePromptDismissal(state: DisplayState): void {
    const view = state.prompt;
    if (!view?.closed || view.answer?.status !== 'acknowledged' || this.dismissing === view) return;
    this.dismissing = view;
    clearTimeout(this.promptTimer);
    this.promptTimer = setTimeout(() => {
      if (this.current.prompt === view) this.setState({ ...this.current, prompt: null });
    }, PROMPT_ACK_MS);
  }

  private reject(event: string, data: string, message: string): void {
    this.appendLog({ at: Date.now(), event, id: null, summary: data.slice(0, 80), error: message });
    this.notify((listener) => listener.onError?.({ event, message, data }));
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.current.status !== status) this.setState({ ...this.current, status });
    if (this.reportedStatus === status) return;
    this.reportedStatus = status;
    this.appendLog({ at: Date.now(), event: 'status', id: null, summary: status });
    this.notify((listener) => listener.onStatus?.(status));
  }

  private appendLog(entry: Omit<LoggedEvent, 'seq'>): void {
    this.log = appendToLog(this.log, entry);
    this.notify((listener) => listener.onEventLog?.(this.log));
  }

  private notify(call: (listener: DisplayFeedListener) => void): void {
    for (const listener of this.listeners) call(listener);
  }
}
