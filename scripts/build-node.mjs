// Builds the Node-side entry points (the display-hub CLI) into dist/, next to the bundle.
// Dependencies stay external: they are the package's own dependencies.
import { build } from 'esbuild';

await build({
  entryPoints: { 'hub/cli': 'src/hub/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
