/**
 * The stream the loader opens ahead of the bundle, on a real page: docs/drop-in.md's kind of
 * page (the auto loader, a `<display-sync>` written in the HTML) in Chromium, a real hub (the
 * built CLI), and the bundle held back by the page's server until the test lets it go. The
 * hub counts the page's stream while the bundle is still held; a bill posted meanwhile is the
 * one shown (no frame ever shows the one before it); the display then lives on that same stream (one
 * connection at the hub, later posts shown), and a page whose `<display-sync>` the loader
 * must not open for (pairing) opens nothing early.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { djangoBill } from '../../src/scenarios/index.js';
import { launchChromium } from '../support/chromium.js';
import { waitUntil } from '../support/display-page.js';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const DIST = new URL('../../dist/', import.meta.url).pathname;

const pageHtml = (hub: string, syncAttributes: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="customer-display.auto.js" defer></script></head>
<body><display-sync src="${hub}" ${syncAttributes}><customer-display shop-name="Warung"></customer-display></display-sync></body></html>`;

/** Serves the page and dist/; `customer-display.js` only once `release()` is called. */
async function pageServer(pages: Record<string, string>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    requested.push(path);
    if (pages[path]) return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[path]);
    if (!/^\/customer-display[\w.-]*\.js$/.test(path)) return void response.writeHead(404).end();
    const send = () => response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(`${DIST}${path.slice(1)}`));
    if (path === '/customer-display.js') void released.then(send);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, release, requested, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('the loader opens the display stream while the bundle loads', () => {
  let hub: HubProcess;
  let browser: Browser;

  before(async () => {
    hub = await startHubProcess(['--log-level', 'warn']);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGKILL');
  });

  const clients = async () => ((await (await fetch(`${hub.url}${API}/health`)).json()) as { clients: number }).clients;
  const postBill = (lane: string, number: string, item: string) => postJson(`${hub.url}${API}/update-bill?lane=${lane}`, djangoBill(number, [{ id: 1, name: item, price: 1000 }]));
  /** The text of the bill on screen, through the shadow roots. */
  const screenText = async (page: Page) =>
    (await page.evaluate(`(() => {
      const text = (root) => [...root.querySelectorAll('*')].map((element) => (element.shadowRoot ? text(element.shadowRoot) : '')).join(' ') + (root instanceof ShadowRoot ? root.textContent : '');
      return text(document);
    })()`)) as string;

  it('the hub has the stream before the bundle arrives; the newest bill is shown, on that one stream', async () => {
    await postBill('early', 'INV-OLD', 'Teh Tawar');
    const site = await pageServer({ '/page.html': pageHtml(hub.url, 'lane="early"') });
    const page = await browser.newPage();
    // Every frame's text, from the first: whether the older bill was ever on screen; and every
    // EventSource the page creates (one: the loader's, taken over; a display that opened its own
    // after the early one closed would leave the hub's count at 1 too).
    await page.evaluateOnNewDocument(`window.framesWithOld = 0;
      window.streamsOpened = 0;
      const PageEventSource = window.EventSource;
      window.EventSource = class extends PageEventSource { constructor(url, init) { super(url, init); window.streamsOpened++; } };
      const text = (root) => [...root.querySelectorAll('*')].map((element) => (element.shadowRoot ? text(element.shadowRoot) : '')).join(' ') + (root instanceof ShadowRoot ? root.textContent : '');
      const look = () => { if (text(document).includes('Teh Tawar')) window.framesWithOld++; requestAnimationFrame(look); };
      requestAnimationFrame(look);`);
    try {
      await page.goto(`${site.url}/page.html`, { waitUntil: 'domcontentloaded' });
      await waitUntil('the loader opened the stream', async () => (await clients()) === 1, 5000);
      assert.equal(await page.evaluate(() => customElements.get('display-sync')), undefined, 'the bundle has not run yet');
      // A newer bill while the bundle is held: what the stream delivers, in order, before the display exists.
      await postBill('early', 'INV-NEW', 'Kopi Susu');
      await new Promise((resolve) => setTimeout(resolve, 200));
      site.release();
      await waitUntil('the newest bill on screen', async () => (await screenText(page)).includes('Kopi Susu'), 10_000);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { framesWithOld: number }).framesWithOld), 0, 'no frame ever showed the bill before it');
      assert.equal(await page.evaluate(() => document.querySelector('display-sync')!.getAttribute('status')), 'live');
      assert.equal(await clients(), 1, 'the display took the stream over: still one connection');
      assert.equal(await page.evaluate(() => (window as unknown as { streamsOpened: number }).streamsOpened), 1, 'the page opened one stream in all: the loader\'s');
      await postBill('early', 'INV-NEXT', 'Roti Bakar');
      await waitUntil('a later bill on screen', async () => (await screenText(page)).includes('Roti Bakar'), 5000);
      assert.equal(await clients(), 1);
    } finally {
      await page.close();
      await site.close();
    }
    await waitUntil('the page closed its stream', async () => (await clients()) === 0, 5000);
  });

  it('the hub killed (kill -9) while the bundle is held, restarted from its state file, a newer bill posted: that one is shown, no frame shows the older', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'early-stream-'));
    const stateFile = join(folder, 'state.json');
    let crashing = await startHubProcess(['--state-file', stateFile, '--log-level', 'warn']);
    const post = (number: string, item: string) => postJson(`${crashing.url}${API}/update-bill?lane=crash`, djangoBill(number, [{ id: 1, name: item, price: 1000 }]));
    const site = await pageServer({ '/crash.html': pageHtml(crashing.url, 'lane="crash" reconnect-delay="50" max-reconnect-delay="400"') });
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(`window.framesWithOld = 0;
      const text = (root) => [...root.querySelectorAll('*')].map((element) => (element.shadowRoot ? text(element.shadowRoot) : '')).join(' ') + (root instanceof ShadowRoot ? root.textContent : '');
      const look = () => { if (text(document).includes('Teh Tawar')) window.framesWithOld++; requestAnimationFrame(look); };
      requestAnimationFrame(look);`);
    try {
      await post('INV-OLD', 'Teh Tawar');
      await page.goto(`${site.url}/crash.html`, { waitUntil: 'domcontentloaded' });
      const health = async () => ((await (await fetch(`${crashing.url}${API}/health`)).json()) as { clients: number }).clients;
      await waitUntil('the loader opened the stream (it holds the older bill)', async () => (await health()) === 1, 5000);
      crashing.child.kill('SIGKILL');
      await crashing.exited;
      crashing = await startHubProcess(['--port', String(crashing.port), '--state-file', stateFile, '--log-level', 'warn']);
      await post('INV-NEW', 'Kopi Susu');
      site.release();
      await waitUntil('the newest bill on screen', async () => (await screenText(page)).includes('Kopi Susu'), 10_000);
      assert.equal(await page.evaluate(() => (window as unknown as { framesWithOld: number }).framesWithOld), 0, 'no frame ever showed the bill from before the crash');
    } finally {
      await page.close();
      await site.close();
      crashing.child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a pairing display opens nothing early: its lane comes from the pairing', async () => {
    const site = await pageServer({ '/pairing.html': pageHtml(hub.url, 'pairing') });
    const page = await browser.newPage();
    try {
      await page.goto(`${site.url}/pairing.html`, { waitUntil: 'domcontentloaded' });
      await waitUntil('the loader ran', () => site.requested.includes('/customer-display.js'), 5000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await clients(), 0, 'no lane stream before the bundle');
      site.release();
    } finally {
      await page.close();
      await site.close();
    }
  });
});
