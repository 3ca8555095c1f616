/** The wire protocol alone (schemas, types, validation): for cashier apps and servers. */
export * from './sync/protocol.js';
export { validate, validateCommand, validateEvent, type Validated, type ValidationFailure } from './sync/validate.js';
