/**
 * `dist/customer-display.pairing.js`, on a display that pairs (`<display-sync pairing>`):
 * `<pairing-screen>` and the pairing's control stream (`DisplayPairing`, handed to
 * `<display-sync>` through src/bundle/lazy-sync-chunks.ts).
 */
import '../../components/pairing-screen/pairing-screen.js';
import { DisplayPairing } from '../../sync/display-pairing.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('pairing', { DisplayPairing });
