import { css, html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { LazyUse, qrEncoder } from '../lazy.js';

/**
 * A QR code as SVG, encoding `value` exactly (UTF-8 byte mode where needed), so QRIS /
 * EMVCo payloads scan as the payment provider issued them. Drawn as one path of dark
 * modules on a light quiet zone: crisp at any size, readable by phone cameras on a TV.
 *
 * @tag payment-qr
 * @summary Scannable QR code (SVG).
 * @csspart svg - The SVG element.
 * @cssproperty --display-qr-dark - Module colour (default black).
 * @cssproperty --display-qr-light - Background and quiet zone (default white).
 */
export class PaymentQr extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: var(--display-qr-size, 12em);
      /* Square by its height, not aspect-ratio: Chrome < 88 and Safari < 15 (old POS WebViews) lack it. */
      height: var(--display-qr-size, 12em);
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
      shape-rendering: crispEdges;
    }
  `;

  /** The text to encode. */
  @property() value = '';

  /** Error correction: L, M (default: robust against a glare spot on a TV), Q, H. */
  @property() ecc: 'L' | 'M' | 'Q' | 'H' = 'M';

  /** Accessible name. */
  @property() label = 'QR code';

  private encoded?: { value: string; ecc: string; size: number; path: string };

  /** Modules per side including the quiet zone (for tests and layout). */
  get moduleCount(): number {
    return this.qr()?.size ?? 0;
  }

  private readonly encoder = new LazyUse(this, qrEncoder);

  /** The encoder arrives on first use (see `lazy.ts`); until then nothing is drawn. */
  private qr() {
    if (!this.value) return undefined;
    if (this.encoded?.value !== this.value || this.encoded.ecc !== this.ecc) {
      const encode = this.encoder.get()?.encode;
      if (!encode) return undefined;
      const { data, size } = encode(this.value, { ecc: this.ecc, border: 4 });
      let path = '';
      data.forEach((row, y) => row.forEach((dark, x) => dark && (path += `M${x} ${y}h1v1h-1z`)));
      this.encoded = { value: this.value, ecc: this.ecc, size, path };
    }
    return this.encoded;
  }

  /** `updateComplete` also waits for the encoder and the render that uses it. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.encoder.settle(() => super.getUpdateComplete());
  }

  protected override render() {
    const qr = this.qr();
    if (!qr) return nothing;
    return html`<svg part="svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${qr.size} ${qr.size}" role="img" aria-label=${this.label}>
      <rect width=${qr.size} height=${qr.size} fill="var(--display-qr-light, #fff)"></rect>
      <path d=${qr.path} fill="var(--display-qr-dark, #000)"></path>
    </svg>`;
  }
}
