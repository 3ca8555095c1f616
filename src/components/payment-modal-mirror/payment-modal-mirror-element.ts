import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isPaymentShown } from '../../sync/display-state.js';
import type { ModalShowEvent } from '../../protocol/index.js';
import { DisplayElement } from '../display-element.js';
import { LocaleProvider } from '../display-locale.js';
import type { PaymentLike } from '../payment-view/payment-view-element.js';
import { themeTokens } from '../theme.styles.js';
import { LazyUse, sanitizer } from '../lazy.js';
import { paymentModalMirrorStyles } from './payment-modal-mirror.styles.js';

/** How long the fade-out lasts, as the original display. */
export const FADE_OUT_MS = 300;

type Content = { kind: 'html'; html: string } | { kind: 'structured'; payment: PaymentLike };

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * A modal's `data` as a payment, for `show-modal` without HTML (`{total, payment_method,
 * tendered?, change?}` as the original sends it), or null when it has no amount.
 */
export function paymentFromModalData(data: Record<string, unknown> | null | undefined): PaymentLike | null {
  const amount = num(data?.amount_due) ?? num(data?.total);
  if (!data || amount === undefined) return null;
  const method = data.payment_method ?? data.method;
  return {
    amount_due: amount,
    method: typeof method === 'string' && method ? method : 'cash',
    status: 'pending',
    tendered: num(data.tendered) ?? null,
    change: num(data.change) ?? null,
  };
}

/**
 * The payment moment on the shopper's screen, over everything else: the cashier's mirrored
 * payment dialog (sanitised, read-only, inside shadow DOM), or the structured payment view
 * when the cashier sends a payment (or modal `data` without HTML). Fades in, and out in
 * 300 ms on hide (instantly under `prefers-reduced-motion`).
 *
 * @tag payment-modal-mirror
 * @summary Read-only mirror of the cashier's payment dialog.
 * @csspart overlay - The full-screen backdrop.
 * @csspart dialog - The card holding the content.
 * @csspart content - The mirrored HTML.
 * @cssproperty --display-modal-backdrop - Backdrop colour.
 * @cssproperty --display-modal-z-index - Stacking order of the overlay (default 100).
 * @cssproperty --display-mirror-background - Background of mirrored HTML (default white: the cashier's CSS expects it).
 * @cssproperty --display-mirror-text - Text colour of mirrored HTML.
 */
export class PaymentModalMirror extends DisplayElement {
  static override styles = [themeTokens, paymentModalMirrorStyles];

  /** The modal to show; wins over the context when set (even `null`). */
  @property({ attribute: false }) modal?: ModalShowEvent | null;

  /** The structured payment to show; wins over the context when set (even `null`). */
  @property({ attribute: false }) payment?: PaymentLike | null;

  /** URL of the cashier's stylesheet, applied to the mirrored HTML (inside this element only). */
  @property() stylesheet?: string;

  /** What is on screen (kept during the fade-out). */
  @state() private shown: Content | null = null;
  @state() private open = false;

  /** The structured `<payment-view>` inside speaks as this element does. */
  private readonly localeProvider = new LocaleProvider(this, () => this.localeInEffect());

  private mirroredHtml: { html: string; container: HTMLElement } | undefined;
  private fadeTimer: ReturnType<typeof setTimeout> | undefined;

  /** What should be on screen now. */
  private target(): Content | null {
    const contextPayment = this.display?.payment ?? null;
    const payment = this.payment !== undefined ? this.payment : isPaymentShown(contextPayment) ? contextPayment : null;
    if (payment) return { kind: 'structured', payment };
    const modal = this.modal !== undefined ? this.modal : (this.display?.modal ?? null);
    if (!modal) return null;
    if (modal.html) return { kind: 'html', html: modal.html };
    const fromData = paymentFromModalData(modal.data);
    return fromData ? { kind: 'structured', payment: fromData } : null;
  }

  protected override willUpdate(): void {
    const target = this.target();
    if (target) {
      clearTimeout(this.fadeTimer);
      this.fadeTimer = undefined;
      this.shown = target;
      this.open = true;
    } else if (this.open) {
      this.open = false;
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      this.fadeTimer = setTimeout(() => {
        this.fadeTimer = undefined;
        this.shown = null;
        this.mirroredHtml = undefined;
      }, reduced ? 0 : FADE_OUT_MS);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.fadeTimer);
  }

  /**
   * Sanitises once per distinct HTML; re-renders reuse the same inert container. Until the
   * sanitizer has loaded (the first mirrored dialog of the page), the card stays empty:
   * nothing unsanitised, and nothing of a previous dialog, is ever shown.
   */
  private mirrored(htmlText: string): HTMLElement | typeof nothing {
    if (this.mirroredHtml?.html !== htmlText) {
      const sanitize = this.sanitizerModule.get()?.sanitizeModalHtml;
      if (!sanitize) return nothing;
      const container = document.createElement('div');
      container.className = 'mirrored';
      container.setAttribute('part', 'content');
      container.inert = true;
      container.append(sanitize(htmlText));
      this.mirroredHtml = { html: htmlText, container };
    }
    return this.mirroredHtml.container;
  }

  private readonly sanitizerModule = new LazyUse(this, sanitizer);

  /** `updateComplete` also waits for the sanitizer and the render that uses it. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.sanitizerModule.settle(() => super.getUpdateComplete());
  }

  /** The dialog's accessible name: the mirrored dialog's own heading, else "Payment". */
  private dialogName(): string {
    const shown = this.shown;
    const mirrored = shown?.kind === 'html' && this.mirroredHtml?.html === shown.html ? this.mirroredHtml.container : null;
    const heading = mirrored?.querySelector('h1, h2, h3, h4, legend');
    return heading?.textContent?.replace(/\s+/g, ' ').trim() || this.words().paymentDialog;
  }

  protected override render() {
    const shown = this.shown;
    if (!shown) return nothing;
    // The content first: the dialog's name is read from the mirrored heading.
    const content = shown.kind === 'html' ? this.mirrored(shown.html) : html`<payment-view .payment=${shown.payment}></payment-view>`;
    return html`
      ${this.stylesheet ? html`<link rel="stylesheet" href=${this.stylesheet} />` : nothing}
      <div part="overlay" class="overlay ${this.open ? 'open' : ''}" aria-hidden=${this.open ? 'false' : 'true'}>
        <div part="dialog" class="dialog" role="dialog" aria-modal="true" aria-label=${this.dialogName()}>
          ${content}
        </div>
      </div>
    `;
  }
}
