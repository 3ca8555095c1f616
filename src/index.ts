/**
 * The drop-in entry: importing it (or loading `dist/customer-display.js` with a classic
 * `<script>`) registers every element.
 */
export { DisplaySync, type DisplayErrorDetail } from './sync/display-sync.js';
export { BillPanel } from './components/bill-panel/bill-panel.js';
export { displayContext } from './sync/display-context.js';
export { INITIAL_DISPLAY_STATE, reduceDisplayState, type ConnectionStatus, type DisplayState } from './sync/display-state.js';
export { formatMoney, formatQuantity } from './components/format.js';
export { STRINGS, type DisplayStrings } from './components/strings.js';
export * from './sync/protocol.js';
export { validate, validateCommand, validateEvent } from './sync/validate.js';
