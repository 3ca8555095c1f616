import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { eventLogContext, type LoggedEvent } from '../../sync/event-log.js';
import { ClockController } from '../clock-controller.js';
import { DisplayElement } from '../display-element.js';
import { languageOf } from '../strings.js';
import { themeTokens } from '../theme.styles.js';
import { displayStatusStyles } from './display-status.styles.js';

/** "12 s", "3 min", "2 h" in the element's locale. */
function elapsed(ms: number, locale: string): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [value, unit] =
    seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : [Math.floor(seconds / 3600), 'hour'];
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
  } catch {
    return `${value} ${unit}`;
  }
}

function clockTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * The connection banner of the nearest `<display-sync>`: nothing while live; "connecting",
 * "waiting for updates" (stale) or "connection lost" (offline) with the time since the last
 * event otherwise; "this screen is not paired / not allowed" when the hub refused it. With `debug`, an overlay of the last 50 events with their times and ids.
 *
 * @tag display-status
 * @summary Connection banner and debug overlay.
 * @csspart banner - The banner.
 * @csspart since - "last update … ago".
 * @csspart debug - The debug overlay.
 * @cssproperty --display-status-offline - Banner colour when offline.
 * @cssproperty --display-status-stale - Banner colour when connecting or stale.
 * @cssproperty --display-status-z-index - Stacking order (default 200).
 */
export class DisplayStatus extends DisplayElement {
  static override styles = [themeTokens, displayStatusStyles];

  /** Show the event overlay. */
  @property({ type: Boolean, reflect: true }) debug = false;

  @consume({ context: eventLogContext, subscribe: true })
  @state()
  private eventLog?: readonly LoggedEvent[];

  private readonly clock = new ClockController(this);

  protected override willUpdate(): void {
    const status = this.display?.status;
    this.clock.running = status === 'stale' || status === 'offline';
  }

  protected override render() {
    return html`${this.renderBanner()}${this.debug ? this.renderDebug() : nothing}`;
  }

  private renderBanner() {
    const status = this.display?.status;
    if (!status || status === 'live') return nothing;
    const words = this.words();
    const last = this.display?.lastMessageAt;
    // "12 sec" in the language of the words (locale is for money, and may differ).
    const since = last && status !== 'refused' ? words.lastUpdate.replace('{time}', elapsed(this.clock.now - last, languageOf(this))) : '';
    const headlines = { offline: `${words.connectionLost} · ${words.reconnecting}`, stale: words.stale, connecting: words.connecting, refused: words.notPaired };
    const headline = headlines[status];
    // Only the headline is live (announced when the status changes); "last update 12 s ago"
    // changes every second, so it stays out of the live region and out of the reader's way.
    return html`<div part="banner" class="banner ${status}">
      <span class="dot" aria-hidden="true"></span><span role="status" aria-live="polite">${headline}</span>${since
        ? html`<span part="since" class="since" aria-hidden="true">(${since})</span>`
        : nothing}
    </div>`;
  }

  private renderDebug() {
    const log = this.eventLog ?? [];
    return html`<section part="debug" class="debug" aria-label=${this.words().debugTitle}>
      <h2>${this.words().debugTitle} · ${this.display?.status ?? 'no display-sync'}</h2>
      <ol>
        ${repeat(
          log,
          (entry) => entry.seq,
          (entry) => html`<li class=${entry.error ? 'error' : entry.event === 'status' ? 'status' : ''}>
            ${clockTime(entry.at)} ${entry.id ? `#${entry.id} ` : ''}${entry.event} ${entry.summary}${entry.error ? ` ✕ ${entry.error}` : ''}
          </li>`,
        )}
      </ol>
    </section>`;
  }
}
