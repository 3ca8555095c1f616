/**
 * What the shop owner does on the admin API reaches an open display page without a reload:
 * a real hub (in process, on 127.0.0.1) with --config and --media, the screen in Chromium at
 * `/display/?lane=till-1`. Upload, replace, order change, rename and delete each change the
 * slideshow in place (same document: no navigation), and the service worker's offline
 * copy of the media follows (new files kept, deleted ones dropped).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { displayStatus, makeShop, shownSlide, slideList, slideSvg, type ShopFolder } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';

const ADMIN = 'admin-token-for-media-0002';
const API = '/api/customer-display';
const auth = { Authorization: `Bearer ${ADMIN}` };
const DIST = new URL('../../dist/', import.meta.url).pathname;

describe('admin media changes reach an open display without a reload', () => {
  let shop: ShopFolder;
  let hub: RunningHub;
  let browser: Browser;
  let page: Page;
  const navigations: string[] = [];

  const admin = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}${API}/admin/${path}`, { method, headers: { ...auth, ...headers }, body });
  const upload = async (name: string, svg: string) => assert.equal((await admin('PUT', `media/${name}`, svg, { 'Content-Type': 'image/svg+xml' })).status, 201);
  const slidesBecome = (expected: string[]) =>
    waitUntil(`slides ${expected.join(', ')}`, async () => JSON.stringify(await slideList(page)) === JSON.stringify(expected), 5000);
  /** The slides' URLs with their `?v=` versions. */
  const fullSources = () => page.evaluate(() => ((document.querySelector('customer-display') as unknown as { slides: { src: string }[] }).slides ?? []).map((slide) => slide.src));
  /** The URL of the image on screen, as the page wrote it. */
  const activeSource = () =>
    page.evaluate(() => document.querySelector('customer-display')?.shadowRoot?.querySelector('idle-slideshow')?.shadowRoot?.querySelector('img[data-slide=active]')?.getAttribute('src') ?? null);
  /** The media the service worker keeps for offline use now. */
  const offlineMedia = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const media = names.find((name) => name.includes('media'));
      if (!media) return [];
      return (await (await caches.open(media)).keys()).map((request) => new URL(request.url).pathname + new URL(request.url).search).sort();
    });

  before(async () => {
    assert.ok(existsSync(`${DIST}display-app/display-page.js`), 'dist/ is missing: run `npm run build` first (npm test does)');
    shop = await makeShop({ shopName: 'Toko Live', slideInterval: 60_000 }, { '01-kopi.svg': slideSvg('Kopi', '#7c2d12') });
    hub = await startHubServer({ port: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media } });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    await page.goto(`${hub.url}/display/?lane=till-1`);
    await waitUntil('the display to go live', async () => (await displayStatus(page)) === 'live', 10_000);
    await waitUntil('the first slide', async () => (await shownSlide(page)) === '/media/01-kopi.svg', 10_000);
    // A marker in the document: gone if the page ever reloads.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  const sameDocument = async () => {
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'the page was not reloaded');
    assert.equal(navigations.length, 1, navigations.join(' '));
  };

  it('an upload joins the slideshow (folder order, no slides list), the slide on screen stays', async () => {
    await upload('02-teh.svg', slideSvg('Teh', '#166534'));
    await slidesBecome(['/media/01-kopi.svg', '/media/02-teh.svg']);
    assert.equal(await shownSlide(page), '/media/01-kopi.svg', 'the show did not start over');
    await sameDocument();
  });

  it('an order change (the config slides list, saved with If-Match) reorders it in place', async () => {
    const read = (await (await admin('GET', 'config')).json()) as { config: Record<string, unknown>; etag: string };
    const saved = await admin('PUT', 'config', JSON.stringify({ ...read.config, slides: [{ src: '02-teh.svg' }, { src: '01-kopi.svg' }] }), { 'Content-Type': 'application/json', 'If-Match': read.etag });
    assert.equal(saved.status, 200);
    await slidesBecome(['/media/02-teh.svg', '/media/01-kopi.svg']);
    assert.equal(await shownSlide(page), '/media/01-kopi.svg');
    await sameDocument();
  });

  it('a rename and a replace: the list follows the new name, the replaced image is fetched anew', async () => {
    const renamed = await admin('PATCH', 'media/02-teh.svg', JSON.stringify({ name: 'teh-manis.svg' }), { 'Content-Type': 'application/json' });
    assert.equal(renamed.status, 200);
    await slidesBecome(['/media/teh-manis.svg', '/media/01-kopi.svg']);
    const before = await fullSources();
    await upload('01-kopi.svg', slideSvg('Kopi Susu', '#92400e'));
    // Same name, new version in its URL: the screen loads the new image (it is on screen now).
    await waitUntil('the replaced slide under a new URL', async () => (await fullSources())[1] !== before[1], 5000);
    assert.equal((await fullSources())[0], before[0], 'the other slide keeps its URL');
    await waitUntil('the new image on screen', async () => (await shownSlide(page)) === '/media/01-kopi.svg' && (await activeSource()) === (await fullSources())[1], 5000);
    await sameDocument();
  });

  it('a delete takes it out of the show (it was on screen: the show goes on with the next)', async () => {
    assert.equal((await admin('DELETE', 'media/01-kopi.svg')).status, 204);
    await slidesBecome(['/media/teh-manis.svg']);
    await waitUntil('the remaining slide on screen', async () => (await shownSlide(page)) === '/media/teh-manis.svg', 5000);
    await sameDocument();
  });

  it('the offline copy follows: the service worker keeps what is listed, drops what was deleted', async () => {
    const listed = await fullSources();
    assert.equal(listed.length, 1);
    await waitUntil('the offline media in line with the list', async () => JSON.stringify(await offlineMedia()) === JSON.stringify(listed), 5000);
  });
});
