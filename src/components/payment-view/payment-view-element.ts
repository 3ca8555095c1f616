import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { isPaymentShown } from '../../sync/display-state.js';
import type { Payment } from '../../protocol/index.js';
import { ClockController } from '../clock-controller.js';
import { DisplayElement } from '../display-element.js';
import { methodName } from '../strings.js';
import { themeTokens } from '../theme.styles.js';
import { paymentViewStyles } from './payment-view.styles.js';

/** A payment as this view needs it: the wire payment, or one built from a modal's `data`. */
export type PaymentLike = Pick<Payment, 'amount_due' | 'method' | 'status'> &
  Partial<Pick<Payment, 'tendered' | 'change' | 'qr' | 'message' | 'bill_id'>>;

/** `expires_at` (seconds since the epoch or ISO 8601) in ms; NaN when absent or unreadable. */
export function expiryMs(expiresAt: number | string | null | undefined): number {
  if (expiresAt === null || expiresAt === undefined) return NaN;
  return typeof expiresAt === 'number' ? expiresAt * 1000 : Date.parse(expiresAt);
}

const sameWords = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function countdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The payment, structured, for the shopper: amount due, method, what was paid and the
 * change (live as the cashier types), a QR code to scan with its countdown, and the
 * outcome (waiting, received, declined with the reason).
 *
 * Shows the `payment` property when set, else the payment of the nearest `<display-sync>`.
 *
 * @tag payment-view
 * @summary Structured payment view with QR code.
 * @csspart base - The whole view.
 * @csspart amount - The amount due.
 * @csspart method - The payment method chip.
 * @csspart figures - Paid and change rows.
 * @csspart change - The change row.
 * @csspart shortfall - What is still owed, instead of the change, when less was received than due.
 * @csspart qr - The QR block (code, label, countdown).
 * @csspart countdown - Time left to scan.
 * @csspart status - The outcome line.
 * @cssproperty --display-qr-muted - The countdown on the QR card, which stays white in every theme (default #5b6472, 6:1 on white).
 */
export class PaymentView extends DisplayElement {
  static override styles = [themeTokens, paymentViewStyles];

  /** The payment to show; wins over the context when set (even `null`). */
  @property({ attribute: false }) payment?: PaymentLike | null;

  private readonly clock = new ClockController(this);

  get currentPayment(): PaymentLike | null {
    if (this.payment !== undefined) return this.payment;
    const fromContext = this.display?.payment ?? null;
    return isPaymentShown(fromContext) ? fromContext : null;
  }

  protected override willUpdate(): void {
    const payment = this.currentPayment;
    this.clock.running = !!payment && payment.status === 'pending' && Number.isFinite(expiryMs(payment.qr?.expires_at));
  }

  protected override render() {
    const payment = this.currentPayment;
    if (!payment) return nothing;
    const words = this.words();
    // Less received than due: what is still owed, never "change 0" (a shopper would think it settled).
    const shortfall = typeof payment.tendered === 'number' && payment.tendered < payment.amount_due ? payment.amount_due - payment.tendered : null;
    const showFigures = typeof payment.tendered === 'number' || typeof payment.change === 'number';
    return html`
      <section part="base" class="payment" aria-live="polite">
        <div class="amount-label">${words.amountDue}</div>
        <div part="amount" class="amount">${this.money(payment.amount_due)}</div>
        <div part="method" class="method" title=${words.paymentMethod}>${methodName(words, payment.method)}</div>
        ${showFigures
          ? html`<dl part="figures" class="figures">
              ${typeof payment.tendered === 'number'
                ? html`<div class="tendered"><dt>${words.tendered}</dt><dd>${this.money(payment.tendered)}</dd></div>`
                : nothing}
              ${shortfall !== null
                ? html`<div part="shortfall" class="shortfall"><dt>${words.shortfall}</dt><dd>${this.money(shortfall)}</dd></div>`
                : typeof payment.change === 'number'
                  ? html`<div part="change" class="change"><dt>${words.change}</dt><dd>${this.money(payment.change)}</dd></div>`
                  : nothing}
            </dl>`
          : nothing}
        ${this.renderQr(payment)} ${this.renderStatus(payment)}
      </section>
    `;
  }

  private renderQr(payment: PaymentLike) {
    const qr = payment.qr;
    if (!qr || payment.status !== 'pending') return nothing;
    const words = this.words();
    const expires = expiryMs(qr.expires_at);
    const left = expires - this.clock.now;
    if (left <= 0) {
      return html`<div part="status" class="status expired" role="alert">${words.qrExpired}</div>`;
    }
    // Cashiers label a QRIS code "QRIS": the method chip says that already.
    const label = qr.label && !sameWords(qr.label, methodName(words, payment.method)) ? qr.label : words.scanToPay;
    return html`
      <div part="qr" class="qr">
        <div class="qr-label">${label}</div>
        <payment-qr .value=${qr.payload} label=${label}></payment-qr>
        ${Number.isFinite(left)
          ? // Changes every second inside the live section: hidden from screen readers, which
            // would otherwise read it out each second over everything else (WCAG 4.1.3).
            html`<div part="countdown" class="countdown" aria-hidden="true">${words.expiresIn} ${countdown(left)}</div>`
          : nothing}
      </div>
    `;
  }

  private renderStatus(payment: PaymentLike) {
    const words = this.words();
    switch (payment.status) {
      case 'pending':
        if (payment.qr && expiryMs(payment.qr.expires_at) - this.clock.now <= 0) return nothing;
        return html`<div part="status" class="status pending"><span class="spinner" aria-hidden="true"></span>${words.paymentPending}</div>`;
      case 'approved':
        return html`<div part="status" class="status approved" role="status">✓ ${words.paymentApproved}</div>`;
      case 'declined':
        return html`<div part="status" class="status declined" role="alert">
          <span>✕ ${words.paymentDeclined}${payment.message ? html`<span class="detail">${payment.message}</span>` : nothing}</span>
        </div>`;
      default:
        return nothing;
    }
  }
}
