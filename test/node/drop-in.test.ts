/**
 * The drop-in files as a shop gets them: pure ASCII (right whatever encoding the page is
 * decoded in), the legacy build and what it loads valid ES2017, the display bundle free of
 * cashier code, and the README's page, copied as written, showing its text correctly in
 * Chromium when served with no charset at all.
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
    for (const name of ['customer-display.legacy.js', 'customer-display.sanitizer.js', 'customer-display.qr.js', 'customer-display.payment.js', 'customer-display.prompt.js', 'customer-display.pairing.js', 'customer-display.slideshow.js', 'customer-display.auto.js']) {
      assert.equal(parses(name, 2017), 'ok');
    }
    // The parser does hold files to the version: the modern build uses ES2021 syntax.
    assert.equal(parses('customer-display.js', 2021), 'ok');
    assert.notEqual(parses('customer-display.js', 2017), 'ok');
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
  });
});

/** The first ```html block of the README's "Drop it into a display page" section. */
function readmeDisplayPage(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Drop it into a display page'));
  const block = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has an html block in "Drop it into a display page"');
  return block[1]!;
}

describe("the README's display page, served without a charset", () => {
  let hub: HubProcess;
  let site: StaticServer;
  let browser: Browser;
  const readme = readmeDisplayPage();

  before(async () => {
    hub = await startHubProcess(['--log-level', 'warn']);
    // The one change a shop makes: where its hub is.
    assert.match(readme, /src="http:\/\/localhost:5000"/);
    const page = readme.replace('http://localhost:5000', hub.url);
    site = await serveStatic({ ...dropInRoutes(), '/': { html: page }, '/no-meta': { html: page.replace(/<meta charset="utf-8">/i, '') } }, { charset: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    hub?.child.kill('SIGKILL');
  });

  it('is a complete page: doctype, language, charset', () => {
    assert.match(readme, /^<!doctype html>/i);
    assert.match(readme, /<html lang="id">/);
    assert.match(readme, /<meta charset="utf-8">/);
  });

  for (const [label, path] of [['as written', '/'], ['even without its <meta charset> (decoded as windows-1252)', '/no-meta']] as const) {
    it(`shows ×, − and Rp correctly, ${label}`, async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${site.url}${path}`);
      await waitUntil('the display to go live', () => page.evaluate(() => document.querySelector('display-sync')?.getAttribute('status') === 'live'), 10_000);
      const bill = { bill_id: 'R1', bill_number: 'README-1', items: [{ id: 1, name: 'Kopi Susu', quantity: 2, unit_price: 18000, subtotal: 36000 }], subtotal: 36000, tax: 0, discount: 2000, total: 34000 };
      assert.equal((await postJson(`${hub.url}/api/customer-display/update-bill`, bill)).status, 200);
      const text = () => page.evaluate(() => document.querySelector('customer-display')!.shadowRoot!.querySelector('bill-panel')!.shadowRoot!.textContent!.replace(/\s+/g, ' '));
      await waitUntil('the bill', async () => (await text()).includes('README-1'));
      const shown = await text();
      assert.match(shown, /×2/);
      assert.match(shown, /−Rp\s2\.000/);
      assert.match(shown, /Rp\s34\.000/);
      assert.doesNotMatch(shown, /Ã|â/, 'no mojibake');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
