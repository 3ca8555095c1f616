/**
 * The standalone hub: the shared request handler on a plain `node:http` server, with
 * optional persistence of its state.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHubHandler, type HubHandler, type HubHandlerOptions } from './http-handler.js';
import { MemoryPairingStore, pairingsFileBeside } from '../fleet/pairing-store.js';
import { RedisPairingStore } from '../fleet/redis-pairing-store.js';
import { DisplayRegistry, MAX_WAITING } from '../fleet/registry.js';
import { Hub } from '../hub.js';
import { connectRedisStore, startRefusal } from '../store/redis/redis-store.js';
import { printableRedisUrl } from '../store/redis/redis-url.js';
import { redisLog } from './redis-log.js';
import { sharesRedisClient } from '../store/store.js';
import type { StateJournal } from '../store/memory/state-journal.js';
import { openStateFile } from './state-file.js';
import { defaultStateBudget } from './memory-budget.js';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from './address-limits.js';
import { applyDeadlines, capConnectionsPerAddress, checkingIntervalFor, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type ConnectionLimits } from './connection-guard.js';

export interface HubServerOptions extends HubHandlerOptions {
  /** Port; 0 picks a free one. The original bridge used 5000. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1: the hub serves the POS machine itself. */
  host?: string;
  /**
   * Host names requests may address. Bound to loopback, `localhost`, `127.0.0.1` and
   * `[::1]` are always accepted, plus these.
   */
  allowedHosts?: readonly string[];
  /** Persist state and the last event id here, and start from it. */
  stateFile?: string;
  /**
   * `redis://host:port`: keep state and events in Redis, so several instances serve the
   * same lanes (a load balancer in front). Excludes `stateFile` (Redis is the store).
   */
  redis?: string;
  /** With `redis`: a lane's keys expire this long after its last append, in ms (default 7 days). */
  laneTtlMs?: number;
  /** With `redis`: what every key and channel starts with, so several shops can share a Redis (default `pcd`). */
  redisKeyPrefix?: string;
  /** PEM certificate and key: serve everything over HTTPS (service workers on LAN screens need it). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** A request's headers and body must arrive within this many ms (a silent connection is cut after it too). Default 10 s. */
  requestTimeoutMs?: number;
  /** Idle time between requests on a kept-alive connection, ms. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Connections one client address may hold open; beyond it, 503 and closed unread. 0: no cap. Default 128. */
  maxConnectionsPerAddress?: number;
}

export interface RunningHub {
  readonly server: Server;
  readonly handler: HubHandler;
  readonly hub: Hub;
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly port: number;
  /** Connections `address` holds open now (what `maxConnectionsPerAddress` caps). */
  connectionsFrom(address: string): number;
  /**
   * Ends every stream (telling browsers to come back after `retryMs`), writes the state
   * file, stops listening; resolves when all of that is done.
   */
  close(options?: { retryMs?: number }): Promise<void>;
}

const LOOPBACK_NAMES = ['localhost', '*.localhost', '127.0.0.1', '[::1]'];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** The hub the options ask for: shared through Redis, journaled to a state file, or in memory only. */
async function makeHub(given: HubServerOptions): Promise<{ hub: Hub; journal?: StateJournal }> {
  // A standalone hub sizes its state budget by its heap.
  const options = { ...given, stateBudgetBytes: given.stateBudgetBytes ?? defaultStateBudget() };
  if (options.redis) {
    const { onError, onAvailability } = redisLog(options.logger);
    const store = await connectRedisStore({ ...options, redis: options.redis, keyPrefix: options.redisKeyPrefix, onError, onAvailability }).catch((error: Error) => {
      // The URL's password (redis://user:secret@host) is never printed.
      const where = printableRedisUrl(options.redis!);
      throw new Error(error.message.startsWith('--redis needs') ? error.message : `cannot reach Redis at ${where}: ${error.message}`);
    });
    return { hub: new Hub({ ...options, store }) };
  }
  if (options.stateFile) {
    // Read and opened before listening. Whatever the file holds, the hub starts (what was dropped is logged); a folder it cannot write stops it.
    const { restored, journal } = openStateFile(options.stateFile, options, options.logger);
    return { hub: new Hub({ ...options, journal, restored: restored ?? undefined }), journal };
  }
  return { hub: new Hub(options) };
}

/** Pairings where the lanes are: in Redis (every instance), beside the state file, or in memory. */
async function makeRegistry(hub: Hub, options: HubServerOptions): Promise<DisplayRegistry> {
  if (options.displays) return options.displays;
  let store;
  if (sharesRedisClient(hub.store)) {
    store = new RedisPairingStore(hub.store.redisClient, options.redisKeyPrefix);
    await store.ready();
  } else {
    // A corrupt pairings file is logged and set aside: the hub starts, screens pair again.
    const onProblem = (message: string) => options.logger?.warn(message);
    store = new MemoryPairingStore(options.stateFile ? pairingsFileBeside(options.stateFile) : undefined, { onProblem });
  }
  const registry = new DisplayRegistry(store, Date.now, MAX_WAITING, options.maxWaitingPerAddress);
  await registry.start();
  return registry;
}

export async function startHubServer(options: HubServerOptions = {}): Promise<RunningHub> {
  const host = options.host ?? '127.0.0.1';
  if (options.redis && options.stateFile) throw new Error('use either a Redis backplane or a state file, not both');
  const { hub: running, journal } = options.hub ? { hub: options.hub, journal: undefined } : await makeHub(options);
  const displays = await makeRegistry(running, options).catch(async (error: Error) => {
    if (!options.hub) await running.close();
    // Pairings in Redis: a channel or key the Redis user may not use stops the start, saying so.
    throw options.redis ? new Error(`cannot reach Redis at ${printableRedisUrl(options.redis)}: ${startRefusal(error) ?? error.message}`) : error;
  });
  // Bound to loopback, only local names may address the hub: a web page whose DNS name
  // rebinds to 127.0.0.1 gets 403 instead of the till's bill and the right to post.
  const allowedHosts = isLoopback(host) ? [...LOOPBACK_NAMES, host, ...(options.allowedHosts ?? [])] : options.allowedHosts;
  const handler = createHubHandler({ rootHealth: true, ...options, hub: running, allowedHosts, displays });
  const limits: ConnectionLimits = {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  };
  const connectionsCheckingInterval = checkingIntervalFor(limits.requestTimeoutMs);
  const server = options.tls
    ? // A TLS handshake gets the same deadline as a request.
      createTlsServer({ cert: options.tls.cert, key: options.tls.key, connectionsCheckingInterval, handshakeTimeout: limits.requestTimeoutMs }, handler)
    : createServer({ connectionsCheckingInterval }, handler);
  // Streams stay open (a GET is complete once its headers are in); slow or silent requests do not.
  applyDeadlines(server, limits);
  const connections = capConnectionsPerAddress(server, limits.maxConnectionsPerAddress, Boolean(options.tls));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    handler,
    hub: running,
    port,
    connectionsFrom: (address) => connections.heldBy(address),
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    async close(closeOptions) {
      handler.stopConfigChecks();
      await displays.close();
      await running.close(closeOptions);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Streams were ended above; anything still open after a moment is cut.
      const cut = setTimeout(() => server.closeAllConnections(), 200);
      journal?.close();
      await closed;
      clearTimeout(cut);
    },
  };
}
