/**
 * The admin page on a phone (390×844) with live lane previews: a lane with a bill, one
 * paying by QRIS, one idle (the demo shop's slides). Run after `npm run build`:
 * `tsx scripts/preview-screenshots.ts [out-dir]` (default docs/screenshots/).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startHubServer } from '../src/hub/node/server.js';
import { qrisPayment, typicalBill } from '../src/scenarios/samples.js';
import { launchChromium } from '../test/support/chromium.js';
import { waitUntil } from '../test/support/display-page.js';
import { postJson } from '../test/support/sse-client.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
const ADMIN = 'admin-token-screenshots';
const demo = new URL('../demo/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { configFile: join(demo, 'display-hub.json'), mediaDir: join(demo, 'media') } });
const browser = await launchChromium();
const api = (path: string, body: unknown) => postJson(`${hub.url}/api/customer-display/${path}`, body, { headers: { Authorization: `Bearer ${ADMIN}` } });
try {
  await api('update-bill?lane=till-1', typicalBill);
  await api('update-bill?lane=till-2', { ...typicalBill, bill_number: 'INV-2026-0043' });
  await api('payment?lane=till-2', qrisPayment('pending'));
  // An idle lane the admin page lists: a display watches it.
  const idle = await fetch(`${hub.url}/api/customer-display/stream?lane=till-3`);

  const phone = await browser.newPage();
  await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.goto(`${hub.url}/admin/`);
  await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
  await phone.locator('display-admin >>> button.primary').click();
  await waitUntil('the lanes', () => phone.evaluate(() => (document.querySelector('display-admin')?.shadowRoot?.querySelectorAll('lane-preview').length ?? 0) === 3), 10_000);
  // What the phone shows (390×844, no taller: the display's viewport units follow the page's
  // viewport), scrolled to the lanes: a bill, a payment and the idle slideshow.
  const shoot = async (lane: string, name: string) => {
    await phone.evaluate((lane) => document.querySelector('display-admin')!.shadowRoot!.querySelector(`[data-lane="${lane}"]`)!.scrollIntoView({ block: 'start' }), lane);
    await phone.evaluate(() => window.scrollBy(0, -64)); // clear of the sticky header
    await waitUntil(`${lane} drawn`, () => phone.evaluate((lane) => !!document.querySelector('display-admin')!.shadowRoot!.querySelector(`[data-lane="${lane}"] lane-preview`)?.shadowRoot?.querySelector('customer-display'), lane), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await phone.screenshot({ path: join(out, name) });
  };
  await shoot('till-1', 'admin-previews-390x844.png');
  await idle.body?.cancel();
} finally {
  await browser.close();
  await hub.close();
}
