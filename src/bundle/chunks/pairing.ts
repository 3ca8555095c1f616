/** `dist/customer-display.pairing.js`: `<pairing-screen>`, on a display that pairs (`<display-sync pairing>`). */
import '../../components/pairing-screen/pairing-screen.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('pairing', {});
