/** Chunk `customer-display.qr.js`: the QR encoder, loaded at the first QR payment. */
import { encode } from 'uqr';
import { registerChunk } from '../chunk-registry.js';

registerChunk('qr', { encode });
