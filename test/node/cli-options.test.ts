/**
 * `display-hub`'s flags without a process: every flag, the defaults, every check and its
 * UsageError (the CLI prints it and exits 2), the fleet and display-app flag groups, and
 * what reaches the server. cli.test.ts keeps the few things only a process shows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { OPTIONS, parseCli, USAGE, UsageError, type CliConfig } from '../../src/hub/cli/cli-options.js';
import { serverOptions, startFailure } from '../../src/hub/cli/cli-start.js';
import type { DisplayConfigError } from '../../src/hub/display-app/config-file.js';
import type { DisplayAppOptions } from '../../src/hub/display-app/routes.js';
import { startHubServer } from '../../src/hub/node/server.js';
import { defaultStateBudget } from '../../src/hub/node/memory-budget.js';
import { StateFileError } from '../../src/hub/store/memory/state-journal.js';
import { SCENARIOS } from '../../src/scenarios/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-options-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** The UsageError's message, or a failure when there was none (or another error). */
function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseCli(argv, env);
  } catch (error) {
    assert.ok(error instanceof UsageError, `${argv.join(' ')}: ${(error as Error).stack}`);
    return error.message;
  }
  assert.fail(`${argv.join(' ')}: accepted`);
}

describe('parseCli: defaults', () => {
  it('no flags and no environment: the original bridge\'s port on loopback, everything optional off', () => {
    assert.deepEqual(parseCli([], {}), {
      help: false,
      version: false,
      port: 5000,
      host: '127.0.0.1',
      token: undefined,
      allowOrigins: undefined,
      extraHosts: [],
      stateFile: undefined,
      redis: undefined,
      laneTtlMs: 7 * 24 * 3600 * 1000,
      redisKeyPrefix: undefined,
      heartbeatMs: 15_000,
      maxBodyBytes: 256 * 1024,
      maxReaderLanes: 1000,
      laneBudgetBytes: 256 * 1024,
      stateBudgetBytes: defaultStateBudget(),
      maxPromptBytes: 16 * 1024,
      historyBudgetBytes: 64 * 1024 * 1024,
      logLevel: 'info',
      playback: undefined,
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      maxConnectionsPerAddress: 128,
      maxStreamsPerAddress: 64,
      displayApp: { configFile: undefined, mediaDir: undefined },
      adminToken: undefined,
      metricsToken: undefined,
      laneTokens: undefined,
      privateStreams: false,
      logFormat: 'text',
      maxCredentialFailures: 20,
      maxWaitingPerAddress: 8,
      metricsLanes: 100,
      workers: 1,
      mediaBudgetBytes: 512 * 1024 * 1024,
      mediaFileMaxBytes: 100 * 1024 * 1024,
    } satisfies CliConfig);
  });
});

