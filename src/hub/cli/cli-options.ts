/**
 * `display-hub`'s flags: the help text, and parsing them into a checked configuration.
 * Every mistake is a {@link UsageError} that names the flag and what it expects.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LANE, DEFAULT_MAX_BODY_BYTES } from '../../protocol/index.js';
import { findScenario, SCENARIOS, type Scenario } from '../../scenarios/index.js';
import { DISPLAY_APP_FLAGS, DISPLAY_APP_USAGE, DisplayAppFlagError, parseDisplayAppFlags, type DisplayAppSetup } from './display-app-flags.js';
import { CONNECTION_FLAGS, CONNECTION_USAGE, ConnectionFlagError, parseConnectionFlags, type ConnectionSetup } from './connection-flags.js';
import { checkedToken, FLEET_FLAGS, FLEET_USAGE, FleetFlagError, parseFleetFlags, type FleetSetup } from './fleet-flags.js';
import { LOG_LEVELS, type LogLevel } from '../node/logger.js';
import { defaultStateBudget } from '../node/memory-budget.js';
import { DEFAULT_MAX_READER_LANES } from '../hub.js';
import { DEFAULT_MAX_PROMPT_BYTES } from '../prompt-desk.js';
import { DEFAULT_LANE_BUDGET_BYTES } from '../state-budget.js';
import { DEFAULT_HISTORY_BUDGET_BYTES } from '../store/memory/memory-store.js';
import { DEFAULT_LANE_TTL_MS } from '../store/redis/redis-store.js';
import { printableRedisUrl } from '../store/redis/redis-url.js';
import { suggestFlag } from './flag-suggestion.js';
import { alignOptions } from './help-columns.js';
import { wholeNumber } from './whole-number.js';
import { parseWorkerFlags, WORKER_FLAGS, WORKER_USAGE, WorkerFlagError, type WorkerSetup } from './worker-flags.js';

export const USAGE = alignOptions(`Usage: display-hub [options]

Serves the customer-display hub: cashier apps POST to /api/customer-display/*, displays
listen on /api/customer-display/stream, and screens open the ready display at
/display/?lane=<id>.

Options:
  --port <n>             port to listen on (default 5000, as the original bridge)
  --host <addr>          interface to bind (default 127.0.0.1; 0.0.0.0 for displays on the LAN)
  --token <secret>       require "Authorization: Bearer <secret>" to publish, at least 16
                         characters (default: $DISPLAY_HUB_TOKEN; none when unset)
  --allow-origin <url>   browser origin allowed to publish, e.g. http://pos.local:8000;
                         repeatable; "*" allows any page (the original bridge's behaviour).
                         Default: only the hub's own origin. Server-side posts are unaffected.
  --allow-host <name>    Host name requests may use; repeatable. Bound to loopback, the
                         hub accepts localhost, *.localhost, 127.0.0.1 and [::1] plus these (DNS
                         rebinding protection); bound elsewhere, only these when given
  --state-file <path>    keep state and event ids in this file across restarts and crashes
  --redis <url>          redis://host:port: state and events in Redis, so several
                         instances serve the same lanes (not with --state-file). There
                         --state-budget and --history-budget count every instance's lanes
                         in Redis (each lane 5k more), and every lane key expires.
                         rediss:// for TLS; user and password as redis://user:pass@host:port/db
                         (default: $DISPLAY_HUB_REDIS, which keeps the password out of ps)
  --lane-ttl <time>      with --redis: a lane's keys expire this long after its last post,
                         in seconds or with s/m/h/d (default 7d); its bytes leave the budget
  --redis-prefix <name>  with --redis: every key and channel the hub uses starts with this
                         (default pcd): one per shop sharing a Redis; letters, digits, _ - .
  --heartbeat <ms>       ping interval in ms (default ${DEFAULT_HEARTBEAT_MS}; 0 disables)
  --max-body <size>      largest POST body, in bytes or with k/m suffix (default 256k)
  --lane-budget <size>   one lane's bill, dialog, payment and open prompt as JSON, extra
                         fields included (default 256k); beyond it a post or prompt gets
                         413 lane_budget_exceeded and changes nothing
  --state-budget <size>  every lane's state and open prompt in this process (default an
                         eighth of the heap, 16m to 128m: here ${mib(defaultStateBudget())});
                         beyond it a post gets 507 state_budget_exceeded. Cashiers' lanes
                         are bounded by these bytes only, never by a count
  --max-reader-lanes <n> lanes that only streams opened (nothing shown on them yet) at once
                         (default ${DEFAULT_MAX_READER_LANES}); beyond it a stream on a new lane gets 503
                         too_many_lanes. They never hold back a cashier's lane
  --max-lanes <n>        the former name of --max-reader-lanes (it no longer limits
                         cashiers' lanes: --state-budget does)
  --max-prompt <size>    a prompt's JSON at most (default 16k): beyond it 413 prompt_too_large
  --history-budget <size> memory for replaying missed events, over all lanes (default 64m);
                         beyond it, displays of the least recently used lanes get a snapshot
  --log-level <level>    ${LOG_LEVELS.join(' | ')} (default info: one line per request)
${WORKER_USAGE}${CONNECTION_USAGE}${DISPLAY_APP_USAGE}${FLEET_USAGE}  --scenario <name>      play a demo scenario into the hub (${SCENARIOS.map((s) => s.name).join(', ')}),
                         to try a display page with no cashier app
  --speed <n>            scenario speed factor (default 1)
  --loop                 repeat the scenario until stopped
  --lane <id>            lane the scenario plays on (default: the default lane)
  -h, --help             show this help
  -v, --version          show the version
`);

export class UsageError extends Error {}

export interface CliConfig extends DisplayAppSetup, FleetSetup, ConnectionSetup, WorkerSetup {
  help: boolean;
  version: boolean;
  port: number;
  host: string;
  token: string | undefined;
  allowOrigins: string[] | undefined;
  extraHosts: string[];
  stateFile: string | undefined;
  redis: string | undefined;
  /** With --redis: a lane's keys expire this long after its last post. */
  laneTtlMs: number;
  /** With --redis: what every key and channel starts with (undefined: the store's default, `pcd`). */
  redisKeyPrefix: string | undefined;
  heartbeatMs: number;
  maxBodyBytes: number;
  maxReaderLanes: number;
  laneBudgetBytes: number;
  stateBudgetBytes: number;
  maxPromptBytes: number;
  historyBudgetBytes: number;
  logLevel: LogLevel;
  playback: { scenario: Scenario; speed: number; loop: boolean; lane: string } | undefined;
}

