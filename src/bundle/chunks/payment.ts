/** `dist/customer-display.payment.js`: `<payment-modal-mirror>`, `<payment-view>` and `<payment-qr>`, at the payment moment. */
import '../../components/payment-modal-mirror/payment-modal-mirror.js';
import { qrEncoder, sanitizer } from '../../components/lazy.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('payment', {});
// The payment is on screen or about to be: the mirror's sanitizer and the QR encoder follow.
for (const module of [sanitizer, qrEncoder]) module.load().catch(() => {});
