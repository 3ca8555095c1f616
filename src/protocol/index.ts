/**
 * The wire protocol, in one place: the schemas of every message (types inferred from them),
 * validation with messages that name the field, the SSE frame format, event-id order and
 * the constants every side shares. The display, the hub, the publisher and the mocks import
 * it; it imports nothing of theirs.
 */
export * from './schemas.js';
export * from './constants.js';
export * from './validate.js';
export * from './sse.js';
export * from './event-ids.js';
export * from './broadcast.js';
export * from './prompts.js';
export * from './prompt-answers.js';
export * from './fleet.js';
export * from './display-app.js';
