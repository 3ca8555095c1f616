/**
 * The two pages of the payment moment, as an integrator writes them with the drop-in
 * bundle: a cashier page (publisher + mirrorModals, a cash dialog) and a display page,
 * and the scene they play in (a real hub, each page in its own Chromium).
 */
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from './chromium.js';
import { dropInRoutes, waitUntil } from './display-page.js';
import { serveStatic, type StaticServer } from './static-server.js';

export function cashierPage(hubUrl: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display-publisher.js"></script></head><body>
  <div id="paymentModal" hidden data-sync-to-customer="true" data-customer-readonly="true"
       data-modal-type="payment" data-bill-id="INV-7" data-bill-total="81030">
    <h2>Pembayaran</h2>
    <label>Uang diterima <input id="tendered" type="text" inputmode="numeric"></label>
    <p>Kembalian <output id="change">Rp 0</output></p>
    <div data-customer-hidden><button id="approve">approve</button></div>
    <button class="modal-close">×</button>
  </div>
  <script>
    const { createDisplayPublisher, mirrorModals } = window.CustomerDisplay;
    window.publisher = createDisplayPublisher({ hub: ${JSON.stringify(hubUrl)}, timeoutMs: 1000 });
    const modal = document.getElementById('paymentModal');
    const tendered = document.getElementById('tendered');
    window.inputTimes = [];
    tendered.addEventListener('input', () => {
      window.inputTimes.push({ value: tendered.value, at: performance.timeOrigin + performance.now() });
      const change = Math.max(0, Number(tendered.value) - 81030);
      document.getElementById('change').textContent = 'Rp ' + change.toLocaleString('id-ID');
      modal.dataset.tendered = tendered.value;
      modal.dataset.change = String(change);
    });
    mirrorModals(document, window.publisher);
  </script>
</body></html>`;
}

export function displayPage(hubUrl: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head><body>
  <display-sync src="${hubUrl}" thanks-duration="3000">
    <bill-panel><thank-you-panel slot="empty"></thank-you-panel></bill-panel>
    <payment-modal-mirror></payment-modal-mirror>
  </display-sync>
  <script>
    window.pageErrors = [];
    /** Resolves with the epoch time at which the mirrored tendered field shows \`value\`. */
    window.whenTendered = (value) => new Promise((resolve) => {
      const check = () => {
        const mirror = document.querySelector('payment-modal-mirror');
        const field = mirror.shadowRoot && mirror.shadowRoot.querySelector('#tendered');
        if (field && field.value === value) {
          resolve(performance.timeOrigin + performance.now());
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setInterval(() => check() && clearInterval(timer), 1);
    });
  </script>
</body></html>`;
}

export interface PaymentScene {
  hub: RunningHub;
  site: StaticServer;
  /** Two browsers = two visible windows: the cashier's tab gets animation frames, as on a till. */
  cashierBrowser: Browser;
  displayBrowser: Browser;
  /** The display page, live. */
  display: Page;
  /** Errors the display page raised. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A hub, a site serving the bundle with `/cashier` and `/display` (plus `extraRoutes`) on
 * another origin than the hub (the hub accepts its publishes), and the display page live.
 */
export async function startPaymentScene(extraRoutes: Record<string, { html: string }> = {}): Promise<PaymentScene> {
  const routes: Record<string, string | { html: string }> = { ...dropInRoutes(), ...extraRoutes };
  const site = await serveStatic(routes);
  const hub = await startHubServer({ port: 0, heartbeatMs: 2000, allowOrigins: [site.url] });
  routes['/cashier'] = { html: cashierPage(hub.url) };
  routes['/display'] = { html: displayPage(hub.url) };
  const [cashierBrowser, displayBrowser] = await Promise.all([launchChromium(), launchChromium()]);
  const display = await displayBrowser.newPage();
  const errors: string[] = [];
  display.on('pageerror', (error) => errors.push(String(error)));
  await display.goto(`${site.url}/display`);
  await waitUntil('display live', () => display.evaluate(() => document.querySelector('display-sync')!.getAttribute('status') === 'live'));
  return {
    hub,
    site,
    cashierBrowser,
    displayBrowser,
    display,
    errors,
    async close() {
      await cashierBrowser.close();
      await displayBrowser.close();
      await site.close();
      await hub.close();
    },
  };
}
