/**
 * `display-hub`: runs the hub on its own, where the original Flask bridge ran (port 5000).
 *   display-hub --port 5000 --host 127.0.0.1 --state-file /var/lib/display-hub/state.json
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { API_BASE_PATH, type Command } from '../../protocol/index.js';
import { playScenario, type Playback } from '../../scenarios/index.js';
import { parseCli, USAGE, UsageError, type CliConfig } from './cli-options.js';
import { serverOptions, startFailure } from './cli-start.js';
import { logDisplayApp } from './display-app-flags.js';
import { openHubWarning, untrustedAnswersWarning } from './open-hub-warning.js';
import { networkUrls } from './network-addresses.js';
import { createLogger, type Logger } from '../node/logger.js';
import { startHubServer, type RunningHub } from '../node/server.js';
import { LISTENING_MESSAGE, startWorkerPool, WORKER_SLOT_ENV } from './worker-pool.js';
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

/** The start banner, printed once: by the hub, or with --workers by the primary once every worker listens. */
function announce(url: string, headEventId: string, config: CliConfig, logger: Logger): void {
  logger.info(`display-hub ${readVersion()} listening on ${url}`);
  const reachable = networkUrls(url);
  if (reachable.length > 0) logger.info(`  on this network: ${reachable.join(', ')} (what screens and tills use)`);
  logger.info(`  stream: ${url}${API_BASE_PATH}/stream`);
  logDisplayApp(logger, url, config);
  if (config.stateFile) logger.info(`  state:  ${config.stateFile} (last event id ${headEventId})`);
  if (config.redis) logger.info(`  state:  Redis at ${printableRedisUrl(config.redis)} (shared with every instance)`);
  if (config.token) logger.info('  publishing requires the bearer token');
  if (config.laneTokens) logger.info(`  lane tokens for ${Object.keys(config.laneTokens).length} lanes: a till publishes to its own lane only`);
  if (config.adminToken) logger.info(`  admin:  ${url}/admin/ (pair displays, watch lanes); metrics: ${url}/metrics`);
  if (config.privateStreams) logger.info('  streams are private: paired displays and read tokens only');
  const open = openHubWarning(config);
  if (open) logger.warn(open);
  const untrusted = untrustedAnswersWarning(config);
  if (untrusted) logger.warn(untrusted);
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

/**
 * Resolves on SIGINT/SIGTERM once streams are told to come back and the state is saved. A
 * worker stops on SIGTERM only (Ctrl+C reaches the whole process group, and the primary
 * passes it on as SIGTERM), once however many times it comes.
 */
function untilStopped(running: RunningHub, config: CliConfig, logger: Logger, playback: Playback | undefined): Promise<void> {
  if (cluster.isWorker) {
    // systemd signals the whole control group and the primary passes the signal on as well:
    // a second SIGTERM must not kill a worker in the middle of its graceful stop.
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => undefined);
  }
  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      logger.info(`${signal}: closing streams (displays retry in 1 s); ${whatStoppingKeeps(config)}`);
      // If something hangs, do not hang the shop's service manager with it.
      setTimeout(() => process.exit(1), 5000).unref();
      playback?.stop();
      void running.close({ retryMs: 1000 }).then(resolve);
    };
    if (!cluster.isWorker) process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}

/** --workers N: forks them, prints the banner once all listen, stops them all on SIGINT/SIGTERM. */
async function runPrimary(config: CliConfig, logger: Logger): Promise<number> {
  const pool = startWorkerPool(config.workers, logger);
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    // Once: a second signal (Ctrl+C twice, systemd's to the whole group) must not cut the workers' graceful stop short.
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: stopping ${config.workers} workers (displays retry in 1 s)`);
      void pool.stop().then(resolve);
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
  let url: string | null;
  try {
    // A stop before every worker listens ends the wait too.
    url = await Promise.race([pool.ready, stopped.then(() => null)]);
  } catch {
    return 1; // the worker that could not start said why
  }
  if (url === null) return 0;
  announce(url, '', config, logger);
  logger.info(`  workers: ${config.workers} processes on one port (pids ${pool.pids().join(', ')}), sharing Redis; a worker that dies is restarted`);
  await stopped;
  return 0;
}

/** One worker of --workers N: a whole hub on the shared port, telling the primary (not the terminal) that it listens. */
async function runWorker(config: CliConfig, logger: Logger): Promise<number> {
  // The primary may be gone (killed after its stop timeout): telling it about a closing server then fails with EPIPE; the worker still stops.
  cluster.worker?.on('error', (error) => logger.debug(`worker channel to the primary: ${error.message}`));
  const running = await start(config, logger);
  // The channel to the primary would keep this process alive: closing it says "stopped on purpose".
  if (!running) return (cluster.worker?.disconnect(), 1);
  // Which process served a response: a load test (or a curious admin) can tell the workers apart.
  running.server.prependListener('request', (_req, res) => res.setHeader('X-Display-Hub-Worker', String(process.pid)));
  process.send?.({ type: LISTENING_MESSAGE, url: running.url });
  const plays = process.env[WORKER_SLOT_ENV] === '0'; // one scenario, not one per worker
  await untilStopped(running, config, logger, plays ? play(running, config, logger) : undefined);
  cluster.worker?.disconnect();
  return 0;
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
  if (config.workers > 1) return cluster.isPrimary ? runPrimary(config, logger) : runWorker(config, logger);
  const running = await start(config, logger);
  if (!running) return 1;
  announce(running.url, running.hub.headEventId, config, logger);
  await untilStopped(running, config, logger, play(running, config, logger));
  return 0;
}

process.exitCode = await main();
