/** `dist/customer-display.payment.js`: `<payment-modal-mirror>`, `<payment-view>` and `<payment-qr>`, at the payment moment. */
import '../../components/payment-modal-mirror/payment-modal-mirror.js';
import { qrEncoder, sanitizer } from '../../components/lazy.js';
import { registerChunk } from '../chunk-registry.js';

/**
 * Called by the bundle when a payment or a dialog is on screen (`later-elements.ts`), not when
 * the chunk was merely fetched ahead: the mirror's sanitizer and the QR encoder follow then.
 * Evaluated ahead at idle, DOMPurify alone was a 60–120 ms task at 4× CPU.
 */
const paymentOnScreen = (): void => {
  for (const module of [sanitizer, qrEncoder]) module.load().catch(() => {});
};

registerChunk('payment', { paymentOnScreen });
