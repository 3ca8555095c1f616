/**
 * The standalone hub: the shared request handler on a plain `node:http` server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubHandler, type HubHandler, type HubHandlerOptions } from './http-handler.js';

export interface HubServerOptions extends HubHandlerOptions {
  /** Port; 0 picks a free one. The original bridge used 5000. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1: the hub serves the POS machine itself. */
  host?: string;
}

export interface RunningHub {
  readonly server: Server;
  readonly handler: HubHandler;
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  readonly port: number;
  /** Ends every stream, stops listening, resolves when the server is closed. */
  close(): Promise<void>;
}

export async function startHubServer(options: HubServerOptions = {}): Promise<RunningHub> {
  const handler = createHubHandler({ rootHealth: true, ...options });
  const server = createServer(handler);
  // Keep-alive publishers reuse connections; SSE streams are long-lived by design.
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;
  const host = options.host ?? '127.0.0.1';
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
    port,
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        handler.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
