import { consume } from '@lit/context';
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { pairingContext } from '../../sync/display-context.js';
import type { PairingState } from '../../sync/display-pairing.js';
import { DisplayElement } from '../display-element.js';
import { themeTokens } from '../theme.styles.js';

/**
 * What a pairing display (`<display-sync pairing>`) shows over everything else: its code,
 * big enough to read across a shop, while it waits to be assigned; and the number the
 * admin's "identify" sends, for a few seconds. Nothing otherwise, and nothing outside a
 * pairing `<display-sync>`. `<customer-display>` contains one.
 *
 * @tag pairing-screen
 * @summary A pairing display's code and identify number.
 * @csspart code - The code.
 * @csspart identify - The identify number.
 * @csspart admin-url - The hub's admin page address in the hint.
 * @cssproperty --display-pairing-z-index - Stacking order (default 300: above the connection banner).
 */
export class PairingScreen extends DisplayElement {
  static override styles = [
    themeTokens,
    css`
      :host {
        display: contents;
      }
      .overlay {
        position: fixed;
        inset: 0;
        z-index: var(--display-pairing-z-index, 300);
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: calc(var(--_space) * 2);
        padding: 5vmin;
        box-sizing: border-box;
        text-align: center;
        background: var(--_bg);
        color: var(--_text);
      }
      h1 {
        margin: 0;
        font-size: 1.6em;
        font-weight: 600;
      }
      .code {
        margin: 0;
        font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
        font-size: min(16vw, 28vh);
        font-weight: 700;
        letter-spacing: 0.08em;
        line-height: 1;
        color: var(--_accent);
      }
      .hint {
        max-width: 40em;
        color: var(--_muted);
      }
      .admin-url {
        color: var(--_text);
        font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
        overflow-wrap: anywhere;
      }
      .identify {
        background: var(--_accent);
        color: var(--_on-accent);
      }
      .identify .number {
        font-size: min(60vw, 70vh);
        font-weight: 800;
        line-height: 1;
      }
    `,
  ];

  @consume({ context: pairingContext, subscribe: true })
  @state()
  private pairing?: PairingState;

  protected override render() {
    const pairing = this.pairing;
    if (!pairing) return nothing;
    if (pairing.identify !== null) {
      return html`<div class="overlay identify" part="identify" role="status"><span class="number">${pairing.identify}</span></div>`;
    }
    if (pairing.status !== 'waiting') return nothing;
    const words = this.words();
    // Read as two groups of three: "ACD 479".
    const code = pairing.code ? `${pairing.code.slice(0, 3)} ${pairing.code.slice(3)}` : null;
    return html`<div class="overlay" role="status" aria-live="polite">
      <h1>${words.pairTitle}</h1>
      ${code
        ? // A heading (a role that may carry a name), read character by character: "A C D 4 7 9".
          html`<h2 class="code" part="code" aria-label=${pairing.code!.split('').join(' ')}>${code}</h2>`
        : html`<div class="hint">${words.pairWaiting}</div>`}
      <div class="hint">${this.renderHint(words.pairHint, pairing.adminUrl ?? '/admin/')}</div>
    </div>`;
  }

  /** The hint with the admin page's full address in it, set apart so it can be read off and typed. */
  private renderHint(hint: string, adminUrl: string) {
    const [before, after] = hint.includes('{admin}') ? hint.split('{admin}', 2) : [hint, undefined];
    return after === undefined ? before : html`${before}<strong class="admin-url" part="admin-url">${adminUrl}</strong>${after}`;
  }
}
