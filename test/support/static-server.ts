/**
 * Serves fixed pages and the built bundle from their own origin, so end-to-end tests load
 * the display exactly as an integrator's page would: a classic script and a hub elsewhere.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `routes` maps a URL path to a file path or to page HTML (`{ html }`). `charset: false`
 * sends bare types (`text/html`, `text/javascript`), as many static servers do.
 */
export async function serveStatic(routes: Record<string, string | { html: string }>, { charset = true } = {}): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = typeof route === 'string' ? await readFile(route) : route.html;
      const type = typeof route === 'string' ? (TYPES[extname(route)] ?? 'application/octet-stream') : TYPES['.html']!;
      res.writeHead(200, { 'Content-Type': charset ? type : type.replace(/;\s*charset=.*$/, ''), 'Cache-Control': 'no-store' }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  return listen(server);
}

async function listen(server: Server): Promise<StaticServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a whole directory (e.g. the built Storybook), with the types it needs. */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const { join, normalize } = await import('node:path');
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? (file.endsWith('.json') ? 'application/json' : 'application/octet-stream') }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return listen(server);
}
