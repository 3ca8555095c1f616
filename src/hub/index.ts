/** The hub for Node: the core, its stores, the node:http handler, the standalone server. */
export { DEFAULT_LANE, isValidLaneId } from '../protocol/index.js';
export { Hub, LaneLimitError, type HubOptions, type Subscriber, type LaneSummary, type PublishOutcome } from './hub.js';
export type { HubStore, StoredEvent, Opening, Appended } from './store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { RedisStore, connectRedisStore, type RedisStoreOptions } from './redis-store.js';
export { createHubHandler, type HubHandler, type HubHandlerOptions } from './http-handler.js';
export { createHubApi, type HubApi, type HubApiOptions } from './hub-api.js';
export { startHubServer, type HubServerOptions, type RunningHub } from './server.js';
export { readStateFile, StateJournal, StateFileError } from './state-journal.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export * from './display-app/index.js';
