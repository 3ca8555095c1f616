/**
 * 4. Bundle size. Every drop-in file as built (dist/customer-display*.js) and what a display
 * loads before it can paint a bill (the loader + the modern or the legacy build; the
 * sanitizer and QR chunks come later), and every element entry bundled on its own with
 * esbuild (bundle, minify, ESM, es2021, browser, dependencies included), in memory; gzip
 * (level 9) and brotli (quality 11) via node:zlib.
 *
 * The profile behind the 30 KB target: what each dependency adds to the display bundle
 * (src/bundle/display.ts, the chunks left out as in the build), from esbuild's metafile
 * (minified bytes) and as the gzipped bytes the bundle would lose without it.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dropInRoutes } from '../test/support/display-page.js';
import { displayPageHtml } from '../src/hub/display-app/page.js';
import { kb, type BenchOptions, type BenchResult, type Row } from './util.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TARGET_GZ_BYTES = 30 * 1024;

interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizes(code: Uint8Array): Sizes {
  return {
    raw: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

/** Leaves every import whose path matches `filter` out of the bundle (as an external import). */
function leaveOut(filter: RegExp): Plugin {
  return { name: 'leave-out', setup: (b) => b.onResolve({ filter }, (args) => ({ path: args.path, external: true })) };
}

// The build script is plain JS (no types): its protocol plugin, read as such.
const BUILD_SCRIPT: string = '../scripts/build-bundle.mjs';
const { protocolWithoutSideEffects } = (await import(BUILD_SCRIPT)) as { protocolWithoutSideEffects: Plugin };

/** As the drop-in build: the on-demand modules become chunks, outside the bundle. */
const chunksApart: Plugin = {
  name: 'chunks-apart',
  setup: (b) => {
    b.onResolve({ filter: /\/lazy-modules\.js$/ }, () => ({ path: join(ROOT, 'src/bundle/lazy-chunks.ts') }));
    b.onResolve({ filter: /\/lazy-sync-modules\.js$/ }, () => ({ path: join(ROOT, 'src/bundle/lazy-sync-chunks.ts') }));
  },
};

/** `entry`: a file under the project, or `{ contents }`: an entry written here (imports from the project root). */
async function bundle(entry: string | { contents: string }, plugins: Plugin[] = []): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [join(ROOT, entry)] } : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2021',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [chunksApart, ...plugins, protocolWithoutSideEffects],
  });
  return { code: result.outputFiles[0]!.contents, metafile: result.metafile };
}

/** Each element's own entry: src/components/<name>/<name>.ts, whatever folders exist now. */
function elementEntries(): string[] {
  const dir = join(ROOT, 'src/components');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, `${entry.name}.ts`)))
    .map((entry) => `src/components/${entry.name}/${entry.name}.ts`)
    .sort();
}

/** `src/components/bill-panel/bill-panel.ts` → `<bill-panel> alone`. */
function entryLabel(entry: string): string {
  if (entry === DISPLAY_ENTRY) return 'the display entry, esbuild ESM (chunks apart)';
  const element = /^src\/components\/([\w-]+)\//.exec(entry)?.[1];
  if (element) return `<${element}> alone`;
  if (entry === 'src/sync/display-sync.ts') return '<display-sync> alone';
  return `${entry.replace(/^src\//, '')} alone`;
}