describe('parseCli: every flag', () => {
  const adminFile = file('admin.txt', '  admin-from-file-0001  \nsecond line ignored\n');
  const laneTokens = { 'till-1': 'till-1-secret-token', 'till-2': { publish: 'till-2-publish-token', read: 'till-2-read-token' } };
  const laneFile = file('lanes.json', JSON.stringify(laneTokens));
  const configFile = file('display-hub.json', JSON.stringify({ shopName: 'Warung Ani' }));
  const cert = file('cert.pem', PEM);
  const key = file('key.pem', PEM.replace(/CERTIFICATE/g, 'PRIVATE KEY'));
  const scenario = SCENARIOS[0]!;

  const rows: Array<[argv: string[], env: NodeJS.ProcessEnv, expected: Partial<CliConfig>]> = [
    [['--port', '8080'], {}, { port: 8080 }],
    [['--port', '0'], {}, { port: 0 }],
    [['--port', '65535'], {}, { port: 65535 }],
    [['--host', '0.0.0.0'], {}, { host: '0.0.0.0' }],
    [['--token', 'flag-token-000001'], {}, { token: 'flag-token-000001' }],
    [[], { DISPLAY_HUB_TOKEN: 'token-from-env-01' }, { token: 'token-from-env-01' }],
    [['--token', 'flag-token-000001'], { DISPLAY_HUB_TOKEN: 'token-from-env-01' }, { token: 'flag-token-000001' }],
    [['--token', '  padded-token-0001  '], {}, { token: 'padded-token-0001' }],
    [['--allow-origin', 'http://pos.local:8000', '--allow-origin', '*'], {}, { allowOrigins: ['http://pos.local:8000', '*'] }],
    [['--allow-host', 'pos.local', '--allow-host', 'hub.lan'], {}, { extraHosts: ['pos.local', 'hub.lan'] }],
    [['--state-file', '/var/lib/display-hub/state.json'], {}, { stateFile: '/var/lib/display-hub/state.json', redis: undefined }],
    [['--redis', 'redis://127.0.0.1:6379'], {}, { redis: 'redis://127.0.0.1:6379', stateFile: undefined }],
    [['--redis', 'rediss://user:pass@redis.example:6380/2'], {}, { redis: 'rediss://user:pass@redis.example:6380/2' }],
    // With --redis, a lane's keys expire: seconds, or with a unit.
    [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '3600'], {}, { laneTtlMs: 3_600_000 }],
    [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '2s'], {}, { laneTtlMs: 2000 }],
    [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '90m'], {}, { laneTtlMs: 90 * 60_000 }],
    [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '12H'], {}, { laneTtlMs: 12 * 3_600_000 }],
    [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '365d'], {}, { laneTtlMs: 365 * 86_400_000 }],
    // The URL from the environment (its password stays out of `ps`); the flag wins; an empty variable is unset.
    [[], { DISPLAY_HUB_REDIS: 'redis://shop:pw@10.0.0.5:6379/1' }, { redis: 'redis://shop:pw@10.0.0.5:6379/1' }],
    [['--redis', 'redis://127.0.0.1:6379'], { DISPLAY_HUB_REDIS: 'redis://10.0.0.5:6379' }, { redis: 'redis://127.0.0.1:6379' }],
    [[], { DISPLAY_HUB_REDIS: '' }, { redis: undefined }],
    // A shop's own keys in a shared Redis.
    [['--redis', 'redis://127.0.0.1:6379'], {}, { redisKeyPrefix: undefined }],
    [['--redis', 'redis://127.0.0.1:6379', '--redis-prefix', 'shop-1.warung_ani'], {}, { redisKeyPrefix: 'shop-1.warung_ani' }],
    [['--redis-prefix', 'shop2'], { DISPLAY_HUB_REDIS: 'rediss://10.0.0.5:6380' }, { redisKeyPrefix: 'shop2', redis: 'rediss://10.0.0.5:6380' }],
    [['--heartbeat', '0'], {}, { heartbeatMs: 0 }],
    [['--heartbeat', '2500'], {}, { heartbeatMs: 2500 }],
    [['--max-body', '2048'], {}, { maxBodyBytes: 2048 }],
    [['--max-body', '2k'], {}, { maxBodyBytes: 2048 }],
    [['--max-body', '2KB'], {}, { maxBodyBytes: 2048 }],
    [['--max-body', '1m'], {}, { maxBodyBytes: 1024 * 1024 }],
    [['--max-body', ' 4k '], {}, { maxBodyBytes: 4096 }],
    // The budgets: cashiers' lanes are bounded by bytes; lanes only streams opened by a count.
    [['--max-reader-lanes', '1'], {}, { maxReaderLanes: 1 }],
    [['--max-reader-lanes', '5000'], {}, { maxReaderLanes: 5000 }],
    [['--max-lanes', '5000'], {}, { maxReaderLanes: 5000 }], // its former name, still accepted
    [['--lane-budget', '64KiB', '--state-budget', '1MiB'], {}, { laneBudgetBytes: 64 * 1024, stateBudgetBytes: 1024 * 1024 }],
    [['--lane-budget', '1m', '--state-budget', '1m'], {}, { laneBudgetBytes: 1024 * 1024, stateBudgetBytes: 1024 * 1024 }],
    [['--state-budget', '512m'], {}, { laneBudgetBytes: 256 * 1024, stateBudgetBytes: 512 * 1024 * 1024 }],
    [['--max-prompt', '4k'], {}, { maxPromptBytes: 4096 }],
    [['--history-budget', '16m'], {}, { historyBudgetBytes: 16 * 1024 * 1024 }],
    ...(['silent', 'error', 'warn', 'info', 'debug'] as const).map((level): [string[], NodeJS.ProcessEnv, Partial<CliConfig>] => [['--log-level', level], {}, { logLevel: level }]),
    [['--scenario', scenario.name], {}, { playback: { scenario, speed: 1, loop: false, lane: 'default' } }],
    [['--scenario', scenario.name, '--speed', '2.5', '--loop', '--lane', 'till-3'], {}, { playback: { scenario, speed: 2.5, loop: true, lane: 'till-3' } }],
    [['--scenario', scenario.name, '--speed', '1000'], {}, { playback: { scenario, speed: 1000, loop: false, lane: 'default' } }],
    [['--help'], {}, { help: true }],
    [['-h'], {}, { help: true }],
    [['--version'], {}, { version: true }],
    [['-v'], {}, { version: true }],
    // --workers: processes on one port; more than one shares a Redis.
    [['--workers', '1'], {}, { workers: 1 }],
    [['--workers', '2', '--redis', 'redis://127.0.0.1:6379'], {}, { workers: 2 }],
    [['--workers', 'auto', '--redis', 'redis://127.0.0.1:6379'], {}, { workers: Math.min(64, availableParallelism()) }],
    [['--workers', '64', '--redis', 'redis://127.0.0.1:6379'], {}, { workers: 64 }],
    // The connection flags.
    [['--request-timeout', '100'], {}, { requestTimeoutMs: 100 }],
    [['--request-timeout', '600000'], {}, { requestTimeoutMs: 600_000 }],
    [['--keep-alive-timeout', '250'], {}, { keepAliveTimeoutMs: 250 }],
    [['--max-connections-per-address', '8', '--max-streams-per-address', '4'], {}, { maxConnectionsPerAddress: 8, maxStreamsPerAddress: 4 }],
    [['--max-connections-per-address', '0'], {}, { maxConnectionsPerAddress: 0, maxStreamsPerAddress: 64 }],
    [['--max-connections-per-address', '0', '--max-streams-per-address', '0'], {}, { maxConnectionsPerAddress: 0, maxStreamsPerAddress: 0 }],
    [['--max-streams-per-address', '127'], {}, { maxConnectionsPerAddress: 128, maxStreamsPerAddress: 127 }],
    // The fleet flags.
    [['--admin-token', 'admin-token-0001'], {}, { adminToken: 'admin-token-0001' }],
    [[], { DISPLAY_HUB_ADMIN_TOKEN: 'admin-from-env-01' }, { adminToken: 'admin-from-env-01' }],
    [['--admin-token', 'admin-from-flag-1'], { DISPLAY_HUB_ADMIN_TOKEN: 'admin-from-env-01' }, { adminToken: 'admin-from-flag-1' }],
    [['--admin-token-file', adminFile], { DISPLAY_HUB_ADMIN_TOKEN: 'admin-from-env-01' }, { adminToken: 'admin-from-file-0001' }],
    [['--admin-token', '  padded-token-0001  '], {}, { adminToken: 'padded-token-0001' }],
    [['--metrics-token', 'metrics-token-0001'], {}, { metricsToken: 'metrics-token-0001' }],
    [['--lane-tokens', laneFile], {}, { laneTokens }],
    [['--private-streams'], {}, { privateStreams: true }],
    [['--log-format', 'json'], {}, { logFormat: 'json' }],
    [['--max-credential-failures', '5'], {}, { maxCredentialFailures: 5 }],
    [['--max-waiting-per-address', '40'], {}, { maxWaitingPerAddress: 40 }],
    [['--metrics-lanes', '20'], {}, { metricsLanes: 20 }],
    [['--log-format', 'text'], {}, { logFormat: 'text' }],
    // The display-app flags: paths resolved, files checked and read now.
    [['--config', configFile], {}, { displayApp: { configFile: resolve(configFile), mediaDir: undefined } }],
    [['--media', dir], {}, { displayApp: { configFile: undefined, mediaDir: resolve(dir) } }],
    // A file that does not exist yet: the admin page creates it on its first save.
    [['--config', join(dir, 'not-yet.json')], {}, { displayApp: { configFile: resolve(join(dir, 'not-yet.json')), mediaDir: undefined } }],
    [[], {}, { mediaBudgetBytes: 512 * 1024 * 1024, mediaFileMaxBytes: 100 * 1024 * 1024 }],
    [['--media-budget-mb', '2048'], {}, { mediaBudgetBytes: 2048 * 1024 * 1024 }],
    [['--media-file-max-mb', '8'], {}, { mediaFileMaxBytes: 8 * 1024 * 1024 }],
    [['--tls-cert', cert, '--tls-key', key], {}, { tls: { cert: Buffer.from(PEM), key: Buffer.from(PEM.replace(/CERTIFICATE/g, 'PRIVATE KEY')) } }],
  ];

  it('each flag (and its environment variable) lands in the configuration', () => {
    for (const [argv, env, expected] of rows) {
      const config = parseCli(argv, env);
      const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, config[key as keyof CliConfig]]));
      assert.deepEqual(picked, expected, `${argv.join(' ')} ${JSON.stringify(env)}`);
    }
  });

  it('every flag parseArgs accepts is in a row above and in the help', () => {
    const tested = new Set(rows.flatMap(([argv]) => argv.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2))));
    for (const flag of Object.keys(OPTIONS)) {
      assert.ok(tested.has(flag), `--${flag} has no row`);
      assert.match(USAGE, new RegExp(`--${flag}\\b`), `--${flag} is not in the help`);
    }
    for (const short of ['-h, --help', '-v, --version', '/display/?lane=<id>']) assert.ok(USAGE.includes(short), short);
    for (const { name } of SCENARIOS) assert.ok(USAGE.includes(name), `scenario ${name} is not in the help`);
  });

  it('--help: every description, and every further line of one, starts in the same column; each flag has its own', () => {
    const options = USAGE.slice(USAGE.indexOf('Options:\n') + 'Options:\n'.length).split('\n').filter((line) => line !== '');
    const columns = new Set<number>();
    let flags = 0;
    for (const [index, line] of options.entries()) {
      const flag = /^ {2}((?:-\w, )?--[\w-]+(?: <[^>]+>)?)( +)[^<\s]/.exec(line);
      if (flag) {
        flags++;
        columns.add(flag[1]!.length + 2 + flag[2]!.length);
        continue;
      }
      if (/^ {2}(?:-\w, )?--[\w-]+(?: <[^>]+>)?$/.test(line)) {
        // A flag too long for the column: its description starts on the next line.
        assert.match(options[index + 1] ?? '', /^ {4,}\S/, `${line.trim()} has no description below it`);
        flags++;
        continue;
      }
      const more = /^( +)\S/.exec(line);
      assert.ok(more, `not an option line: "${line}"`);
      columns.add(more[1]!.length);
    }
    assert.deepEqual([...columns], [25], 'descriptions start in one column');
    assert.equal(flags, Object.keys(OPTIONS).length, 'one help line per flag');
  });
});

