/**
 * A `DisplayFeed` run by an element's lifecycle: it connects after the host's first update
 * (so properties set right after creation are used), disconnects with the host, reconnects
 * when it is attached again, and fires the `display-*` events from the host. Any Lit
 * element can use it to get the display state without being a `<display-sync>`:
 *
 *   class MyTicker extends LitElement {
 *     private display = new DisplaySyncController(this, () => ({ src: this.src }));
 *     render() { return html`${this.display.state.bill?.total ?? '-'}`; }
 *   }
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DisplayFeed, type DisplayFeedListener, type DisplayFeedOptions } from './display-feed.js';
import { emit } from './display-events.js';
import type { ConnectionStatus, DisplayState } from './display-state.js';
import type { LoggedEvent } from './event-log.js';

export class DisplaySyncController implements ReactiveController {
  readonly feed = new DisplayFeed();
  /** The host has updated once: from then on, being attached means being connected. */
  private ready = false;

  /**
   * `options` is read before each host update. `listener` hears every change synchronously,
   * before the matching event is fired (the host can mirror it into its properties first).
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: () => DisplayFeedOptions,
    listener: DisplayFeedListener = {},
  ) {
    this.feed.subscribe(listener);
    this.feed.subscribe({
      onState: () => host.requestUpdate(),
      onEventLog: () => host.requestUpdate(),
      onPhase: (phase) => emit(host, 'display-phase', { phase }),
      onStatus: (status) => emit(host, 'display-status', { status }),
      onError: (detail) => emit(host, 'display-error', detail),
      onConfigChanged: (version) => emit(host, 'display-config-changed', { version }),
    });
    host.addController(this);
  }

  get state(): DisplayState {
    return this.feed.state;
  }

  get eventLog(): readonly LoggedEvent[] {
    return this.feed.eventLog;
  }

  get status(): ConnectionStatus {
    return this.feed.status;
  }

  hostConnected(): void {
    if (this.ready) this.feed.start();
  }

  hostDisconnected(): void {
    this.feed.stop();
  }

  hostUpdate(): void {
    this.feed.configure(this.options());
  }

  hostUpdated(): void {
    if (this.ready) return;
    this.ready = true;
    if (this.host.isConnected) this.feed.start();
  }
}
