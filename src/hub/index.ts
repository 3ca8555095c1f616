/** The hub for Node: the core, its stores, the node:http handler, the standalone server. */
export { DEFAULT_LANE, isValidLaneId } from '../protocol/index.js';
export { Hub, LaneLimitError, type HubOptions, type LaneSummary, type PublishOutcome } from './hub.js';
export { BudgetError, LaneBudgetError, StateBudgetError, stateBytes } from './state-budget.js';
export { PromptTooLargeError } from './prompt-desk.js';
export type { StreamOpening, Subscriber } from './stream.js';
export type { HubStore, StoredEvent, Opening, Appended, RestoresLanes, ReportsAvailability, SharesRedisClient } from './store/store.js';
export { restoresLanes, reportsAvailability, sharesRedisClient } from './store/store.js';
export { MemoryStore, type MemoryStoreOptions } from './store/memory/memory-store.js';
export { RedisStore, connectRedisStore, type RedisStoreOptions } from './store/redis/redis-store.js';
export { createHubHandler, type HubHandler, type HubHandlerOptions } from './node/http-handler.js';
export { createHubApi, type HubApi, type HubApiOptions } from './api/hub-api.js';
export { startHubServer, type HubServerOptions, type RunningHub } from './node/server.js';
export { readStateFile, StateJournal, StateFileError } from './store/memory/state-journal.js';
export { createLogger, type Logger, type LogLevel } from './node/logger.js';
export * from './display-app/index.js';
