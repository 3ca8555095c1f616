// Builds the drop-in bundles (classic scripts, pure ASCII so they work whatever the page's
// encoding), into dist/:
//   customer-display.js            the display, modern browsers (Chrome 85+, Safari 14.1+, Firefox 79+)
//   customer-display.legacy.js     the same, ES2017 with polyfills (Chrome/WebView 61+, Safari 12+, Firefox 63+)
//   customer-display.auto.js       a tiny loader picking one of the two by feature test
//   customer-display.sanitizer.js  DOMPurify + our rules, loaded at the first mirrored dialog
//   customer-display.qr.js         the QR encoder, loaded at the first QR payment
//   customer-display.schedule.js   the schedule reader: on a display with sleep hours or scheduled slides
//   customer-display.payment.js    <payment-modal-mirror>, <payment-view>, <payment-qr>: at the first payment
//   customer-display.prompt.js     <shopper-prompt>: at the first question to the shopper
//   customer-display.pairing.js    <pairing-screen> and the pairing's control stream: on a display that pairs
//   customer-display.slideshow.js  <idle-slideshow>: when there are slides to show
//                                  (these four use the display bundle's lit: see SHARED_MODULES)
//   customer-display.broadcast.js  the BroadcastChannel transport: on a display with src="broadcast:LANE"
//   customer-display-publisher.js  the cashier side (publisher, mirrorModals) for classic-script pages
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// The modern build: what the feature test of customer-display.auto.js guarantees (WeakRef: Chrome 84, Firefox 79, Safari 14.1).
export const MODERN_TARGET = ['chrome85', 'firefox79', 'safari14.1'];
// ES2017 syntax for WebViews from Chrome 61, Safari 12, Firefox 63.
// (No safari12 here: esbuild refuses any destructuring for Safari < 14.1 over a TDZ edge case; es2017 is
// all the syntax Safari 12 is given.)
export const LEGACY_TARGET = ['es2017', 'chrome61', 'firefox63'];

/** The drop-in bundle loads the on-demand code as classic scripts instead of `import()`. */
const chunkLoading = {
  name: 'chunk-loading',
  setup(b) {
    b.onResolve({ filter: /\/lazy-modules\.js$/ }, () => ({ path: fileURLToPath(new URL('../src/bundle/lazy-chunks.ts', import.meta.url)) }));
    b.onResolve({ filter: /\/lazy-sync-modules\.js$/ }, () => ({ path: fileURLToPath(new URL('../src/bundle/lazy-sync-chunks.ts', import.meta.url)) }));
  },
};

/**
 * What the display bundle lends its element chunks (src/bundle/shared-modules.ts, same keys):
 * a chunk's import of one of these reads the bundle's copy from a global instead of bundling
 * a second lit. Keys: bare package names, or paths under src/.
 */
export const SHARED_MODULES = [
  '@lit/context',
  'lit',
  'lit/decorators.js',
  'lit/directives/repeat.js',
  'src/components/clock-controller.ts',
  'src/components/display-element.ts',
  'src/components/format.ts',
  'src/components/strings.ts',
  'src/components/theme.styles.ts',
  'src/define.ts',
  'src/sync/display-context.ts',
  'src/sync/display-events.ts',
  'src/sync/display-state.ts',
];
const SHARED_GLOBAL = '__posCustomerDisplayShared';
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

const sharedModules = {
  name: 'shared-modules',
  setup(b) {
    // Any lit import in a chunk must be lent: a chunk never carries a lit of its own.
    b.onResolve({ filter: /^(lit|@lit\/[\w-]+)(\/|$)/ }, (args) =>
      SHARED_MODULES.includes(args.path)
        ? { path: args.path, namespace: 'shared' }
        : { errors: [{ text: `${args.path}: add it to src/bundle/shared-modules.ts and SHARED_MODULES, or the chunk would carry a second lit` }] },
    );
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.namespace !== 'file') return undefined;
      const key = `src/${relative(SRC, resolve(args.resolveDir, args.path)).replace(/\.js$/, '.ts')}`;
      return SHARED_MODULES.includes(key) ? { path: key, namespace: 'shared' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
      loader: 'js',
      contents: `var lent = window.${SHARED_GLOBAL} && window.${SHARED_GLOBAL}[${JSON.stringify(args.path)}];
if (!lent) throw new Error('pos-customer-display: this chunk needs customer-display.js (or .legacy.js) loaded first');
module.exports = lent;`,
    }));
  },
};

/**
 * The display bundles import the wire's constants and helpers through src/protocol/index.ts,
 * which also holds the zod schemas: marked free of side effects, a protocol module the
 * display uses nothing of is left out, and zod/mini with it (the display checks events with
 * src/protocol/event-checks.ts). The publisher bundle, which validates with zod, keeps it.
 */
