/** Chunk `customer-display.sanitizer.js`: DOMPurify and our rules, loaded at the first mirrored dialog. */
import * as sanitizer from '../../components/payment-modal-mirror/sanitize-modal-html.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('sanitizer', sanitizer);
