/**
 * Screenshots of many screens: a display waiting to be paired (its code), and the admin page
 * on a phone (390×844) with paired screens, a code to assign and lanes in each phase.
 * Run after `npm run build`: `tsx scripts/fleet-screenshots.ts [out-dir]`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startHubServer } from '../src/hub/node/server.js';
import { cashDialog, typicalBill } from '../src/scenarios/samples.js';
import { launchChromium } from '../test/support/chromium.js';
import { waitUntil } from '../test/support/display-page.js';
import { newIdentity, openControl, pairDisplay } from '../test/support/fleet.js';
import { postJson } from '../test/support/sse-client.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
const ADMIN = 'admin-token-screenshots';
const demo = new URL('../demo/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { configFile: join(demo, 'display-hub.json'), mediaDir: join(demo, 'media') } });
const browser = await launchChromium();
const api = (path: string, body: unknown) => postJson(`${hub.url}/api/customer-display/${path}`, body);
try {
  const screen = await browser.newPage();
  await screen.setViewport({ width: 1280, height: 720 });
  await screen.goto(`${hub.url}/display/`);
  const code = () => screen.evaluate(() => document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen')?.shadowRoot?.querySelector('[part=code]')?.textContent ?? '');
  await waitUntil('the code', async () => (await code()).length > 0, 10_000);
  await screen.screenshot({ path: join(out, 'display-pairing-code-1280x720.png') });

  // Two paired screens (one streaming, one whose page is gone), one more waiting.
  const front = await pairDisplay(hub.url, ADMIN, 'till-1', 'Front counter');
  const back = await pairDisplay(hub.url, ADMIN, 'till-2', 'Back counter');
  back.control.close();
  await openControl(hub.url, newIdentity());
  await api('update-bill?lane=till-1', typicalBill);
  await api('update-bill?lane=till-2', { ...typicalBill, bill_number: 'INV-2026-0043' });
  await api('show-modal?lane=till-2', cashDialog);
  const stream = await fetch(`${hub.url}/api/customer-display/stream?lane=till-1&display=${front.identity.id}&key=${front.identity.key}`);

  const phone = await browser.newPage();
  await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.goto(`${hub.url}/admin/`);
  await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
  await phone.locator('display-admin >>> button.primary').click();
  await waitUntil('the admin page', () => phone.evaluate(() => (document.querySelector('display-admin')?.shadowRoot?.querySelectorAll('[data-display]').length ?? 0) === 2), 10_000);
  await phone.screenshot({ path: join(out, 'admin-390x844.png'), fullPage: true });
  await stream.body?.cancel();
} finally {
  await browser.close();
  await hub.close();
}
