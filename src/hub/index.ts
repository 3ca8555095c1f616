/** The hub for Node: the core, the node:http handler, the standalone server. */
export { DEFAULT_LANE, isValidLaneId } from '../protocol/index.js';
export { Hub, type HubOptions, type Subscriber, type LaneSummary, type PublishResult } from './hub.js';
export { createHubHandler, type HubHandler, type HubHandlerOptions } from './http-handler.js';
export { createHubApi, type HubApi, type HubApiOptions } from './hub-api.js';
export { startHubServer, type HubServerOptions, type RunningHub } from './server.js';
export { loadStateFile, StateFileWriter, StateFileError } from './state-file.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
