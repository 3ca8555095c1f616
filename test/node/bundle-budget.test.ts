/**
 * The weight budget of issue 23: at most 30 KB of gzipped JS (level 9, as bench/bundle.ts
 * measures) before a screen can show its first bill, on the display app (`/display/`: the
 * scripts its page names) and on the README's one-script-tag page (the auto loader and the
 * modern build it loads in Chromium). The element chunks, the sanitizer and the QR encoder
 * come later and are not counted; the test also checks that the bundle leaves zod/mini, the
 * on-demand elements, the pairing's control stream and the BroadcastChannel transport out,
 * and that the modules it lends to its chunks are the ones the build expects. Run
 * `npm run build` first.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { displayPageHtml } from '../../src/hub/display-app/page.js';

// The build script is plain JS (no types): its list, read as such.
const BUILD_SCRIPT: string = '../../scripts/build-bundle.mjs';
const { SHARED_MODULES } = (await import(BUILD_SCRIPT)) as { SHARED_MODULES: string[] };

const DIST = new URL('../../dist/', import.meta.url).pathname;
const BUDGET_GZIP_BYTES = 30 * 1024;

const gzipBytes = (path: string) => gzipSync(readFileSync(path), { level: 9 }).byteLength;

/** Where each script the display app's page names is built. */
function displayAppScripts(): string[] {
  const html = displayPageHtml('customer-display.js');
  const names = [...html.matchAll(/<script\b[^>]*\bsrc="([^"?]+)[^"]*"/g)].map((match) => match[1]!);
  return names.map((name) => (name.startsWith('customer-display') ? `${DIST}${name}` : `${DIST}display-app/${name}`));
}

function report(label: string, files: string[]): number {
  const sizes = files.map((file) => [file.slice(DIST.length), gzipBytes(file)] as const);
  const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
  console.log(`${label}: ${total} B gzip (${sizes.map(([name, bytes]) => `${name} ${bytes}`).join(', ')})`);
  return total;
}

describe('JS before the first bill', { skip: !existsSync(`${DIST}customer-display.js`) && 'run `npm run build` first' }, () => {
  it('the display app (/display/) fetches at most 30 KB gzip', () => {
    const files = displayAppScripts();
    assert.ok(files.some((file) => file.endsWith('/customer-display.js')), files.join(', '));
    const total = report('/display/', files);
    assert.ok(total <= BUDGET_GZIP_BYTES, `/display/: ${total} B gzip > ${BUDGET_GZIP_BYTES}`);
  });

  it("the README's page (auto loader + modern build) fetches at most 30 KB gzip", () => {
    const total = report('README page', [`${DIST}customer-display.auto.js`, `${DIST}customer-display.js`]);
    assert.ok(total <= BUDGET_GZIP_BYTES, `README page: ${total} B gzip > ${BUDGET_GZIP_BYTES}`);
  });

  it('the display bundle leaves zod, the on-demand elements, pairing and the BroadcastChannel transport to later', () => {
    for (const build of ['customer-display.js', 'customer-display.legacy.js']) {
      const code = readFileSync(`${DIST}${build}`, 'utf8');
      assert.equal(/\$ZodType|_zod/.test(code), false, `${build} carries zod`);
      for (const tag of ['shopper-prompt', 'payment-view', 'payment-qr', 'payment-modal-mirror', 'pairing-screen', 'idle-slideshow']) {
        assert.equal(new RegExp(`["'\`]${tag}["'\`],\\s*[\\w$]+\\)`).test(code), false, `${build} registers <${tag}>`);
      }
      // The pairing's control stream and the BroadcastChannel transport: in their chunks only.
      assert.equal(code.includes('/pair?display='), false, `${build} carries the pairing's control stream`);
      assert.equal(code.includes('BroadcastChannel'), false, `${build} carries the BroadcastChannel transport`);
    }
  });

  it('the chunks borrow lit from the bundle instead of carrying their own', () => {
    const source = readFileSync(new URL('../../src/bundle/shared-modules.ts', import.meta.url), 'utf8');
    const lent = [...source.matchAll(/^\s+'([^']+)': \w+,$|^\s+(lit),$/gm)].map((match) => match[1] ?? match[2]).sort();
    assert.deepEqual(lent, [...SHARED_MODULES].sort(), 'src/bundle/shared-modules.ts and SHARED_MODULES of scripts/build-bundle.mjs differ');
    for (const chunk of ['payment', 'prompt', 'pairing', 'slideshow', 'broadcast']) {
      const code = readFileSync(`${DIST}customer-display.${chunk}.js`, 'utf8');
      // lit-html's own marker: a chunk with a copy of lit has it.
      assert.equal(code.includes('lit$'), false, `customer-display.${chunk}.js carries its own lit`);
    }
  });
});
