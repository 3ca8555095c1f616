/**
 * 4. Bundle size. The drop-in bundle as built (dist/customer-display.js), and every
 * element entry bundled on its own with esbuild (bundle, minify, ESM, es2021, browser,
 * dependencies included), in memory; gzip (level 9) and brotli (quality 11) via node:zlib.
 *
 * The profile behind the 30 KB target: what each dependency (and the cashier-side code)
 * adds to the drop-in bundle, from esbuild's metafile (minified bytes) and as the gzipped
 * bytes the bundle would lose without it (the same entry rebuilt with it left out).
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUNDLE } from '../test/support/display-page.js';
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
    plugins,
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
  if (entry === 'src/index.ts') return 'src/index.ts, esbuild (all of it)';
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
  // Whatever src/index.ts takes from src/publisher/ (and the hub core it may pull in) serves cashier pages, not displays.
  { name: 'cashier side: src/publisher/ (+ src/hub/ it pulls in)', match: /^src\/(publisher|hub)\//, leaveOut: /\/publisher\/[\w-]+\.js$/ },
];

export async function benchBundle({ log }: BenchOptions): Promise<BenchResult> {
  if (!existsSync(BUNDLE)) throw new Error(`${relative(ROOT, BUNDLE)} is missing: run \`npm run build\` first`);
  const dropIn = sizes(readFileSync(BUNDLE));
  const rows: Row[] = [
    {
      bench: 'bundle',
      case: 'dist/customer-display.js',
      figure: 'min | gzip | brotli',
      value: `${kb(dropIn.raw)} | ${kb(dropIn.gzip)} | ${kb(dropIn.brotli)}`,
      target: 'gzip ≤ 30 KB',
      verdict: dropIn.gzip <= TARGET_GZ_BYTES ? 'ok' : 'miss',
    },
  ];

  const entries = ['src/index.ts', 'src/sync/display-sync.ts', ...elementEntries(), 'src/publisher/publisher.ts', 'src/publisher/mirror-modals.ts'];
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

  // The profile: what each dependency adds to the whole bundle (src/index.ts).
  const full = await bundle('src/index.ts');
  const fullGzip = sizes(full.code).gzip;
  const output = Object.values(full.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path: relative(ROOT, join(ROOT, path)), bytes: bytesInOutput }));
  const composition = [];
  for (const group of GROUPS) {
    const bytes = inputs.filter((input) => group.match.test(input.path)).reduce((sum, input) => sum + input.bytes, 0);
    const without = sizes((await bundle('src/index.ts', [leaveOut(group.leaveOut)])).code).gzip;
    composition.push({ group: group.name, minifiedBytes: bytes, gzipSavedBytes: fullGzip - without });
  }
  const own = inputs.filter((input) => input.path.startsWith('src/'));
  const ownBytes = own.reduce((sum, input) => sum + input.bytes, 0);
  const largestOwnFiles = [...own].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
  // Our own code compressed alone: the bundle with every package left out.
  const ownGzip = sizes((await bundle('src/index.ts', [leaveOut(/^[@a-z]/)])).code).gzip;
  composition.push({ group: 'our code: src/ (all of it, cashier side included)', minifiedBytes: ownBytes, gzipSavedBytes: ownGzip });
  for (const part of composition) {
    rows.push({
      bench: 'bundle',
      case: 'profile of src/index.ts',
      figure: part.group,
      value: `${kb(part.minifiedBytes)} min, ${kb(part.gzipSavedBytes)} gz`,
    });
  }
  // What the proposed fixes would buy, cumulatively: the drop-in without the cashier-side code
  // (a separate cashier bundle), then with DOMPurify and uqr loaded only when needed.
  const whatIf = [];
  const steps: Array<[string, RegExp]> = [
    ['display only: no src/publisher/ (a cashier bundle apart)', GROUPS[5]!.leaveOut],
    ['… and DOMPurify loaded on first mirrored modal', GROUPS[3]!.leaveOut],
    ['… and uqr loaded on first QR payment', GROUPS[4]!.leaveOut],
    // An upper bound: hand-written event guards would add back a little of it.
    ['… and no zod on the display (hand-written guards)', GROUPS[2]!.leaveOut],
  ];
  for (let i = 0; i < steps.length; i++) {
    const gzip = sizes((await bundle('src/index.ts', steps.slice(0, i + 1).map(([, filter]) => leaveOut(filter)))).code).gzip;
    whatIf.push({ change: steps[i]![0], gzipBytes: gzip });
    rows.push({
      bench: 'bundle',
      case: 'what-if, src/index.ts',
      figure: steps[i]![0],
      value: `${kb(gzip)} gz (${kb(gzip - fullGzip)})`,
      target: 'gzip ≤ 30 KB',
      verdict: '',
    });
  }
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
      dropIn: { file: relative(ROOT, BUNDLE), ...dropIn },
      entries: perEntry,
      composition: {
        note: 'minifiedBytes from the esbuild metafile; gzipSavedBytes = gzip(full) − gzip(full without it); for our code, gzip of it alone',
        fullGzipBytes: fullGzip,
        parts: composition,
        largestOwnFiles,
      },
      whatIf: { note: 'gzip of src/index.ts bundled by esbuild with these parts left out, cumulatively', fullGzipBytes: fullGzip, steps: whatIf, coreDisplay: core },
    },
  };
}
