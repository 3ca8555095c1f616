/**
 * 7. The HTML Sanitizer API against our DOMPurify chunk, in Chromium (the one engine here
 * that has it): time per sanitise of a mirrored cash dialog, and whether its safe default
 * keeps what the shopper must see (the typed amount in an <input>, an inline data: image)
 * and drops what our rules drop (a remote image, CSS url(), a link that navigates).
 */
import { launchChromium } from '../test/support/chromium.js';
import { dropInRoutes } from '../test/support/display-page.js';
import { serveStatic } from '../test/support/static-server.js';
import { kb, ms, type BenchOptions, type BenchResult, type Row } from './util.js';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const ROUNDS = 500;
const DIALOG =
  '<div id="paymentModal"><h2>Pembayaran</h2><img alt="logo" src="data:image/png;base64,iVBORw0KGgo="><label>Uang diterima <input value="100000"></label>' +
  '<p>Kembalian <output>Rp 18.970</output></p><img src="http://cdn.example/x.png"><p style="background:url(http://cdn.example/y.png)">x</p>' +
  '<a href="http://example.com/">bantuan</a><button class="modal-close">x</button></div>';

const PAGE = `<!doctype html><meta charset="utf-8"><script>
window.__posCustomerDisplayChunks = { sanitizer: function (m) { window.sanitizerModule = m; } };
</script><script src="/customer-display.sanitizer.js"></script><body>`;

/**
 * In the page: per-sanitise time of each, and what each kept of the dialog (plain JS text:
 * tsx would wrap the named functions of a serialised TypeScript function in a helper the
 * page does not have).
 */
const COMPARE = `(function (dialog, rounds) {
  function time(run) {
    var start = performance.now();
    for (var i = 0; i < rounds; i++) run();
    return (performance.now() - start) / rounds;
  }
  function kept(root) {
    var input = root.querySelector('input');
    return {
      typedAmount: !!input && input.value === '100000',
      inlineImage: !!root.querySelector('img[src^="data:"]'),
      remoteImage: !!root.querySelector('img[src^="http"]'),
      cssUrl: !!root.querySelector('[style*="url"]'),
      navigatingLink: !!root.querySelector('a[href^="http"]')
    };
  }
  var sanitize = window.sanitizerModule.sanitizeModalHtml;
  var target = document.createElement('div');
  var hasApi = 'setHTML' in Element.prototype;
  return {
    hasApi: hasApi,
    dompurify: { msPerCall: time(function () { sanitize(dialog); }), kept: kept(sanitize(dialog)) },
    api: hasApi ? { msPerCall: time(function () { target.setHTML(dialog); }), kept: (target.setHTML(dialog), kept(target)) } : null
  };
})`;

interface Comparison {
  hasApi: boolean;
  dompurify: { msPerCall: number; kept: Record<string, boolean> };
  api: { msPerCall: number; kept: Record<string, boolean> } | null;
}

export async function benchSanitizerApi(_: BenchOptions): Promise<BenchResult> {
  const site = await serveStatic({ ...dropInRoutes(), '/': { html: PAGE } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${site.url}/`);
    const result = (await page.evaluate(`${COMPARE}(${JSON.stringify(DIALOG)}, ${ROUNDS})`)) as Comparison;
    const chunkGzip = gzipSync(readFileSync(dropInRoutes()['/customer-display.sanitizer.js']!), { level: 9 }).byteLength;
    const describe = (k: Record<string, boolean>) => Object.entries(k).map(([name, yes]) => `${name} ${yes ? 'kept' : 'dropped'}`).join(', ');
    const rows: Row[] = [
      { bench: 'sanitizer', case: 'DOMPurify + our rules (chunk)', figure: `per sanitise (${ROUNDS} rounds) | chunk gzip`, value: `${ms(result.dompurify.msPerCall)} | ${kb(chunkGzip)}` },
      { bench: 'sanitizer', case: 'DOMPurify + our rules (chunk)', figure: 'of the cash dialog', value: describe(result.dompurify.kept) },
    ];
    if (result.api) {
      rows.push(
        { bench: 'sanitizer', case: 'HTML Sanitizer API (setHTML, safe default)', figure: `per sanitise (${ROUNDS} rounds) | code`, value: `${ms(result.api.msPerCall)} | 0 KB` },
        { bench: 'sanitizer', case: 'HTML Sanitizer API (setHTML, safe default)', figure: 'of the cash dialog', value: describe(result.api.kept) },
      );
    } else rows.push({ bench: 'sanitizer', case: 'HTML Sanitizer API', figure: 'available', value: 'no' });
    return { rows, data: { chromium: await browser.version(), rounds: ROUNDS, chunkGzip, ...result } };
  } finally {
    await browser.close();
    await site.close();
  }
}
