/**
 * Schedules end to end: a real hub with a `display-hub.json` holding a scheduled slide, sleep
 * hours and the shop's time zone; the display page in Chromium with its clock set a few
 * seconds before a boundary (Date replaced before the page's scripts run; timers stay real,
 * so the page must wake at the boundary by itself). The slide shows and hides at the shop's
 * local times, sleep dims the screen, a posted bill wakes it and clearing puts it back to sleep.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { billText, displayStatus, makeShop, slideSvg } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
/** `2026-12-07` is a Monday; Jakarta is UTC+7 all year. */
const jakarta = (day: string, time: string) => Date.parse(`${day}T${time}+07:00`);

/** Installed before the page's scripts: its clock starts at `start` and runs at normal speed. */
const fakeClockScript = (start: number) => `(() => {
  const RealDate = Date;
  const offset = ${start} - RealDate.now();
  class ShopDate extends RealDate {
    constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
    static now() { return RealDate.now() + offset; }
  }
  window.Date = ShopDate;
})();`;

/** What the screen shows now, with the page's own idea of the time. */
const screen = (page: Page) =>
  page.evaluate(() => {
    const display = document.querySelector('customer-display')!;
    const show = display.shadowRoot!.querySelector('idle-slideshow') as (HTMLElement & { count: number; running: boolean }) | null;
    // (An <idle-slideshow> just rendered may not have its shadow root yet.)
    const slides = show?.shadowRoot ? [...show.shadowRoot.querySelectorAll('.slides > img')].map((img) => new URL((img as HTMLImageElement).src).pathname) : [];
    const dim = display.shadowRoot!.querySelector('[part=sleep]');
    return {
      now: new Date().getTime(),
      slides,
      welcome: !!display.shadowRoot!.querySelector('.welcome'),
      sleeping: display.hasAttribute('sleeping'),
      dimmed: dim ? getComputedStyle(dim).backgroundColor : null,
      running: show?.running ?? false,
    };
  });

describe('schedules end to end: real hub, display page in Chromium with the shop clock faked', { timeout: 120_000 }, () => {
  let hub: Awaited<ReturnType<typeof startHubServer>>;
  let browser: Browser;

  before(async () => {
    const shop = await makeShop(
      {
        shopName: 'Warung Pagi',
        timeZone: 'Asia/Jakarta',
        slideInterval: 60_000,
        slides: [{ src: 'breakfast.svg', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' }, { src: 'always.svg' }],
        sleep: { from: '22:00', to: '05:00' },
      },
      { 'breakfast.svg': slideSvg('Sarapan', '#b45309'), 'always.svg': slideSvg('Kopi', '#7c2d12') },
    );
    hub = await startHubServer({ port: 0, heartbeatMs: 0, displayApp: { configFile: shop.config, mediaDir: shop.media } });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  /** A screen on lane till-1 whose clock reads `start` when the page loads. */
  async function openAt(start: number): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.evaluateOnNewDocument(fakeClockScript(start));
    await page.goto(`${hub.url}/display/?lane=till-1`);
    await waitUntil('the display to go live', async () => (await displayStatus(page)) === 'live');
    return page;
  }

  it('serves the schedule and the shop’s time zone to the page', async () => {
    const served = (await (await fetch(`${hub.url}/display/config.json`)).json()) as { timeZone: string; sleep: unknown; slides: unknown[] };
    assert.equal(served.timeZone, 'Asia/Jakarta');
    assert.deepEqual(served.sleep, { from: '22:00', to: '05:00' });
    // The hub names each media file's version in its URL (`?v=`, so a replaced upload is a new URL).
    const first = served.slides[0] as { src: string };
    assert.match(first.src, /^\/media\/breakfast\.svg\?v=[0-9a-z]+-[0-9a-z]+$/);
    assert.deepEqual({ ...first, src: first.src.split('?')[0] }, { src: '/media/breakfast.svg', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' });
  });

  it('the breakfast slide appears at 06:00 and goes at 11:00 Jakarta time, and not on Saturday', async () => {
    /** The slideshow is a chunk of its own: wait until it shows something. */
    const showing = async (page: Page) => {
      await waitUntil('the slideshow', async () => (await screen(page)).slides.length > 0, 5000);
      return screen(page);
    };
    const page = await openAt(jakarta('2026-12-07', '05:59:54'));
    try {
      const before = await showing(page);
      assert.ok(before.now < jakarta('2026-12-07', '06:00:00'), 'still before 06:00 on the page');
      assert.deepEqual(before.slides, ['/media/always.svg']);
      await waitUntil('the breakfast slide at 06:00', async () => (await screen(page)).slides.includes('/media/breakfast.svg'), 10_000);
      const after = await screen(page);
      assert.ok(after.now >= jakarta('2026-12-07', '06:00:00') && after.now < jakarta('2026-12-07', '06:00:02'), `shown at ${new Date(after.now).toISOString()}`);
      assert.deepEqual(after.slides.sort(), ['/media/always.svg', '/media/breakfast.svg']);
    } finally {
      await page.close();
    }
    const late = await openAt(jakarta('2026-12-07', '10:59:54'));
    try {
      const morning = await showing(late);
      assert.ok(morning.now < jakarta('2026-12-07', '11:00:00'));
      assert.deepEqual(morning.slides.sort(), ['/media/always.svg', '/media/breakfast.svg']);
      await waitUntil('the breakfast slide gone at 11:00', async () => !(await screen(late)).slides.includes('/media/breakfast.svg'), 10_000);
      assert.ok((await screen(late)).now >= jakarta('2026-12-07', '11:00:00'));
    } finally {
      await late.close();
    }
    const saturday = await openAt(jakarta('2026-12-12', '08:00:00'));
    try {
      assert.deepEqual((await showing(saturday)).slides, ['/media/always.svg']);
    } finally {
      await saturday.close();
    }
  });

  it('sleeps at 22:00 (dimmed, slideshow stopped), a posted bill wakes it, clearing puts it back to sleep', async () => {
    const page = await openAt(jakarta('2026-12-07', '21:59:55'));
    try {
      await waitUntil('the slideshow running', async () => (await screen(page)).running, 3000);
      const awake = await screen(page);
      assert.ok(awake.now < jakarta('2026-12-07', '22:00:00'), 'still before 22:00 on the page');
      assert.equal(awake.sleeping, false);
      await waitUntil('asleep at 22:00', async () => (await screen(page)).sleeping, 10_000);
      const asleep = await screen(page);
      assert.ok(asleep.now >= jakarta('2026-12-07', '22:00:00'), 'not before the hour');
      assert.equal(asleep.dimmed, 'rgba(0, 0, 0, 0.85)');
      assert.equal(asleep.running, false, 'nothing moves');

      await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1, { bill_number: 'MALAM-01' }));
      await waitUntil('the bill', async () => (await billText(page)).includes('MALAM-01'));
      const woken = await screen(page);
      assert.equal(woken.sleeping, false, 'the bill wakes the screen');
      assert.equal(woken.dimmed, null);

      await postJson(`${hub.url}${API}/clear?lane=till-1`, { reason: 'void' });
      await waitUntil('asleep again once idle', async () => (await screen(page)).sleeping, 5000);
    } finally {
      await page.close();
    }
  });
});
