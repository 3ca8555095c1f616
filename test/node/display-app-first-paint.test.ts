/**
 * The display app's page carries the first bill as HTML (`first-paint.ts`): on screen at the
 * first paint, before any script. Which states get a copy, text kept as text, the copy as the
 * browser shows it with no script at all, the live display taking over with the same text, and
 * the copy hiding itself when no script ever runs (never an old bill left on screen).
 * Needs the build (`dist/`) and Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { firstPaintHtml } from '../../src/hub/display-app/first-paint.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { FIRST_PAINT_ELEMENT_ID, FIRST_PAINT_END, FIRST_PAINT_START, type DisplaySeed } from '../../src/protocol/initial-state.js';
import { launchChromium } from '../support/chromium.js';
import { firefox, webkit } from '../support/engines.js';
import { billText, displayStatus } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
/** Would end the copy, open markup or run code if it were not escaped. */
const HOSTILE = `${FIRST_PAINT_END}</template><img src=x onerror="window.pwned=1"><script>window.pwned=2</script> & "q"`;

const seedOf = (...events: Array<[string, unknown]>): DisplaySeed => ({ lane: 'till-1', lastEventId: '7', events: events.map(([event, data]) => ({ event, data })) });
const bill = billWith(3, { bill_number: 'INV-FP' });

