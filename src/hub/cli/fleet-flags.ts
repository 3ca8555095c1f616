/**
 * `display-hub`'s flags for running many screens: the admin, metrics and per-lane tokens,
 * private streams, and JSON logs. Secrets are read here (files included) and handed on;
 * `credentials.ts` keeps only their digests.
 */
import { DEFAULT_MAX_FAILURES } from '../api/credential-brake.js';
import { MIN_TOKEN_LENGTH, readLaneTokens, readSecretFile, type LaneTokens } from '../fleet/credentials.js';
import { DEFAULT_MAX_LANE_SERIES } from '../fleet/metrics.js';
import { MAX_WAITING_PER_ADDRESS } from '../fleet/pairing-codes.js';
import { wholeNumber } from './whole-number.js';

export const FLEET_FLAGS = {
  'admin-token': { type: 'string' },
  'admin-token-file': { type: 'string' },
  'metrics-token': { type: 'string' },
  'lane-tokens': { type: 'string' },
  'private-streams': { type: 'boolean' },
  'log-format': { type: 'string' },
  'max-credential-failures': { type: 'string' },
  'max-waiting-per-address': { type: 'string' },
  'metrics-lanes': { type: 'string' },
} as const;

export const FLEET_USAGE = `  --admin-token <secret> turn on the admin page (/admin/) and API, and allow /metrics
                         (default: $DISPLAY_HUB_ADMIN_TOKEN; the admin API is off when unset).
                         Every token, lane tokens too, has at least 16 characters
  --admin-token-file <f> the same, read from a file (first line)
  --metrics-token <secret> a token that may read /metrics only (/metrics is open when
                         neither this nor --admin-token is given)
  --lane-tokens <file>   JSON: {"till-1": "token"} or {"till-1": {"publish": "…", "read": "…"}}:
                         a till's token publishes (and reads) its own lane only
  --private-streams      a stream needs a paired display's secret or the lane's read token
  --log-format <fmt>     text | json (one JSON object per line)
  --max-credential-failures <n> wrong credentials one address may send within a minute
                         (default ${DEFAULT_MAX_FAILURES}); then every credential it sends gets 429
                         too_many_failures for 60 s, a right one too
  --max-waiting-per-address <n> screens from one address showing a pairing code at once
                         (default ${MAX_WAITING_PER_ADDRESS}); more get 429 too_many_waiting
  --metrics-lanes <n>    lanes named in /metrics' display_hub_displays_connected at most
                         (default ${DEFAULT_MAX_LANE_SERIES}): those published to with the most displays;
                         every other display is counted as lane="other"
`;

export interface FleetSetup {
  adminToken: string | undefined;
  metricsToken: string | undefined;
  laneTokens: LaneTokens | undefined;
  privateStreams: boolean;
  logFormat: 'text' | 'json';
  maxCredentialFailures: number;
  maxWaitingPerAddress: number;
  metricsLanes: number;
}

export class FleetFlagError extends Error {}

interface FleetValues {
  'admin-token'?: string;
  'admin-token-file'?: string;
  'metrics-token'?: string;
  'lane-tokens'?: string;
  'private-streams'?: boolean;
  'log-format'?: string;
  'max-credential-failures'?: string;
  'max-waiting-per-address'?: string;
  'metrics-lanes'?: string;
}

/** A whole number from 1 to `max`, or the default. */
function count(flag: string, text: string | undefined, fallback: number, max: number): number {
  return wholeNumber(flag, text, fallback, 1, max, (message) => new FleetFlagError(message));
}

/** A token long enough not to be guessed; the message names the flag, never the token. */
export function checkedToken(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim().length < MIN_TOKEN_LENGTH) throw new FleetFlagError(`${flag} must be at least ${MIN_TOKEN_LENGTH} characters (make one with: openssl rand -hex 16)`);
  return value?.trim();
}

function adminToken(values: FleetValues, env: NodeJS.ProcessEnv): string | undefined {
  const file = values['admin-token-file'];
  if (file !== undefined && values['admin-token'] !== undefined) throw new FleetFlagError('--admin-token and --admin-token-file exclude each other');
  try {
    const secret = file !== undefined ? readSecretFile('--admin-token-file', file) : (values['admin-token'] ?? env.DISPLAY_HUB_ADMIN_TOKEN);
    return checkedToken('--admin-token', secret);
  } catch (error) {
    throw new FleetFlagError((error as Error).message);
  }
}

export function parseFleetFlags(values: FleetValues, env: NodeJS.ProcessEnv): FleetSetup {
  const format = values['log-format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new FleetFlagError(`--log-format expects text or json, got "${format}"`);
  let laneTokens: LaneTokens | undefined;
  try {
    laneTokens = values['lane-tokens'] === undefined ? undefined : readLaneTokens(values['lane-tokens']);
  } catch (error) {
    throw new FleetFlagError((error as Error).message);
  }
  return {
    adminToken: adminToken(values, env),
    metricsToken: checkedToken('--metrics-token', values['metrics-token']),
    laneTokens,
    privateStreams: values['private-streams'] ?? false,
    logFormat: format,
    maxCredentialFailures: count('--max-credential-failures', values['max-credential-failures'], DEFAULT_MAX_FAILURES, 100_000),
    maxWaitingPerAddress: count('--max-waiting-per-address', values['max-waiting-per-address'], MAX_WAITING_PER_ADDRESS, 1000),
    metricsLanes: count('--metrics-lanes', values['metrics-lanes'], DEFAULT_MAX_LANE_SERIES, 10_000),
  };
}
