/**
 * Screenshots of the admin page's Media section on a phone (390×844): the shop's media with
 * thumbnails, the budget and the slideshow order; then after picking two files, one taken
 * and one refused (too large) with its reason. A copy of demo/ is used (never changed).
 * Run after `npm run build`: `tsx scripts/media-screenshots.ts [out-dir]`.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubServer } from '../src/hub/node/server.js';
import { launchChromium } from '../test/support/chromium.js';
import { waitUntil } from '../test/support/display-page.js';
import { slideSvg } from '../test/support/display-app.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
const ADMIN = 'admin-token-screenshots';
const shop = mkdtempSync(join(tmpdir(), 'media-shots-'));
cpSync(new URL('../demo/', import.meta.url).pathname, shop, { recursive: true });
await mkdir(out, { recursive: true });
const hub = await startHubServer({
  port: 0,
  heartbeatMs: 0,
  adminToken: ADMIN,
  displayApp: { configFile: join(shop, 'display-hub.json'), mediaDir: join(shop, 'media') },
  mediaFileMaxBytes: 1024 * 1024,
});
const browser = await launchChromium();
try {
  const phone = await browser.newPage();
  await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.goto(`${hub.url}/admin/`);
  await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
  await phone.locator('display-admin >>> button.primary').click();
  const count = (selector: string) => phone.$$eval(`display-admin >>> admin-media >>> ${selector}`, (found) => found.length);
  const thumbnailsLoaded = () =>
    phone.$$eval('display-admin >>> admin-media >>> img.thumb', (images) => images.length > 0 && images.every((image) => (image as HTMLImageElement).complete));
  await waitUntil('the media listed', async () => (await count('li[data-media]')) === 4 && (await thumbnailsLoaded()), 10_000);
  const top = () => phone.evaluate(() => document.querySelector('display-admin')!.shadowRoot!.querySelector('admin-media')!.getBoundingClientRect().top + scrollY - 64);
  await phone.evaluate((y) => scrollTo(0, y), await top());
  await phone.screenshot({ path: join(out, 'admin-media-390x844.png') });

  const picked = mkdtempSync(join(tmpdir(), 'media-picked-'));
  writeFileSync(join(picked, 'Promo Lebaran.svg'), slideSvg('Lebaran', '#1d4ed8'));
  writeFileSync(join(picked, 'video-besar.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(1200 * 1024)}</svg>`);
  const input = await phone.$('display-admin >>> admin-media >>> input[type=file]');
  await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(join(picked, 'Promo Lebaran.svg'), join(picked, 'video-besar.svg'));
  await waitUntil('one taken, one refused', async () => (await count('li[data-media="Promo-Lebaran.svg"]')) === 1 && (await count('p.error')) === 1 && (await thumbnailsLoaded()), 10_000);
  await phone.evaluate((y) => scrollTo(0, y), await top());
  await phone.screenshot({ path: join(out, 'admin-media-upload-390x844.png') });
} finally {
  await browser.close();
  await hub.close();
}
