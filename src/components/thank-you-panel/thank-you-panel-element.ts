import { css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { DisplayElement } from '../display-element.js';
import { themeTokens } from '../theme.styles.js';

/**
 * The thank-you after a successful payment, with the change due when the payment said so.
 * Follows the `thanks` phase of the nearest `<display-sync>` (shown for its
 * `thanks-duration`, then gone), or the `active` property when set.
 *
 * @tag thank-you-panel
 * @summary Thank-you screen with the change due.
 * @slot - Extra content under the message (a loyalty note, a QR to a survey…).
 * @csspart base - The panel.
 * @csspart message - "Thank you!".
 * @csspart change - The change due line.
 * @csspart farewell - The closing line.
 */
export class ThankYouPanel extends DisplayElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: block;
      }
      .thanks {
        display: grid;
        place-items: center;
        align-content: center;
        gap: calc(var(--_space) * 0.8);
        height: 100%;
        min-height: 8em;
        text-align: center;
        padding: calc(var(--_space) * 2);
        box-sizing: border-box;
      }
      .check {
        display: grid;
        place-items: center;
        width: 2.4em;
        height: 2.4em;
        border-radius: 50%;
        background: var(--_accent);
        color: var(--_on-accent);
        font-size: 1.6em;
        font-weight: 800;
      }
      .message {
        font-size: 2.6em;
        font-weight: 800;
        line-height: 1.1;
      }
      .change {
        font-size: 1.4em;
      }
      .change strong {
        color: var(--_accent);
      }
      .farewell {
        color: var(--_muted);
      }
    `,
  ];

  /** Show regardless of the phase (`true`), never (`false`), or follow it (unset). */
  @property({ type: Boolean }) active?: boolean;

  /** The change due; taken from the payment that just cleared when unset. */
  @property({ type: Number }) change?: number | null;

  get isActive(): boolean {
    return this.active ?? this.display?.phase === 'thanks';
  }

  protected override render() {
    if (!this.isActive) return nothing;
    const words = this.words();
    const change = this.change !== undefined ? this.change : (this.display?.lastClear?.change ?? null);
    return html`
      <section part="base" class="thanks" role="status">
        <div class="check" aria-hidden="true">✓</div>
        <div part="message" class="message">${words.thankYou}</div>
        ${typeof change === 'number' && change > 0
          ? html`<div part="change" class="change">${words.change}: <strong>${this.money(change)}</strong></div>`
          : nothing}
        <div part="farewell" class="farewell">${words.comeAgain}</div>
        <slot></slot>
      </section>
    `;
  }
}
