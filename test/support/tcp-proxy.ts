/**
 * A loopback TCP proxy that can freeze: existing connections stop forwarding without being
 * closed, like a half-open TCP connection or a Wi-Fi link that went to sleep.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface FreezingProxy {
  url: string;
  /** Stops forwarding on every connection open now (new ones still work). */
  freeze(): void;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startFreezingProxy(targetPort: number): Promise<FreezingProxy> {
  const sockets = new Set<Socket>();
  const pairs: Array<{ client: Socket; upstream: Socket; frozen: boolean }> = [];
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, frozen: false };
    pairs.push(pair);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || client.write(chunk));
    client.on('end', () => pair.frozen || upstream.end());
    upstream.on('end', () => pair.frozen || client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    freeze() {
      for (const pair of pairs) pair.frozen = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
