/**
 * The display app's page carries the lane's state (`#display-initial-state`), so the first
 * bill is on screen before the stream says anything: the page's data, a hostile item name
 * kept as text, the bill with the stream blocked, no event applied twice, a stale page
 * replaced by the live bill, and the service worker keeping the page without the state.
 * Needs the build (`dist/`) and Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { createServer } from 'node:http';
import { createDisplayAppRoutes } from '../../src/hub/display-app/routes.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { INITIAL_STATE_ELEMENT_ID } from '../../src/protocol/initial-state.js';
import { launchChromium } from '../support/chromium.js';
import { billText, displayStatus } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
/** Closes the script element, runs code, opens a comment: must all stay the item's name. */
const HOSTILE = '</script><script>window.pwned=1</script><!-- <img src=x onerror="window.pwned=2"> & \u2028';

/** The JSON in the page's seed element, parsed as the browser would. */
function seedOf(html: string): { lane: string; lastEventId: string; events: Array<{ event: string; data: { items?: Array<{ name: string }> } }> } | null {
  const open = `<script type="application/json" id="${INITIAL_STATE_ELEMENT_ID}">`;
  const start = html.indexOf(open);
  if (start < 0) return null;
  const body = html.slice(start + open.length, html.indexOf('</script>', start));
  return JSON.parse(body);
}

