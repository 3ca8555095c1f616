/**
 * Code of the connection that only some displays need, loaded when one does: the pairing
 * control stream (`<display-sync pairing>`: a screen given no lane) and the BroadcastChannel
 * transport (`src="broadcast:LANE"`). Here as ES module imports (the npm package, bundlers,
 * tests); the drop-in bundle swaps this module for `src/bundle/lazy-sync-chunks.ts`, which
 * loads the same code as classic scripts from beside itself (scripts/build-bundle.mjs).
 * Apart from `src/components/lazy-modules.ts`: src/sync imports nothing of the elements.
 */
export type PairingModule = Pick<typeof import('./display-pairing.js'), 'DisplayPairing'>;
export type BroadcastModule = Pick<typeof import('./broadcast-connection.js'), 'BroadcastConnection'>;

export const loadPairing = (): Promise<PairingModule> => import('./display-pairing.js');
export const loadBroadcastConnection = (): Promise<BroadcastModule> => import('./broadcast-connection.js');
