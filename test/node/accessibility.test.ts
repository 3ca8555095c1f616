/**
 * WCAG 2.1 A/AA with axe-core, in Chromium, over every state a shopper can see (idle, bill,
 * long bill, cash dialog, QRIS light and dark, thank-you, each prompt kind, pairing,
 * offline) and the admin page. Any serious or critical violation fails, printed with the
 * state, the rule and the element path through the shadow roots.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHubServer } from '../../src/hub/node/server.js';
import { qrisPayment, twoHundredLineBill, typicalBill } from '../../src/scenarios/samples.js';
import { describeViolations, seriousViolations, type Violation } from '../support/axe.js';
import { launchChromium } from '../support/chromium.js';
import { dropInRoutes, waitUntil } from '../support/display-page.js';
import { forEachScreen } from '../support/display-screens.js';
import { forEachPromptScreen } from '../support/prompt-screens.js';
import { serveStatic } from '../support/static-server.js';
import { makeShop, slideSvg } from '../support/display-app.js';

/** One size is enough for axe (the markup is the same at every size); a till's screen. */
const SIZE = '1280x800';
const ADMIN = 'admin-token-axe-00001';
/**
 * The screenshot helpers' pages stand for the shop's own page (the README's one script tag):
 * its <title> is the shop's to write, so that rule is left to /display/ and /admin/.
 */
const SHOPS_PAGE = { skipRules: ['document-title'] };

function assertClean(violations: Violation[], states: string[], expected: string[]): void {
  assert.deepEqual(states.sort(), [...expected].sort(), 'every state was checked');
  assert.equal(violations.length, 0, `axe found serious/critical WCAG 2.1 A/AA violations:\n${describeViolations(violations)}`);
}

const settle = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