/** Dependency groups of the drop-in bundle; `match` tests a metafile input path. */
const GROUPS: Array<{ name: string; match: RegExp; leaveOut: RegExp }> = [
  { name: 'lit (lit-html, lit-element, reactive-element)', match: /node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//, leaveOut: /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/ },
  { name: '@lit/context', match: /node_modules\/@lit\/context\//, leaveOut: /^@lit\/context(\/|$)/ },
  { name: 'zod (zod/mini)', match: /node_modules\/zod\//, leaveOut: /^zod(\/|$)/ },
  { name: 'dompurify', match: /node_modules\/dompurify\//, leaveOut: /^dompurify(\/|$)/ },
  { name: 'uqr (QR codes)', match: /node_modules\/uqr\//, leaveOut: /^uqr(\/|$)/ },
];

const DISPLAY_ENTRY = 'src/bundle/display.ts';
const TARGET_LABEL = 'gzip ≤ 30 KB';

function sizeRow(label: string, s: Sizes, target?: boolean): Row {
  return {
    bench: 'bundle',
    case: label,
    figure: 'min | gzip | brotli',
    value: `${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)}`,
    ...(target ? { target: TARGET_LABEL, verdict: s.gzip <= TARGET_GZ_BYTES ? ('ok' as const) : ('miss' as const) } : {}),
  };
}

const add = (a: Sizes, b: Sizes): Sizes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

/** Each drop-in file as built, and what a display loads before its first bill. */
function distSizes(rows: Row[]) {
  const files = dropInRoutes();
  if (!files['/customer-display.js']) throw new Error('dist/customer-display.js is missing: run `npm run build` first');
  const dist: Record<string, Sizes> = {};
  for (const [route, path] of Object.entries(files).sort()) dist[route.slice(1)] = sizes(readFileSync(path));
  rows.push(...Object.entries(dist).map(([name, s]) => sizeRow(`dist/${name}`, s)));
  // The loader, then one of the two builds.
  const beforeFirstBill = {
    modern: add(dist['customer-display.auto.js']!, dist['customer-display.js']!),
    legacy: add(dist['customer-display.auto.js']!, dist['customer-display.legacy.js']!),
  };
  // The display app: the scripts its page names (the bundle, then display-page.js).
  const pageScripts = [...displayPageHtml('customer-display.js').matchAll(/<script\b[^>]*\bsrc="([^"?]+)/g)].map((match) => match[1]!);
  const displayApp = pageScripts
    .map((name) => (dist[name] ?? sizes(readFileSync(join(ROOT, 'dist/display-app', name)))))
    .reduce(add, { raw: 0, gzip: 0, brotli: 0 });
  rows.push(
    sizeRow('before the first bill: /display/ (' + pageScripts.join(' + ') + ')', displayApp, true),
    sizeRow('before the first bill: README page, auto + modern', beforeFirstBill.modern, true),
    sizeRow('before the first bill: README page, auto + legacy', beforeFirstBill.legacy, true),
  );
  return { dist, beforeFirstBill: { ...beforeFirstBill, displayApp } };
}

/** What each dependency adds to the display bundle. */
async function profile(rows: Row[]) {
  const full = await bundle(DISPLAY_ENTRY);
  const fullGzip = sizes(full.code).gzip;
  const output = Object.values(full.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path: relative(ROOT, join(ROOT, path)), bytes: bytesInOutput }));
  const composition = [];
  for (const group of GROUPS) {
    const bytes = inputs.filter((input) => group.match.test(input.path)).reduce((sum, input) => sum + input.bytes, 0);
    const without = sizes((await bundle(DISPLAY_ENTRY, [leaveOut(group.leaveOut)])).code).gzip;
    composition.push({ group: group.name, minifiedBytes: bytes, gzipSavedBytes: fullGzip - without });
  }
  const own = inputs.filter((input) => input.path.startsWith('src/'));
  const ownBytes = own.reduce((sum, input) => sum + input.bytes, 0);
  const largestOwnFiles = [...own].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
  // Our own code compressed alone: the bundle with every package left out.
  const ownGzip = sizes((await bundle(DISPLAY_ENTRY, [leaveOut(/^[@a-z]/)])).code).gzip;
  composition.push({ group: 'our code: src/', minifiedBytes: ownBytes, gzipSavedBytes: ownGzip });
  for (const part of composition) {
    rows.push({ bench: 'bundle', case: 'profile of the display bundle', figure: part.group, value: `${kb(part.minifiedBytes)} min, ${kb(part.gzipSavedBytes)} gz` });
  }
  return {
    note: 'minifiedBytes from the esbuild metafile; gzipSavedBytes = gzip(full) − gzip(full without it); for our code, gzip of it alone',
    fullGzipBytes: fullGzip,
    parts: composition,
    largestOwnFiles,
  };
}

export async function benchBundle({ log }: BenchOptions): Promise<BenchResult> {
  const rows: Row[] = [];
  const { dist, beforeFirstBill } = distSizes(rows);

  const entries = [DISPLAY_ENTRY, 'src/sync/display-sync.ts', ...elementEntries(), 'src/publisher/publisher.ts', 'src/publisher/mirror-modals.ts'];
  const perEntry: Record<string, Sizes> = {};
  for (const entry of entries) {
    perEntry[entry] = sizes((await bundle(entry)).code);
    const s = perEntry[entry]!;
    rows.push({
      bench: 'bundle',
      case: entryLabel(entry),
      figure: 'min | gzip | brotli',
      value: `${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)}`,
    });
  }
  log(`bundle: ${entries.length} entries done`);

  const composition = await profile(rows);
  const fullGzip = composition.fullGzipBytes;
  // The decision behind src/protocol/event-checks.ts: the display bundle if it validated its
  // events with the zod schemas (validateEvent) instead of the hand-written checks.
  const withZod = sizes(
    (await bundle({ contents: "import './src/bundle/display.ts';\nimport { validateEvent } from './src/protocol/validate.ts';\n(globalThis as Record<string, unknown>).v = validateEvent;\n" })).code,
  ).gzip;
  const whatIf = [{ change: 'events validated with zod/mini (validateEvent) instead of event-checks.ts', gzipBytes: withZod }];
  rows.push({ bench: 'bundle', case: 'what-if, display bundle', figure: whatIf[0]!.change, value: `${kb(withZod)} gz (+${kb(withZod - fullGzip)})`, target: TARGET_LABEL, verdict: '' });
  // The smallest useful display: the connection and the bill, nothing of the payment moment.
  const core = sizes((await bundle({ contents: "import './src/sync/display-sync.ts';\nimport './src/components/bill-panel/bill-panel.ts';\n" })).code);
  rows.push({
    bench: 'bundle',
    case: 'what-if, core display',
    figure: '<display-sync> + <bill-panel> only',
    value: `${kb(core.gzip)} gz, ${kb(core.brotli)} br`,
    target: 'gzip ≤ 30 KB',
    verdict: '',
  });
  log('bundle: composition done');
  return {
    rows,
    data: {
      compression: 'gzip level 9, brotli quality 11 (node:zlib)',
      esbuild: 'bundle, minify, format esm, target es2021, platform browser',
      // The display bundle as the measured table of docs/benchmarks.md reads it (bench/measured-table.ts).
      dropIn: dist['customer-display.js'],
      dist,
      beforeFirstBill,
      entries: perEntry,
      composition,
      whatIf: { note: 'gzip of the display entry bundled by esbuild with this part left out', fullGzipBytes: fullGzip, steps: whatIf, coreDisplay: core },
    },
  };
}
