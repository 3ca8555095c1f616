/**
 * End to end, as a shop runs it: the built `display-hub` with `--config` and `--media`,
 * the screen opens `/display/?lane=till-1` in Chromium. Lanes, the offline reload from the
 * service worker's cache with the banner, going live again after a restart without a
 * reload, and a new image in the media folder on the next load.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { bannerText, billText, displayStatus, makeShop, RECORD_FIRST_PAINTS, shownSlide, slideList, slideSvg, type ShopFolder } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';

describe('display app end to end: display-hub --config --media → Chromium', () => {
  let browser: Browser;
  let page: Page;
  let hub: HubProcess;
  let shop: ShopFolder;
  let port: number;
  let blackhole: Server | undefined;
  const pageErrors: string[] = [];
  const profile = mkdtempSync(join(tmpdir(), 'display-profile-'));
  const start = () => startHubProcess(['--port', String(port), '--config', shop.config, '--media', shop.media, '--log-level', 'warn', '--allow-host', 'display.lan']);
  const openScreen = async () => {
    browser = await launchChromium({ userDataDir: profile });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.setViewport({ width: 1280, height: 800 });
  };
  /** Loads (or reloads) the screen and returns when its first slide and banner showed (ms since navigation start). */
  const loadAndMeasure = async (load: () => Promise<unknown>) => {
    await page.evaluateOnNewDocument(RECORD_FIRST_PAINTS);
    await load();
    await waitUntil('a slide and the banner', async () => page.evaluate(() => {
      const marks = (window as unknown as { displayMarks?: { slide?: number; banner?: number } }).displayMarks;
      return marks?.slide !== undefined && marks.banner !== undefined;
    }), 15_000);
    return page.evaluate(() => (window as unknown as { displayMarks: { slide: number; banner: number } }).displayMarks);
  };

  before(async () => {
    shop = await makeShop(
      { shopName: 'Toko Uji', tagline: 'Selalu segar', footer: 'Wi-Fi: TokoUji', logo: 'logo.svg', slideInterval: 60_000, lanes: { 'till-2': { theme: 'dark' } } },
      { 'logo.svg': slideSvg('L', '#0f766e'), '01-kopi.svg': slideSvg('Kopi', '#7c2d12'), '02-teh.svg': slideSvg('Teh', '#166534') },
    );
    port = await freePort();
    hub = await start();
    await openScreen();
  });

  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGKILL');
    blackhole?.close();
  });

  it('serves the page: the configured shop on lane till-1, slides from the media folder in name order', async () => {
    await page.goto(`${hub.url}/display/?lane=till-1`);
    await waitUntil('the display to go live', async () => (await displayStatus(page)) === 'live');
    assert.deepEqual(await slideList(page), ['/media/01-kopi.svg', '/media/02-teh.svg'], 'the logo is not a slide');
    await waitUntil('the first slide', async () => (await shownSlide(page)) === '/media/01-kopi.svg');
    const header = await page.evaluate(() => document.querySelector('customer-display')!.shadowRoot!.querySelector('[part=header]')!.textContent);
    assert.match(header!, /Toko Uji/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
  });

  it('follows the lane configuration, and ?theme=, ?lang=, ?debug over it', async () => {
    const screen = await browser.newPage();
    try {
      const attributes = () =>
        screen.evaluate(() => {
          const display = document.querySelector('customer-display')!;
          return { theme: display.getAttribute('theme'), lang: document.documentElement.lang, debug: display.hasAttribute('debug'), lane: document.querySelector('display-sync')!.getAttribute('lane') };
        });
      await screen.goto(`${hub.url}/display/?lane=till-2`);
      await waitUntil('the display', async () => (await displayStatus(screen)) === 'live');
      assert.deepEqual(await attributes(), { theme: 'dark', lang: 'id', debug: false, lane: 'till-2' });
      await screen.goto(`${hub.url}/display/?lane=till-2&theme=light&lang=en&debug`);
      await waitUntil('the display', async () => (await displayStatus(screen)) === 'live');
      assert.deepEqual(await attributes(), { theme: 'light', lang: 'en', debug: true, lane: 'till-2' });
      await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1, { bill_number: 'EN-0001', tax: 100 }));
      await waitUntil('the bill in English', async () => /EN-0001/.test(await billText(screen)));
      assert.match(await billText(screen), /Tax/, 'English words');
      await postJson(`${hub.url}${API}/clear?lane=till-2`, { reason: 'void' });
    } finally {
      await screen.close();
    }
  });

  it('shows a bill posted to its lane, and not one posted to another lane', async () => {
    await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1, { bill_number: 'OTHER-LANE' }));
    await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(2, { bill_number: 'TILL1-0001' }));
    await waitUntil('the till-1 bill', async () => (await billText(page)).includes('TILL1-0001'));
    assert.doesNotMatch(await billText(page), /OTHER-LANE/);
    await postJson(`${hub.url}${API}/clear?lane=till-1`, { reason: 'void' });
    await waitUntil('idle again', async () => (await page.evaluate(() => document.querySelector('display-sync')!.getAttribute('phase'))) === 'idle');
  });

  it('keeps page, bundle, configuration and media in the service worker cache', async () => {
    await waitUntil(
      'the offline copy',
      async () =>
        page.evaluate(async () => {
          const keys = await caches.keys();
          const shell = keys.find((name) => name.startsWith('display-shell-'));
          const media = await (await caches.open('display-media-v1')).keys();
          if (!shell) return false;
          const urls = [...(await (await caches.open(shell)).keys()), ...media].map((r) => new URL(r.url).pathname);
          return ['/display/', '/display/config.json', '/display/customer-display.js', '/media/01-kopi.svg', '/media/02-teh.svg'].every((p) => urls.includes(p));
        }),
      10_000,
    );
  });

  it('reloads with the hub down: the slides from the cache and the connection banner', async () => {
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
    const marks = await loadAndMeasure(() => page.reload());
    await waitUntil('the connection banner', async () => /Koneksi terputus/.test(await bannerText(page)), 10_000);
    assert.equal(await shownSlide(page), '/media/01-kopi.svg');
    const header = await page.evaluate(() => document.querySelector('customer-display')!.shadowRoot!.querySelector('[part=header]')!.textContent);
    assert.match(header!, /Toko Uji/, 'the cached configuration');
    console.log(`# reload with the hub down: slide on screen after ${marks.slide.toFixed(0)} ms, banner after ${marks.banner.toFixed(0)} ms ("${await bannerText(page)}")`);
  });

  it('answers Range requests for cached media with the hub down: a suffix range is the last bytes, not the first', async () => {
    // (No named functions inside evaluate: the test's transpiler would wrap them in a helper the page lacks.)
    const ranges = await page.evaluate(async () => {
      const whole = await (await fetch('/media/01-kopi.svg')).text();
      const [suffix, middle, beyond] = await Promise.all(
        ['bytes=-10', 'bytes=5-14', `bytes=${whole.length + 5}-`].map(async (range) => {
          const response = await fetch('/media/01-kopi.svg', { headers: { Range: range } });
          return { status: response.status, contentRange: response.headers.get('content-range'), body: await response.text() };
        }),
      );
      return { whole, suffix: suffix!, middle: middle!, beyond: beyond! };
    });
    const size = ranges.whole.length;
    assert.ok(size > 20, 'the cached slide');
    assert.deepEqual(ranges.suffix, { status: 206, contentRange: `bytes ${size - 10}-${size - 1}/${size}`, body: ranges.whole.slice(-10) });
    assert.deepEqual(ranges.middle, { status: 206, contentRange: `bytes 5-14/${size}`, body: ranges.whole.slice(5, 15) });
    assert.equal(ranges.beyond.status, 416);
  });

  it('boots with the hub down (the browser starts afresh, as after a power cut): the cached slides and the banner', async () => {
    await browser.close();
    await openScreen();
    const marks = await loadAndMeasure(() => page.goto(`http://127.0.0.1:${port}/display/?lane=till-1`));
    assert.equal(await shownSlide(page), '/media/01-kopi.svg');
    await waitUntil('the connection banner', async () => /Koneksi terputus/.test(await bannerText(page)), 10_000);
    console.log(`# browser started with the hub down: slide on screen after ${marks.slide.toFixed(0)} ms, banner after ${marks.banner.toFixed(0)} ms`);
  });

  it('goes live by itself when the hub is back, and shows the next bill without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    hub = await start();
    await waitUntil('live again', async () => (await displayStatus(page)) === 'live', 15_000);
    await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1, { bill_number: 'AFTER-RESTART' }));
    await waitUntil('the new bill', async () => (await billText(page)).includes('AFTER-RESTART'));
    assert.deepEqual(navigations, [], 'no reload');
    await postJson(`${hub.url}${API}/clear?lane=till-1`, { reason: 'void' });
  });

  it('shows a new image of the media folder after the next load, and drops a removed one', async () => {
    await writeFile(join(shop.media, '00-baru.svg'), slideSvg('Baru', '#1d4ed8'));
    await page.reload();
    await waitUntil('the new slide list', async () => (await slideList(page))[0] === '/media/00-baru.svg');
    await waitUntil('the new image on screen', async () => (await shownSlide(page)) === '/media/00-baru.svg');
    await unlink(join(shop.media, '02-teh.svg'));
    await page.reload();
    await waitUntil('the shorter slide list', async () => (await slideList(page)).join() === '/media/00-baru.svg,/media/01-kopi.svg');
    assert.deepEqual(pageErrors, []);
  });

  it('works without a service worker on plain HTTP on the LAN (no secure context), as a page did before', async () => {
    const lan = await launchChromium({ args: ['--host-resolver-rules=MAP display.lan 127.0.0.1'] });
    try {
      const screen = await lan.newPage();
      await screen.goto(`http://display.lan:${port}/display/?lane=till-1`);
      await waitUntil('live on the LAN name', async () => (await displayStatus(screen)) === 'live', 10_000);
      assert.equal(await screen.evaluate(() => window.isSecureContext), false);
      assert.equal(await screen.evaluate(async () => (await navigator.serviceWorker?.getRegistrations())?.length ?? 0), 0);
      await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1, { bill_number: 'LAN-0001' }));
      await waitUntil('the bill on the LAN screen', async () => (await billText(screen)).includes('LAN-0001'));
    } finally {
      await lan.close();
    }
  });

  it('the kiosk-browser alternative to TLS: a LAN origin Chromium treats as secure keeps the offline copy', async () => {
    const origin = `http://display.lan:${port}`;
    const kiosk = await launchChromium({ args: ['--host-resolver-rules=MAP display.lan 127.0.0.1', `--unsafely-treat-insecure-origin-as-secure=${origin}`] });
    try {
      const screen = await kiosk.newPage();
      await screen.goto(`${origin}/display/?lane=till-1`);
      await waitUntil('live', async () => (await displayStatus(screen)) === 'live', 10_000);
      assert.equal(await screen.evaluate(() => window.isSecureContext), true);
      await waitUntil('the service worker', () => screen.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.active), 10_000);
    } finally {
      await kiosk.close();
    }
  });

  it('reloads while the hub machine accepts connections but never answers: the cached slides after the worker gives up on it', async () => {
    hub.child.kill('SIGTERM');
    await hub.exited;
    blackhole = createServer(() => {}); // accepts, never replies
    await new Promise<void>((resolve) => blackhole!.listen(port, '127.0.0.1', resolve));
    const marks = await loadAndMeasure(() => page.reload());
    assert.equal(await shownSlide(page), '/media/00-baru.svg', 'the newest cached configuration and media');
    console.log(`# reload with a hung hub: slide on screen after ${marks.slide.toFixed(0)} ms, banner after ${marks.banner.toFixed(0)} ms ("${await bannerText(page)}")`);
    blackhole.closeAllConnections();
    await new Promise((resolve) => blackhole!.close(resolve));
    blackhole = undefined;
  });
});

