/** MSW mocks of the hub and the scenarios: design and develop with no server. */
export { createMockHub, type MockHub, type MockHubOptions } from './mock-hub.js';
export { playScenario, type Playback, type PlayOptions, type ScenarioTarget } from './player.js';
export { SCENARIOS, findScenario, cashSale, qrSale, voidSale, bigBillScenario, connectionDrop } from './scenarios/scenarios.js';
export { djangoBill, type Scenario, type ScenarioStep } from './scenarios/types.js';
