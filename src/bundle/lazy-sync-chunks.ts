/**
 * The drop-in bundle's version of `src/sync/lazy-sync-modules.ts` (the build swaps it in):
 * the pairing's control stream comes with `<pairing-screen>` in `customer-display.pairing.js`
 * (a pairing display needs both, so one file), the BroadcastChannel transport in
 * `customer-display.broadcast.js`; both from the folder the bundle was loaded from.
 */
import type { BroadcastModule, PairingModule } from '../sync/lazy-sync-modules.js';
import { loadChunk } from './lazy-chunks.js';

export const loadPairing = (): Promise<PairingModule> => loadChunk('pairing');
export const loadBroadcastConnection = (): Promise<BroadcastModule> => loadChunk('broadcast');
