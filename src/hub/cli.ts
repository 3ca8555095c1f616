/**
 * `display-hub`: runs the hub on its own, where the original Flask bridge ran (port 5000).
 *   display-hub --port 5000 --host 127.0.0.1 --state-file /var/lib/display-hub/state.json
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger, LOG_LEVELS, type LogLevel } from './logger.js';
import { startHubServer } from './server.js';
import { StateFileError } from './state-journal.js';
import { playScenario } from '../mocks/player.js';
import { findScenario, SCENARIOS } from '../mocks/scenarios/scenarios.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LANE, DEFAULT_MAX_BODY_BYTES } from '../protocol/index.js';

const USAGE = `Usage: display-hub [options]

Serves the customer-display hub: cashier apps POST to /api/customer-display/*, displays
listen on /api/customer-display/stream.

Options:
  --port <n>             port to listen on (default 5000, as the original bridge)
  --host <addr>          interface to bind (default 127.0.0.1; 0.0.0.0 for displays on the LAN)
  --token <secret>       require "Authorization: Bearer <secret>" to publish
                         (default: $DISPLAY_HUB_TOKEN; none when unset)
  --allow-origin <url>   browser origin allowed to publish, e.g. http://pos.local:8000;
                         repeatable; "*" allows any page (the original bridge's behaviour).
                         Default: only the hub's own origin. Server-side posts are unaffected.
  --allow-host <name>    Host name requests may use; repeatable. Bound to loopback, the
                         hub accepts localhost, *.localhost, 127.0.0.1 and [::1] plus these (DNS
                         rebinding protection); bound elsewhere, only these when given
  --state-file <path>    keep state and event ids in this file across restarts
  --redis <url>          redis://host:port: state and events in Redis, so several
                         instances serve the same lanes (not with --state-file)
  --heartbeat <ms>       ping interval in ms (default 15000; 0 disables)
  --max-body <size>      largest POST body, in bytes or with k/m suffix (default 256k)
  --log-level <level>    ${LOG_LEVELS.join(' | ')} (default info: one line per request)
  --scenario <name>      play a demo scenario into the hub (${SCENARIOS.map((s) => s.name).join(', ')}),
                         to try a display page with no cashier app
  --speed <n>            scenario speed factor (default 1)
  --loop                 repeat the scenario until stopped
  --lane <id>            lane the scenario plays on (default: the default lane)
  -h, --help             show this help
  -v, --version          show the version
`;

class UsageError extends Error {}

function readVersion(): string {
  // src/hub/cli.ts and dist/hub/cli.js both sit two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function byteSize(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+)([km]?)b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a size such as 262144, 256k or 1m, got "${text}"`);
  const factor = { '': 1, k: 1024, m: 1024 * 1024 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  const bytes = Number(match[1]) * factor;
  if (bytes < 1024) throw new UsageError(`${flag} must be at least 1k, got "${text}"`);
  return bytes;
}

function parseCli(argv: string[], env: NodeJS.ProcessEnv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        'state-file': { type: 'string' },
        redis: { type: 'string' },
        heartbeat: { type: 'string' },
        'max-body': { type: 'string' },
        'log-level': { type: 'string' },
        scenario: { type: 'string' },
        speed: { type: 'string' },
        loop: { type: 'boolean' },
        lane: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  if (values.redis !== undefined) {
    if (!/^rediss?:\/\/[^\s]+$/.test(values.redis)) throw new UsageError(`--redis expects a URL such as redis://127.0.0.1:6379, got "${values.redis}"`);
    if (values['state-file'] !== undefined) throw new UsageError('--redis and --state-file exclude each other: Redis keeps the state');
  }
  const scenario = values.scenario === undefined ? undefined : findScenario(values.scenario);
  if (values.scenario !== undefined && !scenario) {
    throw new UsageError(`--scenario expects one of ${SCENARIOS.map((s) => s.name).join(', ')}, got "${values.scenario}"`);
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0 && speed <= 1000)) throw new UsageError(`--speed expects a number above 0 (at most 1000), got "${values.speed}"`);
  const token = values.token ?? env.DISPLAY_HUB_TOKEN;
  if (token !== undefined && token.trim() === '') throw new UsageError('--token must not be empty');
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    port: integer('--port', values.port, 5000, 0, 65535),
    host: values.host ?? '127.0.0.1',
    token,
    allowOrigins: values['allow-origin'],
    extraHosts: values['allow-host'] ?? [],
    stateFile: values['state-file'],
    redis: values.redis,
    heartbeatMs: integer('--heartbeat', values.heartbeat, DEFAULT_HEARTBEAT_MS, 0),
    maxBodyBytes: byteSize('--max-body', values['max-body'], DEFAULT_MAX_BODY_BYTES),
    logLevel,
    scenario,
    speed,
    loop: values.loop ?? false,
    lane: values.lane ?? DEFAULT_LANE,
  };
}

async function main(): Promise<number> {
  let config: ReturnType<typeof parseCli>;
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`display-hub: ${error.message}\nRun "display-hub --help" for the options.\n`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (config.version) {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startHubServer({
      port: config.port,
      host: config.host,
      token: config.token,
      allowOrigins: config.allowOrigins,
      allowedHosts: config.extraHosts.length ? config.extraHosts : undefined,
      stateFile: config.stateFile,
      redis: config.redis,
      heartbeatMs: config.heartbeatMs,
      maxBodyBytes: config.maxBodyBytes,
      logger,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === 'EADDRINUSE') process.stderr.write(`display-hub: port ${config.port} is already in use on ${config.host} (is another hub running?)\n`);
    else if (code === 'EACCES') process.stderr.write(`display-hub: no permission to listen on ${where}\n`);
    else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') process.stderr.write(`display-hub: cannot bind ${where}: no such local address\n`);
    else if (error instanceof StateFileError) process.stderr.write(`display-hub: ${error.message}\n`);
    else if ((error as Error).message?.startsWith('cannot reach Redis')) process.stderr.write(`display-hub: ${(error as Error).message}\n`);
    else throw error;
    return 1;
  }
  logger.info(`display-hub ${readVersion()} listening on ${running.url}`);
  logger.info(`  stream: ${running.url}/api/customer-display/stream`);
  if (config.stateFile) logger.info(`  state:  ${config.stateFile} (last event id ${running.hub.headEventId})`);
  if (config.redis) logger.info(`  state:  Redis at ${config.redis.replace(/\/\/[^@/]*@/, '//***@')} (shared with every instance)`);
  if (config.token) logger.info('  publishing requires the bearer token');
  const playback = config.scenario
    ? playScenario({ publish: (lane, command) => running.hub.publish(lane, command), drop: () => running.hub.disconnectAll() }, config.scenario, {
        speed: config.speed,
        loop: config.loop,
        lane: config.lane,
        onStep: (index, scenario) => logger.info(`scenario ${scenario.name}: step ${index + 1}/${scenario.steps.length}`),
      })
    : undefined;
  if (config.scenario) logger.info(`  playing scenario "${config.scenario.name}" (${config.scenario.title})${config.loop ? ' in a loop' : ''}`);

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info(`${signal}: closing streams (displays retry in 1 s), saving state`);
      // If something hangs, do not hang the shop's service manager with it.
      setTimeout(() => process.exit(1), 5000).unref();
      playback?.stop();
      void running.close({ retryMs: 1000 }).then(resolve);
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  return 0;
}

process.exitCode = await main();
