import { ContextRoot, createContext } from '@lit/context';
import type { PairingState } from './display-pairing.js';
import type { DisplayState } from './display-state.js';

/**
 * The display state `<display-sync>` provides to every element inside it. `Symbol.for` so
 * that two copies of this library on one page still find each other.
 */
export const displayContext = createContext<DisplayState>(Symbol.for('pos-customer-display:state'));

/** A pairing display's code, lane and identify number (`<display-sync pairing>`); absent otherwise. */
export const pairingContext = createContext<PairingState | undefined>(Symbol.for('pos-customer-display:pairing'));

const ROOT_ATTACHED = Symbol.for('pos-customer-display:context-root');

/**
 * Elements may upgrade before the `<display-sync>` above them exists (imported in another
 * order, or rendered later by a framework): a context root keeps their unanswered requests
 * and replays them when a provider appears. Attached once per page.
 */
if (typeof document !== 'undefined' && !(globalThis as Record<symbol, unknown>)[ROOT_ATTACHED]) {
  (globalThis as Record<symbol, unknown>)[ROOT_ATTACHED] = true;
  new ContextRoot().attach(document.documentElement);
}
