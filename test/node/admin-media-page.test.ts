/**
 * The admin page's Media section in Chromium at phone size (390×844) against a real hub
 * with --config and --media: upload several files (with progress, then listed with a
 * thumbnail), a refusal in words, reorder (the config's slides list written with
 * If-Match), rename, delete; every control at least 44 px; nothing wider than the phone.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { makeShop, slideSvg, type ShopFolder } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';

const ADMIN = 'admin-token-media-page-01';

describe('admin page: Media section (Chromium, 390×844)', () => {
  let shop: ShopFolder;
  let hub: RunningHub;
  let browser: Browser;
  let phone: Page;

  /** The section's text, spaces collapsed. */
  const mediaText = () => phone.evaluate(() => document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-media')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
  /** The files as listed, in the order shown (slideshow first). */
  const listed = () => phone.$$eval('display-admin >>> admin-media >>> li[data-media]', (items) => items.map((item) => item.getAttribute('data-media')));
  const click = (selector: string) => phone.locator(`display-admin >>> admin-media >>> ${selector}`).click();

  before(async () => {
    shop = await makeShop({ shopName: 'Toko HP' }, { '01-kopi.svg': slideSvg('Kopi', '#7c2d12') });
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media }, mediaFileMaxBytes: 64 * 1024 });
    browser = await launchChromium();
    phone = await browser.newPage();
    await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    await phone.goto(`${hub.url}/admin/`);
    await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
    await phone.locator('display-admin >>> button.primary').click();
    await waitUntil('the media section', async () => (await mediaText()).includes('01-kopi.svg'), 10_000);
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('uploads several files from the picker (a phone name made acceptable); a refused one says why', async () => {
    const files = join(shop.dir, 'picked');
    await import('node:fs/promises').then((fs) => fs.mkdir(files));
    writeFileSync(join(files, 'IMG 2024 (1).svg'), slideSvg('Promo', '#1d4ed8'));
    writeFileSync(join(files, 'teh.svg'), slideSvg('Teh', '#166534'));
    writeFileSync(join(files, 'huge.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(70 * 1024)}</svg>`);
    const input = await phone.$('display-admin >>> admin-media >>> input[type=file]');
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(join(files, 'IMG 2024 (1).svg'), join(files, 'teh.svg'), join(files, 'huge.svg'));
    await waitUntil('the uploads listed', async () => {
      const names = await listed();
      return names.includes('IMG-2024-1-.svg') && names.includes('teh.svg');
    }, 10_000);
    await waitUntil('the refusal in words', async () => /Too large: a file may be at most 0\.1 MB/.test(await mediaText()), 5000);
    assert.ok(existsSync(join(shop.media, 'IMG-2024-1-.svg')));
    assert.ok(!existsSync(join(shop.media, 'huge.svg')));
    assert.deepEqual(await listed(), ['01-kopi.svg', 'IMG-2024-1-.svg', 'teh.svg'], 'folder order while the config has no slides list');
    // Thumbnails load from /media/.
    await waitUntil('thumbnails', async () => phone.$$eval('display-admin >>> admin-media >>> img.thumb', (images) => images.length === 3 && images.every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0)), 5000);
  });

  it('reorders with up/down: the first move writes the slides list (If-Match)', async () => {
    await click('button[aria-label="Move teh.svg earlier"]');
    await waitUntil('the new order', async () => JSON.stringify(await listed()) === JSON.stringify(['01-kopi.svg', 'teh.svg', 'IMG-2024-1-.svg']), 5000);
    assert.deepEqual(JSON.parse(readFileSync(shop.config, 'utf8')).slides, [{ src: '01-kopi.svg' }, { src: 'teh.svg' }, { src: 'IMG-2024-1-.svg' }]);
    assert.equal(JSON.parse(readFileSync(shop.config, 'utf8')).shopName, 'Toko HP', 'the rest of the config kept');
  });

  it('renames and deletes (after a confirm); the config follows', async () => {
    await click('li[data-media="IMG-2024-1-.svg"] button:not([aria-label]):not(.danger)');
    const field = 'display-admin >>> admin-media >>> input[name=name]';
    await phone.locator(field).fill('promo.svg');
    await click('li[data-media="IMG-2024-1-.svg"] form button.pick');
    await waitUntil('renamed', async () => (await listed()).includes('promo.svg'), 5000);
    phone.once('dialog', (dialog) => void dialog.accept());
    await click('li[data-media="teh.svg"] button.danger');
    await waitUntil('deleted', async () => !(await listed()).includes('teh.svg'), 5000);
    assert.deepEqual(JSON.parse(readFileSync(shop.config, 'utf8')).slides, [{ src: '01-kopi.svg' }, { src: 'promo.svg' }]);
  });

  it('a change in Media, then a save in Schedule: the Schedule section read the new list and ETag (no stale refusal, the order kept)', async () => {
    await click('button[aria-label="Move promo.svg earlier"]');
    await waitUntil('the new order', async () => JSON.stringify(await listed()) === JSON.stringify(['promo.svg', '01-kopi.svg']), 5000);
    const schedule = (selector: string) => phone.locator(`display-admin >>> admin-schedule >>> ${selector}`);
    const scheduleText = () => phone.evaluate(() => document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-schedule')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
    // The Schedule section has read the file as the move left it (its ETag), and shows it.
    const current = await fetch(`${hub.url}/api/customer-display/admin/config`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    const etag = current.headers.get('etag');
    await waitUntil('the schedule read the saved file', () =>
      phone.evaluate((etag) => {
        const section = document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-schedule') as unknown as { etag?: string; phase?: string } | null;
        return section?.etag === etag && section?.phase === 'ready';
      }, etag), 5000);
    assert.match(await scheduleText(), /promo\.svg.*01-kopi\.svg/, 'the new order');
    // Ticked from the page's script, not by a pointer: the section's sticky Save bar may cover the box where the page scrolled.
    await phone.evaluate(() => {
      const box = document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-schedule')?.shadowRoot?.querySelector<HTMLInputElement>('input[name=sleep]');
      if (box && !box.checked) box.click();
    });
    await waitUntil('the sleep hours ticked', () => phone.evaluate(() => !!document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-schedule')?.shadowRoot?.querySelector<HTMLInputElement>('input[name=sleep]')?.checked), 5000);
    await schedule('.save button.primary').click();
    await waitUntil('saved', async () => /Saved: the screens follow/.test(await scheduleText()), 5000);
    const saved = JSON.parse(readFileSync(shop.config, 'utf8'));
    assert.deepEqual(saved.slides.map((slide: { src: string }) => slide.src), ['promo.svg', '01-kopi.svg'], 'the order made in Media is kept');
    assert.ok(saved.sleep, 'the sleep hours saved');
  });

  it('phone first: every control at least 44 px, nothing wider than the screen', async () => {
    const sizes = await phone.$$eval('display-admin >>> admin-media >>> button, display-admin >>> admin-media >>> label.pick', (controls) =>
      controls.map((control) => {
        const box = control.getBoundingClientRect();
        return { text: control.textContent?.trim() || control.getAttribute('aria-label'), width: box.width, height: box.height, right: box.right };
      }),
    );
    assert.ok(sizes.length >= 6, `${sizes.length} controls`);
    for (const size of sizes) {
      assert.ok(size.width >= 44 && size.height >= 44, `${size.text}: ${size.width}×${size.height}`);
      assert.ok(size.right <= 390, `${size.text} ends at ${size.right}`);
    }
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390, 'no sideways scrolling');
  });

  it('a rename is tidied as an upload is (a phone adds spaces); a refused one says why on its own card', async () => {
    const rename = async (file: string, typed: string) => {
      await click(`li[data-media="${file}"] button:not([aria-label]):not(.danger)`);
      await phone.locator('display-admin >>> admin-media >>> input[name=name]').fill(typed);
      await click(`li[data-media="${file}"] form button.pick`);
    };
    await rename('01-kopi.svg', 'promo');
    const cardError = () => phone.evaluate(() => document.querySelector('display-admin')?.shadowRoot?.querySelector('admin-media')?.shadowRoot?.querySelector('li[data-media="01-kopi.svg"] [role=alert]')?.textContent ?? '');
    await waitUntil('the refusal on the card', async () => /promo\.svg/.test(await cardError()), 5000);
    await rename('01-kopi.svg', 'Kopi Susu');
    await waitUntil('renamed, tidied', async () => (await listed()).includes('Kopi-Susu.svg'), 5000);
    assert.ok(existsSync(join(shop.media, 'Kopi-Susu.svg')));
  });
});
