import { createContext } from '@lit/context';
import type { DisplayState } from './display-state.js';

/**
 * The display state `<display-sync>` provides to every element inside it. `Symbol.for` so
 * that two copies of this library on one page still find each other.
 */
export const displayContext = createContext<DisplayState>(Symbol.for('pos-customer-display:state'));
