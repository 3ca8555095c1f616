import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../define.js';
import { displayContext } from './display-context.js';
import {
  DEFAULT_THANKS_MS,
  INITIAL_DISPLAY_STATE,
  reduceDisplayState,
  thanksEndsAt,
  withPhase,
  type ConnectionStatus,
  type DisplayState,
} from './display-state.js';
import { appendToLog, eventLogContext, summarize, type LoggedEvent } from './event-log.js';
import { BroadcastConnection } from './broadcast-connection.js';
import { BROADCAST_PREFIX, API_BASE_PATH, EVENT_NAMES, type DisplayEvent, type EventName, validateEvent } from '../protocol/index.js';
import { EventStreamConnection, type DisplayConnection } from './event-stream-connection.js';

/** The original bridge pings every 30 s and does not announce it. */
const ORIGINAL_HEARTBEAT_MS = 30_000;
/** A stream silent for this many heartbeats is replaced. */
const SILENT_HEARTBEATS = 2.5;

export interface DisplayErrorDetail {
  /** The SSE event name whose data was rejected. */
  event: string;
  /** What was wrong, naming the field. */
  message: string;
  /** The raw `data` as received. */
  data: string;
}

/**
 * Connects a customer display to its hub and provides the live display state to every
 * element inside it. It alone owns the connection: one EventSource, reconnect with backoff,
 * resume by event id, and a heartbeat watchdog. Every event is validated; an invalid one
 * is ignored (the last good state stays on screen) and reported as `display-error`.
 *
 * Works against this project's hub and against the original Flask bridge.
 *
 * @tag display-sync
 * @summary Owns the hub connection and provides display state by context.
 * @slot - The display's elements (`<bill-panel>`, …).
 * @event display-error - An event failed validation and was ignored. `detail`: `{event, message, data}`.
 * @event display-status - The connection status changed. `detail`: `{status}`.
 * @event display-phase - The display phase changed (`idle`, `bill`, `payment`, `thanks`). `detail`: `{phase}`.
 */
