/**
 * The drop-in files as a shop gets them: pure ASCII (right whatever encoding the page is
 * decoded in), the legacy build and what it loads valid ES2017, the display bundle free of
 * cashier code, and the documented pages (the README's and docs/drop-in.md's), copied as
 * written, showing their text correctly in Chromium when served with no charset at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'acorn';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { dropInRoutes, waitUntil } from '../support/display-page.js';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const read = (name: string) => readFileSync(`${DIST}${name}`, 'utf8');
const parses = (name: string, ecmaVersion: 2017 | 2021) => {
  try {
    parse(read(name), { ecmaVersion, sourceType: 'script' });
    return 'ok';
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
};

describe('drop-in files', () => {
  it('every dist/*.js is pure ASCII', () => {
    const files = readdirSync(DIST).filter((name) => name.endsWith('.js'));
    assert.ok(files.includes('customer-display.js') && files.includes('customer-display.legacy.js'), files.join(', '));
    for (const name of files) {
      const bytes = readFileSync(`${DIST}${name}`);
      const at = bytes.findIndex((byte) => byte > 0x7f);
      assert.equal(at, -1, `${name}: byte ${at} is not ASCII (…${bytes.subarray(Math.max(0, at - 30), at + 10).toString('latin1')}…)`);
    }
  });

  it('the legacy build, the chunks it loads and the loader parse as ES2017', () => {
    for (const name of ['customer-display.legacy.js', 'customer-display.sanitizer.js', 'customer-display.qr.js', 'customer-display.schedule.js', 'customer-display.payment.js', 'customer-display.prompt.js', 'customer-display.pairing.js', 'customer-display.slideshow.js', 'customer-display.broadcast.js', 'customer-display.auto.js']) {
      assert.equal(parses(name, 2017), 'ok');
    }
    // The parser does hold files to the version: the modern build uses ES2021 syntax.
    assert.equal(parses('customer-display.js', 2021), 'ok');
    assert.notEqual(parses('customer-display.js', 2017), 'ok');
  });

  it("the display bundle opens with V8's compile hint, on its first line (anywhere else it is a plain comment)", () => {
    assert.equal(read('customer-display.js').split('\n')[0], '//# allFunctionsCalledOnLoad');
  });

  it('the display bundle carries no cashier code, the publisher bundle carries it', () => {
    const display = read('customer-display.js');
    const publisher = read('customer-display-publisher.js');
    // (Booleans, not assert.match: a failure would print the whole bundle.)
    for (const name of ['createDisplayPublisher', 'mirrorModals', 'openCustomerDisplay']) {
      assert.equal(display.includes(name), false, `${name} is not in customer-display.js`);
      assert.equal(publisher.includes(name), true, `${name} is in customer-display-publisher.js`);
    }
    // Loaded on first use instead: DOMPurify (it names its Trusted Types policy) and the QR encoder.
    assert.equal(display.includes('dompurify'), false, 'DOMPurify is not in customer-display.js');
    assert.equal(read('customer-display.sanitizer.js').includes('dompurify'), true, 'DOMPurify is in the sanitizer chunk');
    // The schedule reader (sleep hours, scheduled slides) too: most displays have neither.
    assert.equal(display.includes('formatToParts'), false, 'the schedule reader is not in customer-display.js');
    assert.equal(read('customer-display.schedule.js').includes('formatToParts'), true, 'it is in the schedule chunk');
  });
});

/** The first ```html block after `heading` in `file`: a display page as the documentation gives it. */
function documentedPage(file: string, heading: string): string {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `${file} has the heading "${heading}"`);
  const block = /```html\n([\s\S]*?)```/.exec(text.slice(start));
  assert.ok(block, `${file} has an html block under "${heading}"`);
  return block[1]!;
}

/** The README's short page and the drop-in page's full one, each run as written. */
const DOCUMENTED_PAGES = [
  { name: 'README.md', path: '/readme', html: documentedPage('README.md', '## A display page of your own') },
  { name: 'docs/drop-in.md', path: '/drop-in', html: documentedPage('docs/drop-in.md', '# Drop it into a display page') },
];

describe('the documented display pages, served without a charset', () => {
  let hub: HubProcess;
  let site: StaticServer;
  let browser: Browser;

  before(async () => {
    hub = await startHubProcess(['--log-level', 'warn']);
    const routes: Record<string, { html: string }> = {};
    for (const documented of DOCUMENTED_PAGES) {
      // The one change a shop makes: where its hub is.
      assert.match(documented.html, /src="http:\/\/localhost:5000"/, documented.name);
      const page = documented.html.replace('http://localhost:5000', hub.url);
      routes[documented.path] = { html: page };
      routes[`${documented.path}-no-meta`] = { html: page.replace(/<meta charset="utf-8">/i, '') };
    }
    site = await serveStatic({ ...dropInRoutes(), ...routes }, { charset: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    hub?.child.kill('SIGKILL');
  });

  for (const documented of DOCUMENTED_PAGES) {
    it(`${documented.name}: is a complete page: doctype, language, charset`, () => {
      assert.match(documented.html, /^<!doctype html>/i);
      assert.match(documented.html, /<html lang="id">/);
      assert.match(documented.html, /<meta charset="utf-8">/);
    });

    for (const [label, suffix] of [['as written', ''], ['even without its <meta charset> (decoded as windows-1252)', '-no-meta']] as const) {
      it(`${documented.name}: shows ×, − and Rp correctly, ${label}`, async () => {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        await page.goto(`${site.url}${documented.path}${suffix}`);
        await waitUntil('the display to go live', () => page.evaluate(() => document.querySelector('display-sync')?.getAttribute('status') === 'live'), 10_000);
        const billNumber = `DOC-${documented.path.slice(1)}${suffix}`;
        const bill = { bill_id: billNumber, bill_number: billNumber, items: [{ id: 1, name: 'Kopi Susu', quantity: 2, unit_price: 18000, subtotal: 36000 }], subtotal: 36000, tax: 0, discount: 2000, total: 34000 };
        assert.equal((await postJson(`${hub.url}/api/customer-display/update-bill`, bill)).status, 200);
        const text = () => page.evaluate(() => document.querySelector('customer-display')!.shadowRoot!.querySelector('bill-panel')!.shadowRoot!.textContent!.replace(/\s+/g, ' '));
        await waitUntil('the bill', async () => (await text()).includes(billNumber));
        const shown = await text();
        assert.match(shown, /×2/);
        assert.match(shown, /−Rp\s2\.000/);
        assert.match(shown, /Rp\s34\.000/);
        assert.doesNotMatch(shown, /Ã|â/, 'no mojibake');
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }
});
