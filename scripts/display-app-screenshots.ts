/**
 * Screenshots of the display app as the hub serves it (`display-hub --config
 * demo/display-hub.json --media demo/media`, the page at /display/): idle, a bill, the
 * offline reload from the service worker's cache, and lane till-2's dark portrait screen.
 * Part of `npm run screenshots` (needs the build).
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.js';
import { bannerText, displayStatus, shownSlide } from '../test/support/display-app.js';
import { waitUntil } from '../test/support/display-page.js';
import { SEED_BILL, billWith } from '../test/support/fixtures.js';
import { freePort, startHubProcess } from '../test/support/hub-process.js';
import { postJson } from '../test/support/sse-client.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
const demo = new URL('../demo/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
const port = await freePort();
const start = () => startHubProcess(['--port', String(port), '--config', join(demo, 'display-hub.json'), '--media', join(demo, 'media'), '--log-level', 'warn']);
let hub = await start();
const browser = await launchChromium({ userDataDir: await mkdtemp(join(tmpdir(), 'display-shots-')) });
const settle = () => new Promise((resolve) => setTimeout(resolve, 700)); // the slideshow's crossfade
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1920, height: 1080 });
  await page.goto(`${hub.url}/display/?lane=till-1`);
  await waitUntil('live', async () => (await displayStatus(page)) === 'live', 10_000);
  await waitUntil('a slide', async () => (await shownSlide(page)) !== null, 10_000);
  await settle();
  await page.screenshot({ path: join(out, 'display-app-idle-1920x1080.png') });

  await postJson(`${hub.url}/api/customer-display/update-bill?lane=till-1`, { ...billWith(4), bill_number: 'INV-2026-0042' });
  await settle();
  await page.screenshot({ path: join(out, 'display-app-bill-1920x1080.png') });
  await postJson(`${hub.url}/api/customer-display/clear?lane=till-1`, { reason: 'void' });

  // The offline copy is complete once the worker controls the page and holds the media.
  await waitUntil('the offline copy', () => page.evaluate(async () => (await (await caches.open('display-media-v1')).keys()).length >= 3), 10_000);
  hub.child.kill('SIGTERM');
  await hub.exited;
  await page.reload();
  await waitUntil('the banner', async () => /Koneksi terputus/.test(await bannerText(page)), 10_000);
  await waitUntil('a cached slide', async () => (await shownSlide(page)) !== null, 10_000);
  await settle();
  await page.screenshot({ path: join(out, 'display-app-offline-1920x1080.png') });

  hub = await start();
  const portrait = await browser.newPage();
  await portrait.setViewport({ width: 1080, height: 1920 });
  await portrait.goto(`${hub.url}/display/?lane=till-2`);
  await waitUntil('live', async () => (await displayStatus(portrait)) === 'live', 10_000);
  await postJson(`${hub.url}/api/customer-display/update-bill?lane=till-2`, SEED_BILL);
  await settle();
  await portrait.screenshot({ path: join(out, 'display-app-till-2-dark-1080x1920.png') });
  console.log(`4 display app screenshots in ${out}`);
} finally {
  await browser.close();
  hub.child.kill('SIGTERM');
}