/** Every flag `parseArgs` accepts (exported for the test that checks USAGE documents each one). */
export const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'allow-host': { type: 'string', multiple: true },
  'state-file': { type: 'string' },
  redis: { type: 'string' },
  'lane-ttl': { type: 'string' },
  'redis-prefix': { type: 'string' },
  heartbeat: { type: 'string' },
  'max-body': { type: 'string' },
  'max-lanes': { type: 'string' },
  'max-reader-lanes': { type: 'string' },
  'lane-budget': { type: 'string' },
  'state-budget': { type: 'string' },
  'max-prompt': { type: 'string' },
  'history-budget': { type: 'string' },
  'log-level': { type: 'string' },
  scenario: { type: 'string' },
  speed: { type: 'string' },
  loop: { type: 'boolean' },
  lane: { type: 'string' },
  ...CONNECTION_FLAGS,
  ...WORKER_FLAGS,
  ...DISPLAY_APP_FLAGS,
  ...FLEET_FLAGS,
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function integer(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return wholeNumber(flag, text, fallback, min, max, (message) => new UsageError(message));
}

function byteSize(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  // 256k, 256kb and 256KiB alike: all binary (1024).
  const match = /^(\d+)(?:([km])i?)?b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a size such as 262144, 256k or 1m, got "${text}"`);
  const factor = { '': 1, k: 1024, m: 1024 * 1024 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm'];
  const bytes = Number(match[1]) * factor;
  if (bytes < 1024) throw new UsageError(`${flag} must be at least 1k, got "${text}"`);
  return bytes;
}

/** A size for USAGE: `256m`, `16.5m`. */
function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10}m`;
}

/** `--max-reader-lanes`, or its former name `--max-lanes` (not both). */
function readerLanes(values: Values): number {
  const given = values['max-reader-lanes'];
  const former = values['max-lanes'];
  if (given !== undefined && former !== undefined) throw new UsageError('--max-lanes is the former name of --max-reader-lanes: give one of them');
  return given !== undefined ? integer('--max-reader-lanes', given, DEFAULT_MAX_READER_LANES, 1) : integer('--max-lanes', former, DEFAULT_MAX_READER_LANES, 1);
}

/** The lane budget must fit in the state budget, or no lane could ever be full. */
function budgets(values: Values): Pick<CliConfig, 'laneBudgetBytes' | 'stateBudgetBytes' | 'maxPromptBytes'> {
  const laneBudgetBytes = byteSize('--lane-budget', values['lane-budget'], DEFAULT_LANE_BUDGET_BYTES);
  const stateBudgetBytes = byteSize('--state-budget', values['state-budget'], defaultStateBudget());
  if (laneBudgetBytes > stateBudgetBytes) throw new UsageError(`--lane-budget (${laneBudgetBytes} bytes) must not be above --state-budget (${stateBudgetBytes} bytes)`);
  return { laneBudgetBytes, stateBudgetBytes, maxPromptBytes: byteSize('--max-prompt', values['max-prompt'], DEFAULT_MAX_PROMPT_BYTES) };
}

function readValues(argv: string[]): Values {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const typed = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined;
    const meant = typed && suggestFlag(typed, Object.keys(OPTIONS));
    throw new UsageError(meant ? `${message} (did you mean ${meant}?)` : message);
  }
}

/** Letters, digits, `_`, `-`, `.`: a key prefix that reads the same in every Redis tool. */
const REDIS_PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

