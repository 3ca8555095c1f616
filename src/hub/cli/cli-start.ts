/**
 * From a checked CLI configuration to a running server: the server's options, and the one
 * line the CLI prints when the server cannot start. Apart from `cli.ts` (which runs on
 * import) so both are unit-tested without spawning the CLI.
 */
import type { CliConfig } from './cli-options.js';
import type { Logger } from '../node/logger.js';
import type { HubServerOptions } from '../node/server.js';
import { StateFileError } from '../store/memory/state-journal.js';

export function serverOptions(config: CliConfig, logger: Logger): HubServerOptions {
  return {
    port: config.port,
    host: config.host,
    token: config.token,
    allowOrigins: config.allowOrigins,
    allowedHosts: config.extraHosts.length ? config.extraHosts : undefined,
    stateFile: config.stateFile,
    redis: config.redis,
    laneTtlMs: config.laneTtlMs,
    redisKeyPrefix: config.redisKeyPrefix,
    heartbeatMs: config.heartbeatMs,
    maxBodyBytes: config.maxBodyBytes,
    maxReaderLanes: config.maxReaderLanes,
    laneBudgetBytes: config.laneBudgetBytes,
    stateBudgetBytes: config.stateBudgetBytes,
    maxPromptBytes: config.maxPromptBytes,
    historyBudgetBytes: config.historyBudgetBytes,
    adminToken: config.adminToken,
    metricsToken: config.metricsToken,
    laneTokens: config.laneTokens,
    privateStreams: config.privateStreams,
    maxCredentialFailures: config.maxCredentialFailures,
    maxWaitingPerAddress: config.maxWaitingPerAddress,
    metricsLanes: config.metricsLanes,
    requestTimeoutMs: config.requestTimeoutMs,
    keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    maxStreamsPerAddress: config.maxStreamsPerAddress,
    logger,
    displayApp: { ...config.displayApp, onConfigError: (error) => logger.warn(`${error.message} (keeping the last good configuration)`) },
    tls: config.tls,
    mediaBudgetBytes: config.mediaBudgetBytes,
    mediaFileMaxBytes: config.mediaFileMaxBytes,
  };
}

/** Why the server could not start, in one line for the shop; undefined: not a start problem (a bug: let it throw). */
export function startFailure(error: NodeJS.ErrnoException, { host, port }: Pick<CliConfig, 'host' | 'port'>): string | undefined {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') return `port ${port} is already in use on ${host} (is another hub running?)`;
  if (error.code === 'EACCES') return `no permission to listen on ${where}`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return `cannot bind ${where}: no such local address`;
  if (error instanceof StateFileError || error.message?.startsWith('cannot reach Redis') || error.message?.startsWith('--redis needs')) return error.message;
  return undefined;
}
