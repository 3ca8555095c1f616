/** `dist/customer-display.broadcast.js`: the BroadcastChannel transport, on a display whose `src` is `broadcast:LANE`. */
import { BroadcastConnection } from '../../sync/broadcast-connection.js';
import { registerChunk } from '../chunk-registry.js';

registerChunk('broadcast', { BroadcastConnection });
