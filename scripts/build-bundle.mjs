// Builds the drop-in bundles (classic scripts, pure ASCII so they work whatever the page's
// encoding), into dist/:
//   customer-display.js            the display, modern browsers (Chrome 85+, Safari 14.1+, Firefox 79+)
//   customer-display.legacy.js     the same, ES2017 with polyfills (Chrome/WebView 61+, Safari 12+, Firefox 63+)
//   customer-display.auto.js       a tiny loader picking one of the two by feature test
//   customer-display.sanitizer.js  DOMPurify + our rules, loaded at the first mirrored dialog
//   customer-display.qr.js         the QR encoder, loaded at the first QR payment
//   customer-display-publisher.js  the cashier side (publisher, mirrorModals) for classic-script pages
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
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

const common = {
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

/** All the drop-in files, in one go (each build is independent). */
export async function buildBundles() {
  for (const name of ['customer-display', 'customer-display.legacy', 'customer-display.auto', 'customer-display.sanitizer', 'customer-display.qr', 'customer-display-publisher']) {
    for (const suffix of ['.js', '.js.map', '.js.LEGAL.txt']) rmSync(`dist/${name}${suffix}`, { force: true });
  }
  await Promise.all([
    build({ ...common, entryPoints: { 'customer-display': 'src/bundle/display.ts' }, target: MODERN_TARGET }),
    build({ ...common, entryPoints: { 'customer-display.legacy': 'src/bundle/display-legacy.ts' }, target: LEGACY_TARGET }),
    // Loaded by both builds, so in the older syntax.
    build({ ...common, entryPoints: { 'customer-display.sanitizer': 'src/bundle/chunks/sanitizer.ts', 'customer-display.qr': 'src/bundle/chunks/qr.ts' }, target: LEGACY_TARGET }),
    build({ ...common, entryPoints: { 'customer-display.auto': 'src/bundle/auto-loader.ts' }, target: LEGACY_TARGET, sourcemap: false }),
    // An IIFE cannot be split: esbuild inlines the publisher's import() of the hub core (for
    // BroadcastChannel mode) into this one file. Accepted: it stays one classic script to drop in;
    // ESM users (dist/esm, their own bundler) get the hub core on demand only.
    build({ ...common, entryPoints: { 'customer-display-publisher': 'src/bundle/publisher.ts' }, target: MODERN_TARGET }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundles();
