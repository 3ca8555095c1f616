/**
 * Demo data in one place: sample bills (with the original's bill maths), dialogs, QRIS
 * payloads, timed scenarios of whole sales and their player. Used by the Storybook stories,
 * the MSW mock, `display-hub --scenario`, the demo, the tests and the benchmarks.
 */
export { playScenario, type Playback, type PlayOptions, type ScenarioTarget } from './player.js';
export { SCENARIOS, findScenario, cashSale, qrSale, voidSale, bigBillScenario, connectionDrop, shopperAnswers } from './scenarios.js';
export { billTotals, djangoBill, TAX_RATE, type Scenario, type ScenarioStep } from './types.js';
export { demoQrisPayload } from './qris.js';