export class DisplaySync extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * Base URL of the hub, e.g. `http://localhost:5000`; absent: the page's own origin.
   * `broadcast:LANE`: no server, the cashier's window of this browser publishes over a
   * BroadcastChannel (`createDisplayPublisher({ transport: 'broadcast', lane })`).
   */
  @property() src = '';

  /** Lane (till) to follow; absent: the hub's default lane. */
  @property() lane = '';

  /** First reconnect delay in ms; later ones double up to `max-reconnect-delay`. */
  @property({ type: Number, attribute: 'reconnect-delay' }) reconnectDelay = 250;

  /** Largest reconnect delay in ms. */
  @property({ type: Number, attribute: 'max-reconnect-delay' }) maxReconnectDelay = 5000;

  /**
   * Silence in ms after which the stream is replaced. 0 (default): 2.5 × the heartbeat the
   * hub announces (2.5 × 30 s against the original bridge).
   */
  @property({ type: Number, attribute: 'silence-timeout' }) silenceTimeout = 0;

  /** How long the thank-you phase lasts after a successful payment, in ms. */
  @property({ type: Number, attribute: 'thanks-duration' }) thanksDuration = DEFAULT_THANKS_MS;

  /** Connection status, reflected so a page can style on it. */
  @property({ reflect: true }) status: ConnectionStatus = 'connecting';

  /** The current display state, provided to descendants. Read-only for users. */
  @provide({ context: displayContext })
  @state()
  displayState: DisplayState = INITIAL_DISPLAY_STATE;

  /** The display phase, reflected so a page can style on it (`idle`, `bill`, `payment`, `thanks`). */
  @property({ reflect: true }) phase: DisplayState['phase'] = 'idle';

  /** The last 50 events received (and rejected), newest first, for `<display-status debug>`. */
  @provide({ context: eventLogContext })
  @state()
  eventLog: readonly LoggedEvent[] = [];

  private connection: DisplayConnection | undefined;
  private thanksTimer: ReturnType<typeof setTimeout> | undefined;

  /** The stream URL this element connects to. */
  get streamUrl(): string {
    const base = this.src.replace(/\/+$/, '');
    const query = this.lane ? `?lane=${encodeURIComponent(this.lane)}` : '';
    return `${base}${API_BASE_PATH}/stream${query}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first connection waits for the first update, so properties set right after
    // creation (`el.src = …`) are used; a re-attached element reconnects at once.
    if (this.hasUpdated) this.connect();
  }

  protected override firstUpdated(): void {
    this.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.connection?.stop();
    this.connection = undefined;
    clearTimeout(this.thanksTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const endpointChanged = changed.has('src') || changed.has('lane');
    if (this.hasUpdated && this.isConnected && endpointChanged) {
      this.setState(INITIAL_DISPLAY_STATE);
      this.connect();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private connect(): void {
    this.connection?.stop();
    const common = {
      events: EVENT_NAMES,
      backoff: { initialMs: this.reconnectDelay, maxMs: this.maxReconnectDelay },
      silenceTimeoutMs: this.silenceTimeout || ORIGINAL_HEARTBEAT_MS * SILENT_HEARTBEATS,
      resumeId: () => this.displayState.lastEventId,
      onEvent: (event: string, data: string, id: string) => this.receive(event as EventName, data, id),
      onStatus: (status: ConnectionStatus) => this.setStatus(status),
    };
    this.connection = this.src.startsWith(BROADCAST_PREFIX)
      ? new BroadcastConnection({ ...common, lane: this.src.slice(BROADCAST_PREFIX.length) || this.lane })
      : new EventStreamConnection({ ...common, url: this.streamUrl });
    this.connection.start();
  }

  private receive(event: EventName, raw: string, id: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return this.reject(event, raw, 'data is not valid JSON');
    }
    const result = validateEvent(event, parsed);
    if (!result.ok) return this.reject(event, raw, result.message);
    const message = { event, data: result.value, id } as DisplayEvent;
    this.eventLog = appendToLog(this.eventLog, { at: Date.now(), event, id: id || null, summary: summarize(message) });
    if (message.event === 'connected' && !this.silenceTimeout && message.data.heartbeat_ms) {
      this.connection?.setSilenceTimeout(message.data.heartbeat_ms * SILENT_HEARTBEATS);
    }
    this.setState(reduceDisplayState(this.displayState, message, Date.now(), { thanksMs: this.thanksDuration }));
    this.setStatus(this.displayState.status);
  }

  /** Publishes a new state, and wakes up when a thank-you phase is due to end. */
  private setState(state: DisplayState): void {
    this.displayState = state;
    if (this.phase !== state.phase) {
      this.phase = state.phase;
      this.dispatchEvent(new CustomEvent('display-phase', { detail: { phase: state.phase }, bubbles: true, composed: true }));
    }
    clearTimeout(this.thanksTimer);
    const endsAt = thanksEndsAt(state, this.thanksDuration);
    if (endsAt !== null) {
      this.thanksTimer = setTimeout(() => this.setState(withPhase(this.displayState, Date.now(), this.thanksDuration)), endsAt - Date.now());
    }
  }

  private reject(event: string, data: string, message: string): void {
    this.eventLog = appendToLog(this.eventLog, { at: Date.now(), event, id: null, summary: data.slice(0, 80), error: message });
    this.dispatchEvent(
      new CustomEvent<DisplayErrorDetail>('display-error', {
        detail: { event, message, data },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.displayState.status !== status) this.setState({ ...this.displayState, status });
    if (this.status === status) return;
    this.status = status;
    this.eventLog = appendToLog(this.eventLog, { at: Date.now(), event: 'status', id: null, summary: status });
    this.dispatchEvent(new CustomEvent('display-status', { detail: { status }, bubbles: true, composed: true }));
  }
}

defineElement('display-sync', DisplaySync);

declare global {
  interface HTMLElementTagNameMap {
    'display-sync': DisplaySync;
  }
}
