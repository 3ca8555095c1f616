/**
 * The admin page at `/admin/`: one HTML page and its script (`dist/admin/admin.js`, the
 * `<display-admin>` element, with Lit in a chunk beside it; the lane previews, with the
 * display's elements, in chunks loaded after sign-in). The page holds no secret: the admin types the token,
 * and every action it takes is checked by the admin API.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findAssetDir, MissingBuildError } from '../display-app/assets.js';
import { sendFile } from '../display-app/file-response.js';
import { ICON_SVG } from '../display-app/page.js';

export const ADMIN_PATH = '/admin/';
export const ADMIN_SCRIPT_FILE = 'admin/admin.js';
/** The script and its chunks (Lit, shared; the lane previews, loaded after sign-in), as the build names them. */
const SCRIPT_NAME = /^[A-Za-z0-9_-]{1,80}\.js$/;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="description" content="Pair the shop's customer displays with their tills and watch the lanes of this display hub." />
    <title>Display hub admin</title>
    <link rel="icon" href="icon.svg" type="image/svg+xml" />
    <style>html, body { margin: 0; }</style>
    <script type="module" src="admin.js"></script>
  </head>
  <body>
    <display-admin></display-admin>
    <noscript>The admin page needs JavaScript.</noscript>
  </body>
</html>
`;

const HEADERS = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

/** Answers `/admin`, `/admin/`, `/admin/admin.js` and its chunks (`/admin/<name>.js`); false for every other path. */
export function serveAdminPage(req: IncomingMessage, res: ServerResponse, enabled: boolean): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path !== '/admin' && !path.startsWith(ADMIN_PATH)) return false;
  const text = (status: number, body: string) => res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS }).end(body);
  if (req.method !== 'GET' && req.method !== 'HEAD') return void text(405, 'Method not allowed\n'), true;
  if (!enabled) return void text(404, 'The admin page is off: start the hub with --admin-token.\n'), true;
  if (path === '/admin') return void res.writeHead(301, { Location: ADMIN_PATH }).end(), true;
  const name = path.slice(ADMIN_PATH.length);
  if (name === '' || name === 'index.html') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...HEADERS }).end(req.method === 'HEAD' ? undefined : PAGE), true;
  // The display app's icon: a page without one has the browser ask for /favicon.ico (a 404).
  if (name === 'icon.svg') return void res.writeHead(200, { 'Content-Type': 'image/svg+xml', ...HEADERS }).end(req.method === 'HEAD' ? undefined : ICON_SVG), true;
  // A name, never a path: no "/" or ".." reaches the file system.
  if (!SCRIPT_NAME.test(name)) return void text(404, 'Not found\n'), true;
  let file: string;
  try {
    file = `${findAssetDir()}admin/${name}`;
  } catch (error) {
    if (!(error instanceof MissingBuildError)) throw error;
    return void text(503, `display-hub: ${error.message}\n`), true;
  }
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return name === 'admin.js' ? void text(503, 'display-hub: the admin page is not built: run `npm run build`\n') : void text(404, 'Not found\n'), true;
  // Brotli or gzip from the build's precompressed copies (30 KiB → ~9 KiB), revalidated by ETag.
  sendFile(req, res, { path: file, stat, type: 'text/javascript; charset=utf-8', headers: HEADERS });
  return true;
}
