/** MSW mocks of the hub: design and develop with no server. */
export { createMockHub, type MockHub, type MockHubOptions } from './mock-hub.js';
// The scenarios live in `pos-customer-display/scenarios`; re-exported here as in 0.1.
export * from '../scenarios/index.js';