describe('display app offline copy: bounded and versioned', () => {
  it('keeps media within offlineCacheMB, and replaces the cached bundle (and its cache) when a new one is served', async () => {
    const assets = mkdtempSync(join(tmpdir(), 'display-assets-'));
    cpSync(new URL('../../dist/customer-display.js', import.meta.url).pathname, join(assets, 'customer-display.js'));
    cpSync(new URL('../../dist/display-app', import.meta.url).pathname, join(assets, 'display-app'), { recursive: true });
    const big = (caption: string) => slideSvg(caption, '#334155').replace('</svg>', `<!-- ${'x'.repeat(450 * 1024)} --></svg>`);
    const shop = await makeShop({ offlineCacheMB: 1 }, { 'a.svg': big('A'), 'b.svg': big('B'), 'c.svg': big('C') });
    const hub = await startHubServer({ port: 0, displayApp: { configFile: shop.config, mediaDir: shop.media, assetDir: assets } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${hub.url}/display/`);
      const mediaCache = () =>
        page.evaluate(async () => {
          const cache = await caches.open('display-media-v1');
          const requests = await cache.keys();
          const sizes = await Promise.all(requests.map(async (r) => (await (await cache.match(r))!.blob()).size));
          return { count: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0), files: requests.map((r) => new URL(r.url).pathname).sort() };
        });
      // The worker stores media one file at a time, in order, while they fit: a and b, not c.
      await waitUntil('the media cache filled', async () => (await mediaCache()).count === 2 && (await page.evaluate(() => !!navigator.serviceWorker.controller)), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more arrives
      const stored = await mediaCache();
      assert.deepEqual(stored.files, ['/media/a.svg', '/media/b.svg'], 'the first files that fit');
      assert.ok(stored.bytes <= 1024 * 1024, `${stored.bytes} bytes kept for a 1 MB bound`);

      const shells = () => page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('display-shell-')));
      const [first] = await shells();
      await writeFile(join(assets, 'customer-display.js'), `${await readFile(join(assets, 'customer-display.js'), 'utf8')}\n/* release 2 */`);
      await page.reload();
      await waitUntil('a new worker with its own cache, the old one gone', async () => {
        const now = await shells();
        return now.length === 1 && now[0] !== first;
      }, 15_000);
      const cachedBundle = await page.evaluate(async () => (await (await caches.match('/display/customer-display.js'))!.text()).slice(-20));
      assert.match(cachedBundle, /release 2/);
    } finally {
      await browser.close();
      await hub.close();
    }
  });
});