function storage(values: Values, env: NodeJS.ProcessEnv): Pick<CliConfig, 'stateFile' | 'redis' | 'laneTtlMs' | 'redisKeyPrefix'> {
  // From the environment, the URL's password is not on the command line (`ps` shows that to every user).
  const fromEnv = values.redis === undefined && !!env.DISPLAY_HUB_REDIS;
  const redis = values.redis ?? (env.DISPLAY_HUB_REDIS || undefined);
  const name = fromEnv ? '$DISPLAY_HUB_REDIS' : '--redis';
  if (redis !== undefined) {
    if (!/^rediss?:\/\/[^\s]+$/.test(redis)) throw new UsageError(`${name} expects a URL such as redis://127.0.0.1:6379, got "${printableRedisUrl(redis)}"`);
    if (values['state-file'] !== undefined) throw new UsageError(`${name} and --state-file exclude each other: Redis keeps the state`);
  }
  if (values['lane-ttl'] !== undefined && redis === undefined) throw new UsageError('--lane-ttl applies to lanes kept in Redis: give --redis too');
  const prefix = values['redis-prefix'];
  if (prefix !== undefined && redis === undefined) throw new UsageError('--redis-prefix applies to keys in Redis: give --redis too');
  if (prefix !== undefined && !REDIS_PREFIX.test(prefix)) throw new UsageError(`--redis-prefix expects 1 to 64 letters, digits, "_", "-" or ".", got "${prefix}"`);
  return { stateFile: values['state-file'], redis, laneTtlMs: duration('--lane-ttl', values['lane-ttl'], DEFAULT_LANE_TTL_MS), redisKeyPrefix: prefix };
}

/** A time in seconds, or with an s/m/h/d suffix, as ms: from 1 s to 365 days. */
function duration(flag: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const match = /^(\d+)([smhd]?)$/i.exec(text.trim());
  const seconds = match ? Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'] : NaN;
  if (!(seconds >= 1 && seconds <= 365 * 86_400)) throw new UsageError(`${flag} expects a time from 1 s to 365 days, in seconds or with s/m/h/d (e.g. 3600, 90m, 7d), got "${text}"`);
  return seconds * 1000;
}

function playback(values: Values): CliConfig['playback'] {
  if (values.scenario === undefined) return undefined;
  const scenario = findScenario(values.scenario);
  if (!scenario) throw new UsageError(`--scenario expects one of ${SCENARIOS.map((s) => s.name).join(', ')}, got "${values.scenario}"`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed > 0 && speed <= 1000)) throw new UsageError(`--speed expects a number above 0 (at most 1000), got "${values.speed}"`);
  return { scenario, speed, loop: values.loop ?? false, lane: values.lane ?? DEFAULT_LANE };
}

function logLevel(values: Values): LogLevel {
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level;
}

function connections(values: Values): ConnectionSetup {
  try {
    return parseConnectionFlags(values);
  } catch (error) {
    throw error instanceof ConnectionFlagError ? new UsageError(error.message) : error;
  }
}

function workers(values: Values): WorkerSetup {
  try {
    return parseWorkerFlags(values);
  } catch (error) {
    throw error instanceof WorkerFlagError ? new UsageError(error.message) : error;
  }
}

function displayApp(values: Values): DisplayAppSetup {
  try {
    return parseDisplayAppFlags(values);
  } catch (error) {
    throw error instanceof DisplayAppFlagError ? new UsageError(error.message) : error;
  }
}

function publishToken(values: Values, env: NodeJS.ProcessEnv): string | undefined {
  const token = values.token ?? env.DISPLAY_HUB_TOKEN;
  if (token !== undefined && token.trim() === '') throw new UsageError('--token must not be empty');
  try {
    return checkedToken('--token', token);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function fleet(values: Values, env: NodeJS.ProcessEnv): FleetSetup {
  try {
    return parseFleetFlags(values, env);
  } catch (error) {
    throw error instanceof FleetFlagError ? new UsageError(error.message) : error;
  }
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const values = readValues(argv);
  const token = publishToken(values, env);
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    port: integer('--port', values.port, 5000, 0, 65535),
    host: values.host ?? '127.0.0.1',
    token,
    allowOrigins: values['allow-origin'],
    extraHosts: values['allow-host'] ?? [],
    ...storage(values, env),
    heartbeatMs: integer('--heartbeat', values.heartbeat, DEFAULT_HEARTBEAT_MS, 0),
    maxBodyBytes: byteSize('--max-body', values['max-body'], DEFAULT_MAX_BODY_BYTES),
    maxReaderLanes: readerLanes(values),
    ...budgets(values),
    historyBudgetBytes: byteSize('--history-budget', values['history-budget'], DEFAULT_HISTORY_BUDGET_BYTES),
    logLevel: logLevel(values),
    playback: playback(values),
    ...connections(values),
    ...workers(values),
    ...displayApp(values),
    ...fleet(values, env),
  };
}
