import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { displayContext, pairingContext } from './display-context.js';
import type { DisplayPairing, PairingState } from './display-pairing.js';
import { loadPairing } from './lazy-sync-modules.js';
import { DEFAULT_THANKS_MS, INITIAL_DISPLAY_STATE, type ConnectionStatus, type DisplayState } from './display-state.js';
import { emit } from './display-events.js';
import { DisplaySyncController } from './display-sync-controller.js';
import { nextFrame } from '../next-frame.js';
import { eventLogContext, type LoggedEvent } from './event-log.js';
import { EARLY_STREAM_KEY, earlyStreamOf } from '../protocol/early-stream.js';

export type { DisplayErrorDetail, DisplayEventDetails } from './display-events.js';

/** After a failed load of the pairing's code, how long before it is asked for again. */
const PAIRING_RETRY_MS = 5000;

/**
 * Connects a customer display to its hub and provides the live display state to every
 * element inside it. It alone owns the connection: one EventSource, reconnect with backoff,
 * resume by event id, and a heartbeat watchdog. Every event is validated; an invalid one
 * is ignored (the last good state stays on screen) and reported as `display-error`.
 * The work is done by a `DisplaySyncController` (a `DisplayFeed` run by this element's
 * lifecycle); this element adds the attributes, the context and the events.
 *
 * Works against this project's hub and against the original Flask bridge.
 *
 * @tag display-sync
 * @summary Owns the hub connection and provides display state by context.
 * @slot - The display's elements (`<bill-panel>`, …).
 * @event display-error - An event failed validation and was ignored. `detail`: `{event, message, data}`.
 * @event display-status - The connection status changed. `detail`: `{status}`.
 * @event display-phase - The display phase changed (`idle`, `bill`, `payment`, `thanks`). `detail`: `{phase}`.
 * @event display-pairing - With `pairing`: a code to show, a lane assigned, a move or a new name. `detail`: `{status, code, lane, name}`.
 * @event display-config-changed - The hub's configuration or media changed (its `config-changed` event): a page that fetched `config.json` fetches it again. `detail`: `{version}`.
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

  /**
   * A read token for the lane, when the hub has `--private-streams` (sent in the stream's
   * query: EventSource cannot send headers). A paired display uses its own secret instead.
   */
  @property({ attribute: 'read-key' }) readKey = '';

  /**
   * Pair with the hub instead of following `lane`: the display shows a code until an admin
   * assigns it to a lane (`/admin/`), then follows that lane with its own secret, across
   * reboots (kept in localStorage) and moves to another lane, without a reload.
   */
  @property({ type: Boolean }) pairing = false;

  /** The pairing's code, lane and identify number, provided to descendants (`pairing` only). */
  @provide({ context: pairingContext })
  @state()
  pairingState: PairingState | undefined = undefined;

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

  /**
   * The lane's state as the page carried it (`DisplaySeed`, e.g. from the hub's
   * `/display/` page), shown before the stream opens; the stream then resumes from it.
   * Used only when set before the element connects to its hub (see `DisplayFeed.seed`).
   */
  @property({ attribute: false }) initialState: unknown = undefined;

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

  /** The pairing's control stream, once its code has loaded (`pairing` only). */
  private pairer: DisplayPairing | undefined;
  private pairerLoading = false;

  /** The connection, the reducer and the timers; this element adds attributes, context and events. */
  private readonly sync = new DisplaySyncController(
    this,
    () => ({
      src: this.src,
      ...this.endpoint(),
      reconnectDelay: this.reconnectDelay,
      maxReconnectDelay: this.maxReconnectDelay,
      silenceTimeout: this.silenceTimeout,
      thanksDuration: this.thanksDuration,
    }),
    {
      // Synchronously, so every state reaches the context consumers (none is skipped).
      onState: (state) => (this.displayState = state),
      onPhase: (phase) => (this.phase = phase),
      onEventLog: (log) => (this.eventLog = log),
      onStatus: (status) => (this.status = status),
    },
  );

  constructor() {
    super();
    // A <shopper-prompt> inside answers the prompt on screen: the feed sends it to the hub.
    this.addEventListener('display-prompt-answer', (event) => {
      const { prompt_id, value } = event.detail;
      void this.sync.feed.answerPrompt(prompt_id, value);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.pairer) this.pairer.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pairer?.stop();
  }

  /** The lane and credentials to follow: the attribute's, or the pairing's. */
  private endpoint() {
    if (!this.pairing) return { lane: this.lane, display: '', key: this.readKey, waitForLane: false };
    // The pairing's code (identity, control stream) comes on demand, with <pairing-screen>:
    // until it has run there is no lane, so the feed waits; then this is read again.
    this.loadPairer();
    const state = this.pairingState;
    if (!state?.lane) return { lane: '', display: '', key: '', waitForLane: true };
    return { lane: state.lane, display: state.id, key: state.key, waitForLane: true };
  }

  /** Loads the pairing's code once, then reads the stored identity and opens the control stream (if this element is in the page). */
  private loadPairer(): void {
    if (this.pairer || this.pairerLoading) return;
    this.pairerLoading = true;
    loadPairing().then(
      ({ DisplayPairing }) => {
        this.pairer = new DisplayPairing({ src: this.src, onChange: (state) => this.pairingChanged(state) });
        // The stored identity (a display paired before: its lane, followed from this update on).
        this.pairingState = this.pairer.state;
        if (this.isConnected) this.pairer.start();
      },
      (error: unknown) => {
        // Its file unreachable (the hub restarting): asked again at the next update, a moment later.
        console.error(error);
        this.pairerLoading = false;
        setTimeout(() => this.requestUpdate(), PAIRING_RETRY_MS);
      },
    );
  }

  private pairingChanged(state: PairingState): void {
    const before = this.pairingState;
    this.pairingState = state;
    const { status, code, lane, name } = state;
    if (before?.status === status && before.code === code && before.lane === lane && before.name === name) return; // identify only
    emit(this, 'display-pairing', { status, code, lane, name });
  }

    /** The stream URL this element connects to. */
  get streamUrl(): string {
    return this.sync.feed.streamUrl;
  }

  /**
   * The first update (the seed's check, the connection) at the next animation frame: where
   * the element is in the page before the bundle, it upgrades while the script runs, and this
   * update added 50–110 ms to that task on a weak screen (4× CPU). That frame comes before
   * `<customer-display>`'s first render (the frame after), so the display starts from the
   * seed as before; the stream opens a frame later.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await nextFrame();
    super.scheduleUpdate();
  }

  protected override update(changed: PropertyValues<this>): void {
    // After the feed took the lane (the controller's hostUpdate, which runs after willUpdate),
    // before it connects (hostUpdated); state set here is rendered in this same update.
    if (changed.has('initialState') && this.initialState !== undefined) this.sync.feed.seed(this.initialState);
    // The stream the page's loader opened for this element while the bundle loaded: the
    // first connection (this update's end) takes it over if it is the one it would open.
    const early = this.hasUpdated ? undefined : earlyStreamOf(this);
    if (early) {
      delete (this as unknown as Record<symbol, unknown>)[Symbol.for(EARLY_STREAM_KEY)];
      this.sync.feed.offerEarlyStream(early);
    }
    super.update(changed);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
