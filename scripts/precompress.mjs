/**
 * The last build step: writes `<file>.br` and `<file>.gz` beside every file the hub serves
 * from dist/ that shrinks (JS, CSS, SVG, JSON, source maps): the drop-in scripts and their
 * chunks, dist/display-app/* and dist/admin/*. The hub sends them as they are to a client
 * that accepts the coding (src/hub/display-app/file-response.ts), and ignores a copy older
 * than its file, so a partial rebuild never serves a previous build's bytes. Compressed
 * here at the highest levels, once, instead of on every start of the hub.
 *
 *   node scripts/precompress.mjs [dist]
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? new URL('../dist/', import.meta.url).pathname;
const SHRINKS = /\.(js|mjs|css|svg|json|map|webmanifest)$/;
const CODED = /\.(br|gz)$/;

/** The files the hub serves: dist/'s drop-in scripts, and everything in display-app/ and admin/. */
function servedFiles() {
  const inDir = (dir, keep) =>
    readdirSync(join(DIST, dir), { withFileTypes: true })
      .filter((entry) => entry.isFile() && keep(entry.name))
      .map((entry) => join(DIST, dir, entry.name));
  return [
    ...inDir('.', (name) => name.startsWith('customer-display') && SHRINKS.test(name)),
    ...inDir('display-app', (name) => SHRINKS.test(name)),
    ...inDir('admin', (name) => SHRINKS.test(name)),
  ];
}

/** A copy whose file is gone (renamed chunk, removed script) would be served by nobody: remove it. */
function removeOrphans() {
  for (const dir of ['.', 'display-app', 'admin']) {
    for (const name of readdirSync(join(DIST, dir))) {
      const path = join(DIST, dir, name);
      if (CODED.test(name) && !statSync(path.replace(CODED, ''), { throwIfNoEntry: false })) rmSync(path);
    }
  }
}

let plain = 0;
let brotli = 0;
let gzip = 0;
removeOrphans();
for (const path of servedFiles()) {
  const body = readFileSync(path);
  const br = brotliCompressSync(body, {
    params: {
      // Highest quality for what a screen loads; source maps (only devtools read them) a faster one.
      [constants.BROTLI_PARAM_QUALITY]: path.endsWith('.map') ? 9 : 11,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  if (!path.endsWith('.map')) [plain, brotli, gzip] = [plain + body.length, brotli + br.length, gzip + gz.length];
}
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`precompress: served scripts ${kib(plain)} → brotli ${kib(brotli)}, gzip ${kib(gzip)} (${servedFiles().length} files, .br and .gz beside each)`);