describe('display app: the first bill as HTML in the page', () => {
  describe('which states the hub renders', () => {
    it('a bill with lines: its lines and total, in the shop currency and words', () => {
      const html = firstPaintHtml(seedOf(['bill-update', bill]), { screen: { shopName: 'Warung', locale: 'en-US', currency: 'USD' }, lang: 'en', theme: 'dark' });
      assert.ok(html.startsWith(FIRST_PAINT_START) && html.endsWith(FIRST_PAINT_END));
      assert.match(html, /shadowrootmode="open"/);
      assert.match(html, new RegExp(`id="${FIRST_PAINT_ELEMENT_ID}" theme="dark" lang="en"`));
      assert.match(html, /Your order/);
      assert.match(html, /INV-FP/);
      assert.match(html, /Warung/);
      const total = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format((bill as { total: number }).total);
      assert.ok(html.includes(total), `the total as ${total}`);
    });

    it('the totals as the bill panel shows them: no subtotal or tax row for a bill posted with its total only', () => {
      const totalOnly = { bill_id: 'B-T', items: [{ id: 1, name: 'Kopi', quantity: 1, unit_price: 18000, subtotal: 18000 }], total: 18000 };
      const html = firstPaintHtml(seedOf(['bill-update', totalOnly]), { screen: {} });
      assert.doesNotMatch(html, /Subtotal|Pajak/);
      assert.match(html, /Total<\/dt><dd>Rp\s18\.000/);
      assert.match(firstPaintHtml(seedOf(['bill-update', bill]), { screen: {} }), /Subtotal<\/dt>.*Pajak<\/dt>/);
    });

    it('nothing when the display would not show the bill: no lines, a payment, a payment dialog, no seed', () => {
      const settings = { screen: {} };
      assert.equal(firstPaintHtml(seedOf(['bill-update', billWith(0)]), settings), '');
      assert.equal(firstPaintHtml(seedOf(['bill-update', bill], ['payment-update', { status: 'pending', method: 'qris', amount: 1 }]), settings), '');
      assert.equal(firstPaintHtml(seedOf(['bill-update', bill], ['modal-show', { modal_type: 'payment', html: '<p>x</p>' }]), settings), '');
      assert.equal(firstPaintHtml(seedOf(['bill-update', { items: 'not a bill' }]), settings), '');
      assert.equal(firstPaintHtml(null, settings), '');
      assert.notEqual(firstPaintHtml(seedOf(['bill-update', bill], ['payment-update', { status: 'cancelled', method: 'qris', amount: 1 }]), settings), '', 'a cancelled payment leaves the bill');
    });

    it('names, notes, settings are text: nothing in them ends the copy or makes markup', () => {
      const hostileBill = billWith(1, { bill_number: HOSTILE, items: [{ id: 1, name: HOSTILE, notes: HOSTILE, quantity: 1, unit_price: 5, subtotal: 5 }], total: 5 });
      const html = firstPaintHtml(seedOf(['bill-update', hostileBill]), { screen: { shopName: HOSTILE, tagline: HOSTILE, footer: HOSTILE, logo: `x" onerror="window.pwned=3` } });
      assert.equal(html.split(FIRST_PAINT_END).length, 2, 'one end mark: the last thing');
      assert.doesNotMatch(html, /<img src=x|<script/);
      assert.match(html, /&lt;img src=x onerror="window\.pwned=1"&gt;/, 'the name as text');
      assert.match(html, /src="x&quot; onerror=&quot;window\.pwned=3"/);
    });
  });

  describe('in Chromium', () => {
    let hub: RunningHub;
    let browser: Browser;
    const pageErrors: string[] = [];

    before(async () => {
      hub = await startHubServer({ port: 0, displayApp: {} });
      browser = await launchChromium();
      const posted = await postJson(`${hub.url}${API}/update-bill?lane=till-fp`, billWith(25, { bill_number: 'INV-FP-25' }));
      assert.equal(posted.status, 200);
      const hostile = await postJson(`${hub.url}${API}/update-bill?lane=till-hostile`, billWith(1, { items: [{ id: 1, name: HOSTILE, quantity: 1, unit_price: 5, subtotal: 5 }], total: 5 }));
      assert.equal(hostile.status, 200);
    });

    after(async () => {
      await browser?.close();
      await hub?.close();
    });

    /** A page whose scripts never load (a broken bundle, an engine they fail in): only the hub's HTML. */
    async function pageWithoutScripts(): Promise<Page> {
      const page = await browser.newPage();
      await page.setBypassServiceWorker(true);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => void (request.resourceType() === 'script' || request.url().includes(`${API}/stream`) ? request.abort() : request.continue()));
      return page;
    }

    /** The bill's text as shown: header, lines from the oldest, totals (the copy keeps its lines newest first). */
    const shownBill = (page: Page, which: 'copy' | 'live') =>
      page.evaluate(
        (id, which) => {
          // No named functions in here: the test's compiler would wrap them in a helper the page lacks.
          // Spaces are left out: the live template has line breaks between elements where the copy has none.
          const host = which === 'copy' ? document.getElementById(id)?.shadowRoot?.querySelector('.first-paint-bill') : document.querySelector('customer-display')?.shadowRoot?.querySelector('bill-panel');
          const root = host?.shadowRoot;
          const lines = [...(root?.querySelectorAll('.item') ?? [])].map((line) => (line.textContent ?? '').replace(/\s+/g, ''));
          return {
            header: (root?.querySelector('.header')?.textContent ?? '').replace(/\s+/g, ''),
            lines: which === 'copy' ? lines.reverse() : lines,
            totals: (root?.querySelector('.totals')?.textContent ?? '').replace(/\s+/g, ''),
          };
        },
        FIRST_PAINT_ELEMENT_ID,
        which,
      );
    const copyText = async (page: Page) => {
      const { header, lines, totals } = await shownBill(page, 'copy');
      return [header, ...lines, totals].join(' ');
    };

    it('with no script at all the bill is on screen, its newest line in view, the hostile name as text', async () => {
      const page = await pageWithoutScripts();
      try {
        await page.setViewport({ width: 1280, height: 800 });
        await page.goto(`${hub.url}/display/?lane=till-fp`);
        assert.match(await copyText(page), /INV-FP-25/);
        const newest = await page.evaluate((id) => {
          const panel = document.getElementById(id)!.shadowRoot!.querySelector('.first-paint-bill')!.shadowRoot!;
          const list = panel.querySelector('.items')!.getBoundingClientRect();
          const lines = [...panel.querySelectorAll('.item')].map((item) => ({ name: item.querySelector('.name')!.textContent, box: item.getBoundingClientRect() }));
          return { list: { top: list.top, bottom: list.bottom }, first: lines.find((line) => line.name === 'Item 1')!.box.toJSON(), last: lines.find((line) => line.name === 'Item 25')!.box.toJSON() };
        }, FIRST_PAINT_ELEMENT_ID);
        assert.ok(newest.last.bottom <= newest.list.bottom + 1 && newest.last.top >= newest.list.top, 'the newest line is in the list');
        assert.ok(newest.first.bottom <= newest.list.top + 1, 'the oldest lines are clipped above, as the live list scrolls them');

        await page.goto(`${hub.url}/display/?lane=till-hostile`);
        assert.ok((await copyText(page)).includes(HOSTILE.replace(/\s+/g, '')), 'the name shown as text');
        assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
      } finally {
        await page.close();
      }
    });

    it('hides itself when no script removes it: an old bill never stays on screen', async () => {
      const page = await pageWithoutScripts();
      try {
        await page.goto(`${hub.url}/display/?lane=till-fp`);
        const visibility = (at: number) =>
          page.evaluate(
            (id, time) => {
              const copy = document.getElementById(id)!;
              for (const animation of copy.getAnimations()) {
                animation.pause();
                animation.currentTime = time;
              }
              return getComputedStyle(copy).visibility;
            },
            FIRST_PAINT_ELEMENT_ID,
            at,
          );
        assert.equal(await visibility(1000), 'visible');
        assert.equal(await visibility(20_000), 'hidden');
      } finally {
        await page.close();
      }
    });

    for (const engine of [firefox, webkit]) {
      it(`${engine.name}: the page's bill, then the live display in its place`, { skip: engine.missing }, async () => {
        const page = await engine.open();
        try {
          await page.goto(`${hub.url}/display/?lane=till-fp`);
          const deadline = Date.now() + 20_000;
          const state = `({ copy: !!document.getElementById(${JSON.stringify(FIRST_PAINT_ELEMENT_ID)}), live: ((document.querySelector('customer-display')?.shadowRoot?.querySelector('bill-panel')?.shadowRoot?.textContent) || '').includes('INV-FP-25') })`;
          let seen = await page.run<{ copy: boolean; live: boolean }>(state);
          while ((seen.copy || !seen.live) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            seen = await page.run<{ copy: boolean; live: boolean }>(state);
          }
          assert.deepEqual(seen, { copy: false, live: true }, `${page.version}: the live bill shown and the copy removed`);
        } finally {
          await page.close();
        }
      });
    }

    it('the live display takes over with the same text, and the copy is gone', async () => {
      const page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.setBypassServiceWorker(true);
      try {
        await page.setViewport({ width: 1280, height: 800 });
        const noScripts = await pageWithoutScripts();
        await noScripts.goto(`${hub.url}/display/?lane=till-fp`);
        const copied = await shownBill(noScripts, 'copy');
        await noScripts.close();
        assert.equal(copied.lines.length, 25);

        await page.goto(`${hub.url}/display/?lane=till-fp`);
        await waitUntil('live', async () => (await displayStatus(page)) === 'live', 10_000);
        await waitUntil('the copy removed', async () => !(await page.evaluate((id) => !!document.getElementById(id), FIRST_PAINT_ELEMENT_ID)), 5000);
        assert.match(await billText(page), /INV-FP-25/);
        assert.deepEqual(await shownBill(page, 'live'), copied, 'the copy says what the live display says');
      } finally {
        await page.close();
      }
      assert.deepEqual(pageErrors, []);
    });
  });
});