describe('parseCli: every check, as the UsageError the CLI prints before exiting 2', () => {
  it('unknown, misspelt and malformed flags', () => {
    const rows: Array<[string[], RegExp]> = [
      [['--bogus'], /^Unknown option '--bogus'$/],
      [['--prot', '5000'], /^Unknown option '--prot' \(did you mean --port\?\)$/],
      [['-p', '5000'], /^Unknown option '-p' \(did you mean --port\?\)$/],
      [['--media-dir', '.'], /^Unknown option '--media-dir' \(did you mean --media\?\)$/],
      [['--media-dir=.'], /^Unknown option '--media-dir' \(did you mean --media\?\)$/],
      [['--state_file', 'x'], /\(did you mean --state-file\?\)$/],
      [['--lane-token', 'x'], /\(did you mean --lane-tokens\?\)$/],
      [['--priv'], /\(did you mean --private-streams\?\)$/],
      [['--verbose'], /^Unknown option '--verbose'$/],
      [['--port'], /^Option '--port <value>' argument missing/],
      [['extra'], /^Unexpected argument 'extra'/],
      [['--loop=yes'], /^Option '--loop' does not take an argument/],
    ];
    for (const [argv, message] of rows) assert.match(usageError(argv), message, argv.join(' '));
  });

  it('numbers, sizes, levels and URLs name the flag, the range and what was given', () => {
    const rows: Array<[string[], string]> = [
      [['--port', 'http'], '--port expects a whole number from 0 to 65535, got "http"'],
      [['--port', '70000'], '--port expects a whole number from 0 to 65535, got "70000"'],
      [['--port', '80.5'], '--port expects a whole number from 0 to 65535, got "80.5"'],
      [['--port', ''], '--port expects a whole number from 0 to 65535, got ""'],
      [['--heartbeat=-5'], '--heartbeat expects a whole number from 0 to 9007199254740991, got "-5"'],
      [['--max-lanes', '0'], '--max-lanes expects a whole number from 1 to 9007199254740991, got "0"'],
      [['--max-reader-lanes', '0'], '--max-reader-lanes expects a whole number from 1 to 9007199254740991, got "0"'],
      [['--max-reader-lanes', '5', '--max-lanes', '5'], '--max-lanes is the former name of --max-reader-lanes: give one of them'],
      [['--lane-budget', 'big'], '--lane-budget expects a size such as 262144, 256k or 1m, got "big"'],
      [['--state-budget', '100'], '--state-budget must be at least 1k, got "100"'],
      [['--lane-budget', '2m', '--state-budget', '1m'], '--lane-budget (2097152 bytes) must not be above --state-budget (1048576 bytes)'],
      [['--max-prompt', '1g'], '--max-prompt expects a size such as 262144, 256k or 1m, got "1g"'],
      [['--max-body', 'lots'], '--max-body expects a size such as 262144, 256k or 1m, got "lots"'],
      [['--max-body', '1g'], '--max-body expects a size such as 262144, 256k or 1m, got "1g"'],
      [['--max-body', '1000'], '--max-body must be at least 1k, got "1000"'],
      [['--history-budget', '512'], '--history-budget must be at least 1k, got "512"'],
      [['--log-level', 'loud'], '--log-level expects one of silent, error, warn, info, debug, got "loud"'],
      [['--redis', 'http://127.0.0.1:6379'], '--redis expects a URL such as redis://127.0.0.1:6379, got "http://127.0.0.1:6379"'],
      // A mistyped URL is shown without its password.
      [['--redis', 'redis:/shop:secret-pw-0001@10.0.0.5:6379'], '--redis expects a URL such as redis://127.0.0.1:6379, got "redis:/***@10.0.0.5:6379"'],
      [['--redis', 'redis://shop:secret-pw-0001@10.0.0.5:6379 x'], '--redis expects a URL such as redis://127.0.0.1:6379, got "redis://***@10.0.0.5:6379 x"'],
      [['--redis-prefix', 'shop1'], '--redis-prefix applies to keys in Redis: give --redis too'],
      [['--redis', 'redis://127.0.0.1:6379', '--redis-prefix', 'shop:1'], '--redis-prefix expects 1 to 64 letters, digits, "_", "-" or ".", got "shop:1"'],
      [['--redis', 'redis://127.0.0.1:6379', '--redis-prefix', ''], '--redis-prefix expects 1 to 64 letters, digits, "_", "-" or ".", got ""'],
      [['--redis', 'redis://127.0.0.1:6379', '--redis-prefix', 'x'.repeat(65)], `--redis-prefix expects 1 to 64 letters, digits, "_", "-" or ".", got "${'x'.repeat(65)}"`],
      [['--redis', 'redis://127.0.0.1:6379', '--state-file', 'state.json'], '--redis and --state-file exclude each other: Redis keeps the state'],
      [['--lane-ttl', '7d'], '--lane-ttl applies to lanes kept in Redis: give --redis too'],
      [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '0'], '--lane-ttl expects a time from 1 s to 365 days, in seconds or with s/m/h/d (e.g. 3600, 90m, 7d), got "0"'],
      [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '366d'], '--lane-ttl expects a time from 1 s to 365 days, in seconds or with s/m/h/d (e.g. 3600, 90m, 7d), got "366d"'],
      [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl', '1w'], '--lane-ttl expects a time from 1 s to 365 days, in seconds or with s/m/h/d (e.g. 3600, 90m, 7d), got "1w"'],
      [['--redis', 'redis://127.0.0.1:6379', '--lane-ttl=-5'], '--lane-ttl expects a time from 1 s to 365 days, in seconds or with s/m/h/d (e.g. 3600, 90m, 7d), got "-5"'],
      [['--token', ''], '--token must not be empty'],
      [['--workers', '0'], '--workers expects a whole number from 1 to 64 or "auto", got "0"'],
      [['--workers', '65', '--redis', 'redis://127.0.0.1:6379'], '--workers expects a whole number from 1 to 64 or "auto", got "65"'],
      [['--workers', 'many'], '--workers expects a whole number from 1 to 64 or "auto", got "many"'],
      [['--workers', '2'], '--workers 2 needs --redis: every worker is an instance of its own, and only a shared Redis lets a bill posted to one worker reach the displays of another'],
      [['--request-timeout', '0'], '--request-timeout expects a whole number from 100 to 600000, got "0"'],
      [['--request-timeout', '10s'], '--request-timeout expects a whole number from 100 to 600000, got "10s"'],
      [['--keep-alive-timeout', '0'], '--keep-alive-timeout expects a whole number from 100 to 600000, got "0"'],
      [['--max-connections-per-address=-1'], '--max-connections-per-address expects a whole number from 0 to 1000000, got "-1"'],
      [['--max-streams-per-address', 'many'], '--max-streams-per-address expects a whole number from 0 to 1000000, got "many"'],
      [['--max-streams-per-address', '128'], '--max-connections-per-address (128) must be above --max-streams-per-address (128): every stream holds a connection'],
      [['--max-connections-per-address', '8', '--max-streams-per-address', '0'], '--max-connections-per-address (8) must be above --max-streams-per-address (no cap): every stream holds a connection'],
      [['--token', '   '], '--token must not be empty'],
      // A short token is guessed: refused at start (exit 2), the message naming the flag, never the token.
      [['--token', 'fifteen-chars-1'], `--token must be at least 16 characters (make one with: openssl rand -hex 16)`],
      [['--token', '   short-token   '], `--token must be at least 16 characters (make one with: openssl rand -hex 16)`],
    ];
    for (const [argv, message] of rows) assert.equal(usageError(argv), message, argv.join(' '));
    assert.equal(usageError([], { DISPLAY_HUB_TOKEN: ' ' }), '--token must not be empty', 'an empty DISPLAY_HUB_TOKEN');
    assert.equal(usageError([], { DISPLAY_HUB_TOKEN: 'short-token' }), '--token must be at least 16 characters (make one with: openssl rand -hex 16)', 'a short DISPLAY_HUB_TOKEN');
  });

  it('scenario playback', () => {
    const name = SCENARIOS[0]!.name;
    const names = SCENARIOS.map((s) => s.name).join(', ');
    const rows: Array<[string[], string]> = [
      [['--scenario', 'nope'], `--scenario expects one of ${names}, got "nope"`],
      [['--scenario', name, '--speed', '0'], '--speed expects a number above 0 (at most 1000), got "0"'],
      [['--scenario', name, '--speed', 'fast'], '--speed expects a number above 0 (at most 1000), got "fast"'],
      [['--scenario', name, '--speed', '1001'], '--speed expects a number above 0 (at most 1000), got "1001"'],
    ];
    for (const [argv, message] of rows) assert.equal(usageError(argv), message, argv.join(' '));
  });

  it('the fleet flags: tokens long enough, files readable, lane ids valid, one admin source', () => {
    const SHORT = (flag: string) => `${flag} must be at least 16 characters (make one with: openssl rand -hex 16)`;
    const rows: Array<[string[], RegExp | string]> = [
      [['--admin-token', 'short'], SHORT('--admin-token')],
      [['--admin-token', '   short   '], SHORT('--admin-token')],
      [['--admin-token-file', file('short.txt', 'short\n')], SHORT('--admin-token')],
      [['--admin-token-file', file('empty.txt', '\n')], /^--admin-token-file .*empty\.txt: the file is empty$/],
      [['--admin-token-file', join(dir, 'missing.txt')], /^--admin-token-file .*missing\.txt: ENOENT/],
      [['--admin-token', 'admin-token-0001', '--admin-token-file', file('a.txt', 'admin-token-0001')], '--admin-token and --admin-token-file exclude each other'],
      [['--metrics-token', 'short'], SHORT('--metrics-token')],
      [['--lane-tokens', join(dir, 'missing.json')], /^--lane-tokens .*missing\.json: ENOENT/],
      [['--lane-tokens', file('bad-json.json', '{"till-1": ')], /^--lane-tokens .*bad-json\.json: not valid JSON \(line 1, column 12\)$/],
      // JSON.parse's own message would quote the secret ("secret-of-till-1…"): line and column only.
      [['--lane-tokens', file('unquoted.json', '{\n  "till-1": secret-of-till-1-0001\n}')], /^--lane-tokens .*unquoted\.json: not valid JSON \(line 2, column 13\)$/],
      [['--lane-tokens', file('comma.json', '{"till-1": "secret-of-till-1-0001" "till-2": "x"}')], /^--lane-tokens .*comma\.json: not valid JSON \(line 1, column 36\)$/],
      [['--lane-tokens', file('array.json', '["till-1"]')], /^--lane-tokens .*array\.json: expected an object of lane → token$/],
      [['--lane-tokens', file('fifteen.json', '{"till-1": "fifteen-chars-1"}')], /lane "till-1": expected a token of at least 16 characters/],
      [['--lane-tokens', file('short-lane.json', '{"till-1": "short"}')], /lane "till-1": expected a token of at least 16 characters, or \{"publish", "read"\}$/],
      [['--lane-tokens', file('short-read.json', '{"till-1": {"publish": "long-enough-token", "read": "short"}}')], /lane "till-1": expected a token of at least 16 characters/],
      [['--lane-tokens', file('number.json', '{"till-1": 12345678}')], /lane "till-1": expected a token of at least 16 characters/],
      [['--lane-tokens', file('lane-id.json', '{"till 1": "long-enough-token"}')], /"till 1" is not a lane id \(1-64 letters, digits, "\.", "_" or "-"\)$/],
      [['--log-format', 'xml'], '--log-format expects text or json, got "xml"'],
      [['--max-credential-failures', '0'], '--max-credential-failures expects a whole number from 1 to 100000, got "0"'],
      [['--max-credential-failures', 'many'], '--max-credential-failures expects a whole number from 1 to 100000, got "many"'],
      [['--max-waiting-per-address', '1001'], '--max-waiting-per-address expects a whole number from 1 to 1000, got "1001"'],
      [['--metrics-lanes', '0'], '--metrics-lanes expects a whole number from 1 to 10000, got "0"'],
    ];
    for (const [argv, message] of rows) {
      const actual = usageError(argv);
      if (typeof message === 'string') assert.equal(actual, message, argv.join(' '));
      else assert.match(actual, message, argv.join(' '));
    }
    assert.equal(usageError([], { DISPLAY_HUB_ADMIN_TOKEN: 'short' }), SHORT('--admin-token'), 'from the environment too');
  });

  it('the display-app flags: a valid config, an existing folder, a PEM pair', () => {
    const bad = file('bad.json', JSON.stringify({ shopName: 'x', lanes: { 'till-1': { thanksDuration: -1 } } }));
    const notJson = file('not-json.json', '{ "shopName": ');
    const notPem = file('not-pem.pem', 'hello');
    const pem = file('ok.pem', PEM);
    const rows: Array<[string[], RegExp]> = [
      [['--config', bad], /^--config: config .*bad\.json: lanes\.till-1\.thanksDuration: must be at least 0\b/],
      [['--config', notJson], /^--config: config .*not-json\.json: is not valid JSON/],
      [['--config', dir], /^--config: config .*: cannot be read \(EISDIR\)$/],
      [['--media-budget-mb', '0'], /^--media-budget-mb expects a whole number from 1 to 1000000, got "0"$/],
      [['--media-file-max-mb', '1.5'], /^--media-file-max-mb expects a whole number from 1 to 100000, got "1.5"$/],
      [['--media-budget-mb', '50', '--media-file-max-mb', '100'], /^--media-file-max-mb \(100\) must not be above --media-budget-mb \(50\)$/],
      [['--media', join(dir, 'no-such-folder')], /^--media expects a folder, and .*no-such-folder is not one$/],
      [['--media', pem], /^--media expects a folder, and .*ok\.pem is not one$/],
      [['--tls-cert', pem], /^--tls-cert and --tls-key go together: give both, or neither for plain HTTP$/],
      [['--tls-key', pem], /^--tls-cert and --tls-key go together/],
      [['--tls-cert', notPem, '--tls-key', pem], /^--tls-cert: .*not-pem\.pem is not a PEM file$/],
      [['--tls-cert', pem, '--tls-key', join(dir, 'no-key.pem')], /^--tls-key: cannot read .*no-key\.pem \(ENOENT\)$/],
    ];
    for (const [argv, message] of rows) assert.match(usageError(argv), message, argv.join(' '));
  });

  it('--config reports every problem of the file at once, wrong types included', () => {
    const several = file('several.json', JSON.stringify({ theme: 'Dark', slideInterval: '8000', shopnam: 'x', lanes: { 'till-1': { footer: 7 } } }));
    const message = usageError(['--config', several]);
    assert.match(message, /^--config: config .*several\.json: 4 problems:\n/);
    for (const line of [
      '  - theme: must be "light", "dark" or "auto"',
      '  - slideInterval: expected a whole number of milliseconds',
      '  - lanes.till-1.footer: expected a string',
      '  - shopnam: unknown field (did you mean "shopName"?) (see docs/display-app.md#configuration)',
    ]) {
      assert.ok(message.split('\n').includes(line), `${line}\nin:\n${message}`);
    }
  });

  it('--config accepts a file saved with a UTF-8 byte-order mark (Notepad), and still refuses one in the middle', () => {
    const bom = file('bom.json', '\uFEFF' + JSON.stringify({ shopName: 'Warung BOM', theme: 'dark' }));
    assert.equal(parseCli(['--config', bom], {}).displayApp.configFile, resolve(bom));
    const inside = file('bom-inside.json', '{ \uFEFF"shopName": "x" }');
    assert.match(usageError(['--config', inside]), /is not valid JSON/);
  });
});

