// `npm start` (the Vite dev server with the hub) serves the display app at /display/ and the
// admin page from the built files in dist/. Without `npm run build` first they were a
// plain-text 503: this Vite plugin builds them when the dev server starts, if any is
// missing or older than src/ (a few seconds, once), so a fresh checkout works at once.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundles } from './build-bundle.mjs';
import { buildHubPages } from './build-hub-pages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What /display/ and /admin/ serve (src/hub/display-app/assets.ts, src/hub/node/admin-page.ts). */
export const SERVED_FILES = ['customer-display.js', 'display-app/display-page.js', 'display-app/sw.js', 'admin/admin.js'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why `outdir` needs building: a file missing, or src/ changed since; undefined when it is current. */
export function staleReason(outdir, srcDir = join(ROOT, 'src')) {
  const built = SERVED_FILES.map((name) => statSync(join(outdir, name), { throwIfNoEntry: false }));
  const missing = SERVED_FILES.find((_, index) => !built[index]);
  if (missing) return `${missing} is not built`;
  const oldest = Math.min(...built.map((stat) => stat.mtimeMs));
  return newestSource(srcDir) > oldest ? 'src/ changed since the last build' : undefined;
}

/** Builds what the hub's pages serve into `outdir` when it is missing or stale; returns why it built, or undefined. */
export async function buildServedFilesIfStale(outdir = join(ROOT, 'dist')) {
  const reason = staleReason(outdir);
  if (!reason) return undefined;
  await Promise.all([buildBundles(outdir), buildHubPages(outdir)]);
  return reason;
}

/** The Vite plugin: in the dev server only (a preview serves what was built). */
export function buildDisplayAppOnStart({ outdir = join(ROOT, 'dist') } = {}) {
  return {
    name: 'pos-customer-display:build-display-app',
    apply: 'serve',
    async configureServer(server) {
      const started = performance.now();
      const reason = await buildServedFilesIfStale(outdir);
      if (reason) server.config.logger.info(`  Built the display app and admin page for /display/ and /admin/ (${reason}) in ${Math.round(performance.now() - started)} ms`);
    },
  };
}
