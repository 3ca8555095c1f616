// The pages the hub serves besides the drop-in bundle: the display app's page script and
// service worker (dist/display-app, ES2017 for old WebViews) and the admin page
// (dist/admin). `npm run build` builds them (build-package.mjs); `npm start` builds them
// at start when they are missing or older than src/ (dev-display-build.mjs), so the
// display app at /display/ works without a prior build.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Entry points are named from the checkout's root, whatever the current folder. */
const absWorkingDir = fileURLToPath(new URL('..', import.meta.url));

export async function buildHubPages(outdir = 'dist') {
  // The admin page's chunks are named by their hash: the last build's go first.
  rmSync(resolve(absWorkingDir, outdir, 'admin'), { recursive: true, force: true });
  await Promise.all([
    build({
      entryPoints: { 'display-page': 'src/apps/display/display-page.ts', sw: 'src/apps/display/service-worker.ts' },
      outdir: `${outdir}/display-app`,
      absWorkingDir,
      bundle: true,
      format: 'iife',
      target: 'es2017',
      minify: true,
      logLevel: 'warning',
    }),
    // The hub's admin page (/admin/): <display-admin> with Lit, and the lane previews (the
    // display's elements) as chunks loaded after sign-in (admin-page.ts serves them by name).
    build({
      entryPoints: { admin: 'src/apps/admin/display-admin.ts' },
      outdir: `${outdir}/admin`,
      absWorkingDir,
      bundle: true,
      splitting: true,
      chunkNames: '[name]-[hash]',
      format: 'esm',
      target: 'es2021',
      minify: true,
      logLevel: 'warning',
    }),
  ]);
}
