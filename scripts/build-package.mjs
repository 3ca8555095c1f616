// Builds everything the npm package ships besides the drop-in bundle (vite builds that):
//   dist/esm     every module of src/, as ESM (one file per module: tree-shakable; the
//                element modules register their tag when imported)
//   dist/types   .d.ts for all of it
//   dist/hub/cli.js  the display-hub command (bundled, dependencies external)
//   dist/display-app  the display app's page script and service worker (ES2017, for old WebViews)
//   custom-elements.json  the elements' API, from their JSDoc
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildHubPages } from './build-hub-pages.mjs';

const sources = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.stories.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
// src/apps/display is the display app's browser scripts, built on their own below.
const librarySources = sources('src').filter((path) => !path.startsWith(join('src', 'apps', 'display')));

rmSync('dist/esm', { recursive: true, force: true });
rmSync('dist/types', { recursive: true, force: true });

await build({
  entryPoints: librarySources,
  outdir: 'dist/esm',
  outbase: 'src',
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: { 'hub/cli': 'src/hub/cli/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});

// The display app's page script and service worker, and the admin page.
await buildHubPages();

const bin = (name) => join('node_modules', '.bin', name);
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { stdio: 'inherit' });