describe('serverOptions: what reaches the server', () => {
  const logs: string[] = [];
  const logger = { error: (line: string) => logs.push(line), warn: (line: string) => logs.push(line), info: () => {}, debug: () => {} };

  /** Fields the CLI uses itself (help, logging, playback, forking workers); `extraHosts` goes on as `allowedHosts`. */
  const CLI_ONLY = new Set(['help', 'version', 'logLevel', 'logFormat', 'playback', 'extraHosts', 'workers']);

  it('every configuration field the server needs is handed on, unchanged', () => {
    const laneFile = file('wired-lanes.json', JSON.stringify({ 'till-1': 'till-1-secret-token' }));
    const argv = ['--port', '5050', '--host', '0.0.0.0', '--token', 'till-token-0000001', '--allow-origin', 'http://pos.local', '--allow-host', 'pos.local'];
    argv.push('--request-timeout', '2000', '--keep-alive-timeout', '300', '--max-connections-per-address', '9', '--max-streams-per-address', '3');
    argv.push('--state-file', 'state.json', '--heartbeat', '100', '--max-body', '2k', '--max-reader-lanes', '7', '--history-budget', '2m');
    argv.push('--lane-budget', '64k', '--state-budget', '8m', '--max-prompt', '4k');
    argv.push('--admin-token', 'admin-token-0001', '--metrics-token', 'metrics-token-0001', '--lane-tokens', laneFile, '--private-streams', '--max-credential-failures', '7', '--max-waiting-per-address', '3', '--metrics-lanes', '5');
    argv.push('--tls-cert', file('c.pem', PEM), '--tls-key', file('k.pem', PEM), '--media', dir);
    const config = parseCli(argv, {});
    const options = serverOptions(config, logger) as Record<string, unknown>;
    for (const [field, value] of Object.entries(config)) {
      if (CLI_ONLY.has(field)) continue;
      if (field === 'displayApp') assert.deepEqual({ ...(options.displayApp as object), onConfigError: undefined }, { ...config.displayApp, onConfigError: undefined });
      else assert.deepEqual(options[field], value, `${field} is not handed to the server`);
    }
    assert.deepEqual(options.allowedHosts, ['pos.local']);
    assert.equal(options.logger, logger);
  });

  it('no --allow-host: the server chooses (loopback names when bound to loopback); a config edit gone bad is a warning', () => {
    const options = serverOptions(parseCli([], {}), logger);
    assert.equal(options.allowedHosts, undefined);
    const displayApp = options.displayApp as DisplayAppOptions;
    displayApp.onConfigError!(new Error('config x.json: theme: must be "light", "dark" or "auto"') as DisplayConfigError);
    assert.deepEqual(logs, ['config x.json: theme: must be "light", "dark" or "auto" (keeping the last good configuration)']);
  });
});

