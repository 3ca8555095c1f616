/** `dist/customer-display.prompt.js`: `<shopper-prompt>`, at the first question to the shopper. */
import '../../components/shopper-prompt/shopper-prompt.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('prompt', {});