export const protocolWithoutSideEffects = {
  name: 'protocol-without-side-effects',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      if (args.namespace !== 'file') return undefined;
      const path = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return relative(SRC, path).startsWith('protocol/') && existsSync(path) ? { path, sideEffects: false } : undefined;
    });
  },
};

/**
 * esbuild's `charset: 'ascii'` escapes strings, but must leave tagged templates (lit's
 * html`…`, css`…`) as written, since escaping would change their raw text. Our templates
 * are read cooked, so our sources are escaped before esbuild sees them: every non-ASCII
 * UTF-16 unit becomes `\uXXXX`, which means the same in strings, templates and regexes.
 */
const asciiSources = {
  name: 'ascii-sources',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const escaped = text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { contents: escaped, loader: 'ts' };
    });
  },
};

/** V8's hint that every function of the file runs at load: compiled off the main thread (see the bundle's build). */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

const commonOptions = {
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  platform: 'browser',
  // Every non-ASCII character escaped: a page without <meta charset> still shows × − ✓.
  charset: 'ascii',
  legalComments: 'linked',
  outdir: 'dist',
  logLevel: 'warning',
  plugins: [chunkLoading, asciiSources],
};

/** All the drop-in files, in one go (each build is independent), into `outdir` (the dev server may build elsewhere). */
export async function buildBundles(outdir = 'dist') {
  // Entry points are named from the checkout's root, whatever the current folder.
  const common = { ...commonOptions, outdir, absWorkingDir: fileURLToPath(new URL('..', import.meta.url)) };
  for (const name of ['customer-display', 'customer-display.legacy', 'customer-display.auto', 'customer-display.sanitizer', 'customer-display.qr', 'customer-display.schedule', 'customer-display.payment', 'customer-display.prompt', 'customer-display.pairing', 'customer-display.slideshow', 'customer-display.broadcast', 'customer-display-publisher']) {
    for (const suffix of ['.js', '.js.map', '.js.LEGAL.txt']) rmSync(`${outdir}/${name}${suffix}`, { force: true });
  }
  await Promise.all([
    // `//# allFunctionsCalledOnLoad` (V8's explicit compile hint, Chromium 136+; others read a
    // comment): nearly every function of this file runs before the first bill, so V8 compiles
    // them all on its streaming thread while the file downloads, instead of each on the main
    // thread at its first call. The bundle's evaluation task on a weak screen (4x CPU, README
    // page, p50 of 10 loads) went from 117 to 59 ms. It must be the file's first line.
    build({ ...common, entryPoints: { 'customer-display': 'src/bundle/display.ts' }, target: MODERN_TARGET, banner: { js: EAGER_COMPILE_HINT }, plugins: [...common.plugins, protocolWithoutSideEffects] }),
    build({ ...common, entryPoints: { 'customer-display.legacy': 'src/bundle/display-legacy.ts' }, target: LEGACY_TARGET, plugins: [...common.plugins, protocolWithoutSideEffects] }),
    // Loaded by both builds, so in the older syntax.
    build({ ...common, entryPoints: { 'customer-display.sanitizer': 'src/bundle/chunks/sanitizer.ts', 'customer-display.qr': 'src/bundle/chunks/qr.ts', 'customer-display.schedule': 'src/bundle/chunks/schedule.ts' }, target: LEGACY_TARGET }),
    // The element chunks: in the older syntax too (both builds load them), lit lent by the bundle.
    build({
      ...common,
      entryPoints: {
        'customer-display.payment': 'src/bundle/chunks/payment.ts',
        'customer-display.prompt': 'src/bundle/chunks/prompt.ts',
        'customer-display.pairing': 'src/bundle/chunks/pairing.ts',
        'customer-display.slideshow': 'src/bundle/chunks/slideshow.ts',
        // No lit, but the wire module without zod (protocolWithoutSideEffects), like the elements.
        'customer-display.broadcast': 'src/bundle/chunks/broadcast.ts',
      },
      target: LEGACY_TARGET,
      plugins: [...common.plugins, sharedModules, protocolWithoutSideEffects],
    }),
    build({ ...common, entryPoints: { 'customer-display.auto': 'src/bundle/auto-loader.ts' }, target: LEGACY_TARGET, sourcemap: false }),
    // An IIFE cannot be split: esbuild inlines the publisher's import() of the hub core (for
    // BroadcastChannel mode) into this one file. Accepted: it stays one classic script to drop in;
    // ESM users (dist/esm, their own bundler) get the hub core on demand only.
    build({ ...common, entryPoints: { 'customer-display-publisher': 'src/bundle/publisher.ts' }, target: MODERN_TARGET }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundles();