/** The error `startHubServer` rejects with (a hub that starts is closed, and the test fails). */
async function startError(options: Parameters<typeof startHubServer>[0]): Promise<NodeJS.ErrnoException> {
  let hub;
  try {
    hub = await startHubServer(options);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
  await hub.close();
  assert.fail(`started with ${JSON.stringify(options)}`);
}

describe('startFailure: the one line the CLI prints before exiting 1', () => {
  const at = { host: '127.0.0.1', port: 5000 };
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it('says what is wrong for the start problems a shop meets; anything else is a bug and is rethrown', () => {
    const rows: Array<[NodeJS.ErrnoException, string | undefined]> = [
      [errno('EADDRINUSE'), 'port 5000 is already in use on 127.0.0.1 (is another hub running?)'],
      [errno('EACCES'), 'no permission to listen on 127.0.0.1:5000'],
      [errno('EADDRNOTAVAIL'), 'cannot bind 127.0.0.1:5000: no such local address'],
      [errno('ENOTFOUND'), 'cannot bind 127.0.0.1:5000: no such local address'],
      [new StateFileError('cannot read state file /x/state.json: EACCES'), 'cannot read state file /x/state.json: EACCES'],
      [new Error('cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED'), 'cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED'],
      [new Error('--redis needs Redis 6.2 or later'), '--redis needs Redis 6.2 or later'],
      [new TypeError('cannot read properties of undefined'), undefined],
      [errno('EPIPE'), undefined],
    ];
    for (const [error, expected] of rows) assert.equal(startFailure(error, at), expected, error.message);
  });

  it('the errors the server really throws: a port in use, a state file in a missing folder or that is a folder (a broken one starts: abuse-journal)', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as { port: number };
    try {
      const inUse = await startError({ port, heartbeatMs: 0 });
      assert.equal(startFailure(inUse, { host: '127.0.0.1', port }), `port ${port} is already in use on 127.0.0.1 (is another hub running?)`);
    } finally {
      taken.close();
    }
    // Only the operator's configuration stops the hub; whatever the file holds, it starts.
    for (const [stateFile, message] of [
      ['/nonexistent/dir/state.json', /state file \/nonexistent\/dir\/state\.json/],
      [dir, /cannot read state file .*: it is a folder/],
    ] as const) {
      const error = await startError({ port: 0, heartbeatMs: 0, stateFile });
      assert.match(startFailure(error, at) ?? '(rethrown)', message);
    }
  });
});
