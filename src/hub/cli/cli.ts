/**
 * `display-hub`: runs the hub on its own, where the original Flask bridge ran (port 5000).
 *   display-hub --port 5000 --host 127.0.0.1 --state-file /var/lib/display-hub/state.json
 */
import { readFileSync } from 'node:fs';
import { API_BASE_PATH, type Command } from '../../protocol/index.js';
import { playScenario, type Playback } from '../../scenarios/index.js';
import { parseCli, USAGE, UsageError, type CliConfig } from './cli-options.js';
import { serverOptions, startFailure } from './cli-start.js';
import { logDisplayApp } from './display-app-flags.js';
import { openHubWarning } from './open-hub-warning.js';
import { createLogger, type Logger } from '../node/logger.js';
import { startHubServer, type RunningHub } from '../node/server.js';
import { printableRedisUrl } from '../store/redis/redis-url.js';

function readVersion(): string {
  // dist/hub/cli.js sits two levels below package.json, src/hub/cli/cli.ts three.
  const levels = import.meta.url.includes('/src/hub/cli/') ? '../../../' : '../../';
  const pkg = JSON.parse(readFileSync(new URL(`${levels}package.json`, import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Starts the server, or says in one line why it cannot (and returns null). */
async function start(config: CliConfig, logger: Logger): Promise<RunningHub | null> {
  try {
    return await startHubServer(serverOptions(config, logger));
  } catch (error) {
    const message = startFailure(error as NodeJS.ErrnoException, config);
    if (message === undefined) throw error;
    process.stderr.write(`display-hub: ${message}\n`);
    return null;
  }
}

function announce(running: RunningHub, config: CliConfig, logger: Logger): void {
  logger.info(`display-hub ${readVersion()} listening on ${running.url}`);
  logger.info(`  stream: ${running.url}${API_BASE_PATH}/stream`);
  logDisplayApp(logger, running.url, config);
  if (config.stateFile) logger.info(`  state:  ${config.stateFile} (last event id ${running.hub.headEventId})`);
  if (config.redis) logger.info(`  state:  Redis at ${printableRedisUrl(config.redis)} (shared with every instance)`);
  if (config.token) logger.info('  publishing requires the bearer token');
  if (config.laneTokens) logger.info(`  lane tokens for ${Object.keys(config.laneTokens).length} lanes: a till publishes to its own lane only`);
  if (config.adminToken) logger.info(`  admin:  ${running.url}/admin/ (pair displays, watch lanes); metrics: ${running.url}/metrics`);
  if (config.privateStreams) logger.info('  streams are private: paired displays and read tokens only');
  const open = openHubWarning(config);
  if (open) logger.warn(open);
}

function play(running: RunningHub, { playback }: CliConfig, logger: Logger): Playback | undefined {
  if (!playback) return undefined;
  const { scenario, loop } = playback;
  logger.info(`  playing scenario "${scenario.name}" (${scenario.title})${loop ? ' in a loop' : ''}`);
  const target = { publish: (lane: string, command: Command) => running.hub.publish(lane, command), drop: () => running.hub.disconnectAll(), prompts: running.hub.prompts };
  return playScenario(target, scenario, {
    ...playback,
    onStep: (index) => logger.info(`scenario ${scenario.name}: step ${index + 1}/${scenario.steps.length}`),
  });
}

/** What stopping keeps: the state file is written last; Redis holds the state already; in memory it is gone. */
function whatStoppingKeeps({ stateFile, redis }: Pick<CliConfig, 'stateFile' | 'redis'>): string {
  if (stateFile) return `saving state to ${stateFile}`;
  if (redis) return 'the state stays in Redis';
  return 'the state was in memory only (--state-file keeps it)';
}

/** Resolves on SIGINT/SIGTERM once streams are told to come back and the state is saved. */
function untilStopped(running: RunningHub, config: CliConfig, logger: Logger, playback: Playback | undefined): Promise<void> {
  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      logger.info(`${signal}: closing streams (displays retry in 1 s); ${whatStoppingKeeps(config)}`);
      // If something hangs, do not hang the shop's service manager with it.
      setTimeout(() => process.exit(1), 5000).unref();
      playback?.stop();
      void running.close({ retryMs: 1000 }).then(resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}

async function main(): Promise<number> {
  let config: CliConfig;
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`display-hub: ${error.message}\nRun "display-hub --help" for the options.\n`);
    return 2;
  }
  if (config.help || config.version) {
    process.stdout.write(config.help ? USAGE : `${readVersion()}\n`);
    return 0;
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const running = await start(config, logger);
  if (!running) return 1;
  announce(running, config, logger);
  await untilStopped(running, config, logger, play(running, config, logger));
  return 0;
}

process.exitCode = await main();
