/**
 * `display-hub`'s flags for what one client may hold: the request deadline, the idle time
 * between requests, and the connections and streams per client address.
 */
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_STREAMS_PER_ADDRESS } from '../node/address-limits.js';
import { DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../node/connection-guard.js';
import { wholeNumber } from './whole-number.js';

export const CONNECTION_FLAGS = {
  'request-timeout': { type: 'string' },
  'keep-alive-timeout': { type: 'string' },
  'max-connections-per-address': { type: 'string' },
  'max-streams-per-address': { type: 'string' },
} as const;

export const CONNECTION_USAGE = `  --request-timeout <ms> a request's headers and body must arrive within this time, and a
                         connection that sends nothing is closed after it (default ${DEFAULT_REQUEST_TIMEOUT_MS}; 408)
  --keep-alive-timeout <ms> idle time allowed between requests on one connection (default ${DEFAULT_KEEP_ALIVE_TIMEOUT_MS})
  --max-connections-per-address <n> connections one client address may hold open; beyond it,
                         503 too_many_connections (default ${DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}; 0: no cap, behind a proxy)
  --max-streams-per-address <n> streams one client address may hold open; beyond it, 429
                         too_many_streams (default ${DEFAULT_MAX_STREAMS_PER_ADDRESS}; 0: no cap)
`;

export interface ConnectionSetup {
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnectionsPerAddress: number;
  maxStreamsPerAddress: number;
}

export class ConnectionFlagError extends Error {}

interface ConnectionValues {
  'request-timeout'?: string;
  'keep-alive-timeout'?: string;
  'max-connections-per-address'?: string;
  'max-streams-per-address'?: string;
}

const TEN_MINUTES_MS = 600_000;

function whole(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  return wholeNumber(flag, text, fallback, min, max, (message) => new ConnectionFlagError(message));
}

export function parseConnectionFlags(values: ConnectionValues): ConnectionSetup {
  const setup = {
    // No 0 ("never"): a request without a deadline is what let slow clients hold the hub.
    requestTimeoutMs: whole('--request-timeout', values['request-timeout'], DEFAULT_REQUEST_TIMEOUT_MS, 100, TEN_MINUTES_MS),
    keepAliveTimeoutMs: whole('--keep-alive-timeout', values['keep-alive-timeout'], DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 100, TEN_MINUTES_MS),
    maxConnectionsPerAddress: whole('--max-connections-per-address', values['max-connections-per-address'], DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 0, 1_000_000),
    maxStreamsPerAddress: whole('--max-streams-per-address', values['max-streams-per-address'], DEFAULT_MAX_STREAMS_PER_ADDRESS, 0, 1_000_000),
  };
  const { maxConnectionsPerAddress: connections, maxStreamsPerAddress: streams } = setup;
  // Every stream is a connection: with fewer connections than streams the clear 429 never comes.
  if (connections > 0 && (streams === 0 || streams >= connections)) {
    throw new ConnectionFlagError(`--max-connections-per-address (${connections}) must be above --max-streams-per-address (${streams || 'no cap'}): every stream holds a connection`);
  }
  return setup;
}