describe('accessibility (axe-core, WCAG 2.1 A/AA, Chromium)', { timeout: 240_000 }, () => {
  it('display: idle, bill, cash dialog, QRIS, thank-you, light and dark', async () => {
    const violations: Violation[] = [];
    const states: string[] = [];
    await forEachScreen(async ({ page, size, theme, phase }) => {
      if (size.name !== SIZE) return;
      states.push(`${phase} ${theme}`);
      violations.push(...(await seriousViolations(page, `${phase} ${theme}`, SHOPS_PAGE)));
    });
    const phases = ['idle', 'bill', 'payment-cash', 'payment-qris', 'thanks'];
    assertClean(violations, states, ['light', 'dark'].flatMap((theme) => phases.map((phase) => `${phase} ${theme}`)));
  });

  it('each prompt kind (and the pads, and the answer received)', async () => {
    const violations: Violation[] = [];
    const states: string[] = [];
    await forEachPromptScreen(async ({ page, size, theme, shot }) => {
      if (size.name !== SIZE) return;
      states.push(`${shot} ${theme}`);
      violations.push(...(await seriousViolations(page, `prompt ${shot} ${theme}`, SHOPS_PAGE)));
    }, ['light', 'dark']);
    const shots = ['tip', 'tip-keypad', 'receipt', 'receipt-email', 'phone', 'confirm', 'rating', 'choice', 'tip-received'];
    assertClean(violations, states, ['light', 'dark'].flatMap((theme) => shots.map((shot) => `${shot} ${theme}`)));
  });

  it('a long bill, then offline', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 5000 });
    const routes: Record<string, string | { html: string }> = dropInRoutes();
    routes['/'] = {
      html: `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Display</title><link rel="icon" href="data:,">
<script src="/customer-display.js"></script><style>html,body{height:100%;margin:0}</style></head><body>
<display-sync src="${hub.url}" reconnect-delay="50" max-reconnect-delay="200"><customer-display shop-name="Warung Nusantara" tagline="Masakan rumahan sejak 1998"></customer-display></display-sync></body></html>`,
    };
    const site = await serveStatic(routes);
    const browser = await launchChromium();
    const violations: Violation[] = [];
    const states: string[] = [];
    try {
      const page = await browser.newPage();
      await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn');
      await page.setViewport({ width: 1280, height: 800 });
      await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
      await page.goto(`${site.url}/`);
      const phase = () => page.evaluate(() => document.querySelector('display-sync')!.phase);
      const status = () => page.evaluate(() => document.querySelector('display-sync')!.status);
      await fetch(`${hub.url}/api/customer-display/update-bill`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...twoHundredLineBill, items: twoHundredLineBill.items.slice(0, 40) }),
      });
      await waitUntil('the long bill', async () => (await phase()) === 'bill');
      await page.evaluate(settle);
      states.push('long bill');
      violations.push(...(await seriousViolations(page, 'long bill')));

      await hub.close();
      await waitUntil('offline', async () => (await status()) === 'offline', 15_000);
      await page.evaluate(settle);
      states.push('offline');
      violations.push(...(await seriousViolations(page, 'offline')));
    } finally {
      await browser.close();
      await site.close();
      await hub.close().catch(() => {});
    }
    assertClean(violations, states, ['long bill', 'offline']);
  });

  it('pairing screen (/display/) and the admin page, signed out and signed in', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: {} });
    const browser = await launchChromium();
    const violations: Violation[] = [];
    const states: string[] = [];
    try {
      const screen = await browser.newPage();
      // The hub's pages forbid inline scripts (CSP): axe is injected as one.
      await screen.setBypassCSP(true);
      await screen.setViewport({ width: 1280, height: 800 });
      await screen.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
      await screen.goto(`${hub.url}/display/`);
      const pairingText = () =>
        screen.evaluate(() => document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen')?.shadowRoot?.textContent ?? '');
      await waitUntil('a pairing code', async () => /[A-Z0-9]{3} [A-Z0-9]{3}/.test(await pairingText()), 10_000);
      await screen.evaluate(settle);
      // The code is read as what it is (a heading, spelled out), not a bare labelled <div>.
      const code = await screen.evaluate(() => {
        const node = document.querySelector('customer-display')!.shadowRoot!.querySelector('pairing-screen')!.shadowRoot!.querySelector('[part=code]')!;
        return { tag: node.tagName, role: node.getAttribute('role'), label: node.getAttribute('aria-label') ?? '' };
      });
      assert.ok(code.tag === 'H2' || code.role !== null, `the pairing code has a role (${JSON.stringify(code)})`);
      assert.match(code.label, /^[A-Z0-9]( [A-Z0-9]){5}$/, 'named character by character');
      states.push('pairing');
      violations.push(...(await seriousViolations(screen, 'pairing')));

      const phone = await browser.newPage();
      await phone.setBypassCSP(true);
      await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
      await phone.goto(`${hub.url}/admin/`);
      await phone.locator('display-admin >>> input[name=token]').wait();
      states.push('admin signed out');
      violations.push(...(await seriousViolations(phone, 'admin signed out')));
      await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
      await phone.locator('display-admin >>> button.primary').click();
      const adminText = () => phone.evaluate(() => document.querySelector('display-admin')?.shadowRoot?.textContent ?? '');
      await waitUntil('a display waiting', async () => (await adminText()).includes('Waiting to be paired (1)'), 10_000);
      await phone.evaluate(settle);
      states.push('admin signed in');
      violations.push(...(await seriousViolations(phone, 'admin signed in')));

      // Lane previews (the display's elements, inert and aria-hidden, a summary beside): a bill, a QRIS payment.
      const post = (path: string, body: unknown) => fetch(`${hub.url}/api/customer-display/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
      await post('update-bill?lane=till-1', typicalBill);
      await post('update-bill?lane=till-2', typicalBill);
      await post('payment?lane=till-2', qrisPayment('pending'));
      const drawn = () =>
        phone.evaluate(() => {
          const admin = document.querySelector('display-admin')!.shadowRoot!;
          admin.querySelector('#lanes')?.scrollIntoView();
          return [...admin.querySelectorAll('lane-preview')].filter((preview) => preview.shadowRoot?.querySelector('customer-display')).length;
        });
      await waitUntil('two lane previews drawn', async () => (await drawn()) === 2, 10_000);
      await phone.evaluate(settle);
      states.push('admin with previews');
      violations.push(...(await seriousViolations(phone, 'admin with previews')));
    } finally {
      await browser.close();
      await hub.close();
    }
    assertClean(violations, states, ['pairing', 'admin signed out', 'admin signed in', 'admin with previews']);
  });

  it("the admin page's Media section: media listed (slideshow and not), a refused upload, the rename form", async () => {
    const shop = await makeShop({ logo: 'logo.svg', slides: [{ src: 'kopi.svg' }, { src: 'teh.svg' }] }, { 'logo.svg': slideSvg('L', '#000'), 'kopi.svg': slideSvg('Kopi', '#7c2d12'), 'teh.svg': slideSvg('Teh', '#166534') });
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media }, mediaFileMaxBytes: 1024 * 1024 });
    const browser = await launchChromium();
    const violations: Violation[] = [];
    const states: string[] = [];
    try {
      const phone = await browser.newPage();
      await phone.setBypassCSP(true);
      await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
      await phone.goto(`${hub.url}/admin/`);
      await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
      await phone.locator('display-admin >>> button.primary').click();
      // Polled: waitForSelector re-checks on changes of the document only, and these happen in shadow roots.
      const shown = (selector: string) => waitUntil(selector, async () => (await phone.$$(`display-admin >>> admin-media >>> ${selector}`)).length > 0, 10_000);
      await shown('li[data-media="teh.svg"]');
      await phone.evaluate(settle);
      states.push('media listed');
      violations.push(...(await seriousViolations(phone, 'media listed')));
      const input = await phone.$('display-admin >>> admin-media >>> input[type=file]');
      const refused = `${shop.dir}/notes.txt`;
      await import('node:fs/promises').then((fs) => fs.writeFile(refused, 'not media'));
      await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(refused);
      await shown('p.error');
      await phone.locator('display-admin >>> admin-media >>> li[data-media="kopi.svg"] button:not([aria-label]):not(.danger)').click();
      await shown('input[name=name]');
      await phone.evaluate(settle);
      states.push('media refused and renaming');
      violations.push(...(await seriousViolations(phone, 'media refused and renaming')));
    } finally {
      await browser.close();
      await hub.close();
    }
    assertClean(violations, states, ['media listed', 'media refused and renaming']);
  });
});