describe('display app: the page carries the lane state (first bill without the stream)', () => {
  let hub: RunningHub;
  let browser: Browser;
  const pageErrors: string[] = [];
  const post = async (lane: string, path: string, body: unknown) => {
    const reply = await postJson(`${hub.url}${API}/${path}?lane=${lane}`, body);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  };

  /** A page that never reaches the stream: the bill it shows came from the page itself. */
  async function pageWithoutStream(): Promise<{ page: Page; streamAsked: () => number }> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setBypassServiceWorker(true);
    await page.setRequestInterception(true);
    let asked = 0;
    page.on('request', (request: HTTPRequest) => {
      if (request.url().includes(`${API}/stream`)) {
        asked++;
        void request.abort();
      } else void request.continue();
    });
    return { page, streamAsked: () => asked };
  }

  before(async () => {
    hub = await startHubServer({ port: 0, displayApp: {} });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('serves the lane state in the page, escaped: a hostile item name is data, not markup', async () => {
    await post('till-seed', 'update-bill', billWith(2, { items: [{ id: 1, name: HOSTILE, quantity: 1, unit_price: 1000, subtotal: 1000 }], total: 1000 }));
    const html = await (await fetch(`${hub.url}/display/?lane=till-seed`)).text();
    assert.equal((html.match(/<\/script>/g) ?? []).length, (html.match(/<script/g) ?? []).length, 'no element closed or opened by the data');
    assert.ok(!html.includes('window.pwned=1</script>'), 'the name is escaped');
    const seed = seedOf(html);
    assert.ok(seed, 'the page carries the lane state');
    assert.equal(seed.lane, 'till-seed');
    assert.match(seed.lastEventId, /^\d+/);
    assert.deepEqual(seed.events.map((event) => event.event), ['bill-update']);
    assert.equal(seed.events[0]!.data.items![0]!.name, HOSTILE, 'JSON.parse gives the exact name back');
    assert.equal(seedOf(await (await fetch(`${hub.url}/display/`)).text()), null, 'no lane, no state');
    assert.equal(seedOf(await (await fetch(`${hub.url}/display/?lane=..%2Fx`)).text()), null, 'an invalid lane, no state');
  });

  it('no state in the page when streams are private (the page is public)', async () => {
    const closed = await startHubServer({ port: 0, displayApp: {}, privateStreams: true });
    try {
      await postJson(`${closed.url}${API}/update-bill?lane=till-1`, billWith(1));
      assert.equal(seedOf(await (await fetch(`${closed.url}/display/?lane=till-1`)).text()), null);
    } finally {
      await closed.close();
    }
  });

  it('a store that does not answer (Redis away) costs the page its state, not its answer', async () => {
    const routes = createDisplayAppRoutes({ initialState: () => new Promise(() => {}) });
    const server = createServer((req, res) => void routes.handle(req, res)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const started = Date.now();
      const html = await (await fetch(`http://127.0.0.1:${port}/display/?lane=till-1`, { signal: AbortSignal.timeout(5000) })).text();
      assert.ok(Date.now() - started < 3000, 'answered without the state');
      assert.equal(seedOf(html), null);
      assert.match(html, /id="display-config"/);
    } finally {
      server.close();
    }
  });

  it('shows the bill with the stream blocked, the hostile name as text, nothing run', async () => {
    const { page, streamAsked } = await pageWithoutStream();
    try {
      await page.goto(`${hub.url}/display/?lane=till-seed`);
      await waitUntil('the bill from the page', async () => (await billText(page)).includes('window.pwned=1'), 10_000);
      await waitUntil('the stream asked for (and refused)', () => streamAsked() > 0);
      assert.match(await billText(page), /window\.pwned=1/, 'still on screen after the stream failed');
      assert.notEqual(await displayStatus(page), 'live', 'nothing came from the hub');
      assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, 'no script of the name ran');
      const injected = await page.evaluate(() => document.querySelector('customer-display')!.shadowRoot!.querySelector('bill-panel')!.shadowRoot!.querySelectorAll('img, script').length);
      assert.equal(injected, 0);
    } finally {
      await page.close();
    }
  });

  it('the stream resumes from the page state: no bill applied twice, the next one shown', async () => {
    await post('till-seed-2', 'update-bill', billWith(3, { bill_number: 'INV-SEED-A' }));
    const page = await browser.newPage();
    await page.setBypassServiceWorker(true);
    try {
      await page.goto(`${hub.url}/display/?lane=till-seed-2`);
      await waitUntil('live', async () => (await displayStatus(page)) === 'live', 10_000);
      assert.match(await billText(page), /INV-SEED-A/);
      const fromStream = () =>
        page.evaluate(() => (document.querySelector('display-sync') as unknown as { eventLog: Array<{ event: string }> }).eventLog.filter((e) => e.event === 'bill-update').length);
      assert.equal(await fromStream(), 0, 'the stream resumed after the page state: no snapshot bill again');
      const mode = await page.evaluate(() => (document.querySelector('display-sync') as unknown as { eventLog: Array<{ event: string; summary: string }> }).eventLog.find((e) => e.event === 'connected')?.summary ?? '');
      assert.match(mode, /resume/);
      await post('till-seed-2', 'update-bill', billWith(4, { bill_number: 'INV-SEED-B' }));
      await waitUntil('the next bill', async () => /INV-SEED-B/.test(await billText(page)));
      assert.equal(await fromStream(), 1);
    } finally {
      await page.close();
    }
  });

  for (const [name, stale] of [
    ['a page older than the last change (the hub resumes: the missed bill replaces it)', (html: string) => html],
    ['a page whose state the hub cannot resume from (a snapshot replaces it)', (html: string) => html.replace(/"lastEventId":"[^"]+"/, '"lastEventId":"1"')],
  ] as const) {
    it(`a stale page followed by the live stream shows the live bill: ${name}`, async () => {
      await post('till-stale', 'update-bill', billWith(2, { bill_number: 'INV-OLD' }));
      const old = stale(await (await fetch(`${hub.url}/display/?lane=till-stale`)).text());
      assert.match(JSON.stringify(seedOf(old)), /INV-OLD/);
      await post('till-stale', 'update-bill', billWith(5, { bill_number: 'INV-LIVE' }));
      const page = await browser.newPage();
      await page.setBypassServiceWorker(true);
      await page.setRequestInterception(true);
      page.on('request', (request: HTTPRequest) => {
        // The page as a cache kept it: the old state.
        if (request.isNavigationRequest()) void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: old });
        else void request.continue();
      });
      try {
        await page.goto(`${hub.url}/display/?lane=till-stale`);
        await waitUntil('live', async () => (await displayStatus(page)) === 'live', 10_000);
        await waitUntil('the live bill', async () => /INV-LIVE/.test(await billText(page)));
        assert.doesNotMatch(await billText(page), /INV-OLD/);
      } finally {
        await page.close();
      }
    });
  }

  it('the service worker keeps the page without the lane state (never shown as current offline)', async () => {
    await post('till-sw', 'update-bill', billWith(1, { bill_number: 'INV-SW' }));
    const page = await browser.newPage();
    try {
      await page.goto(`${hub.url}/display/?lane=till-sw`);
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.reload(); // now under the worker, which keeps what it fetched
      await waitUntil('the bill', async () => /INV-SW/.test(await billText(page)), 10_000);
      const kept = async () =>
        page.evaluate(async () => {
          const names = await caches.keys();
          for (const name of names.filter((n) => n.startsWith('display-shell-'))) {
            const response = await (await caches.open(name)).match(new URL('./', location.href).href);
            if (response) return response.text();
          }
          return '';
        });
      await waitUntil('the page kept', async () => /INV-SW|<body>/.test(await kept()), 10_000);
      await waitUntil('the kept page from this load', async () => (await kept()).includes('display-config'), 10_000);
      const html = await kept();
      assert.ok(!html.includes(INITIAL_STATE_ELEMENT_ID), 'no lane state in the kept page');
      assert.ok(!html.includes('INV-SW'));
    } finally {
      await page.close();
    }
    assert.deepEqual(pageErrors, []);
  });
});
