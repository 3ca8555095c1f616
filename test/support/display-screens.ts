/**
 * Drives a real display (built bundle + <customer-display>, real hub) through every phase
 * at the screen sizes shops use, in light and dark, and hands each screen to a callback
 * (screenshots, layout checks). Shared by the screenshot test and `npm run screenshots`.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from './chromium.js';
import { BUNDLE, dropInRoutes, waitUntil } from './display-page.js';
import { serveStatic, type StaticServer } from './static-server.js';

export const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1080x1920', width: 1080, height: 1920 },
  { name: '1280x800', width: 1280, height: 800 },
] as const;
export const THEMES = ['light', 'dark'] as const;
export const PHASES = ['idle', 'bill', 'payment-cash', 'payment-qris', 'thanks'] as const;
export type Phase = (typeof PHASES)[number];

const MEDIA = new URL('../../demo/media/', import.meta.url).pathname;
const API = '/api/customer-display';

const BILL = {
  bill_id: 'b-2026-0042',
  bill_number: 'INV-2026-0042',
  items: [
    { id: 1, name: 'Nasi Goreng Spesial', quantity: 2, unit_price: 32000, subtotal: 64000, notes: 'pedas, tanpa bawang' },
    { id: 2, name: 'Sate Ayam (10 tusuk)', quantity: 1, unit_price: 28000, subtotal: 28000 },
    { id: 3, name: 'Es Teh Manis', quantity: 3, unit_price: 5000, subtotal: 15000 },
    { id: 4, name: 'Kopi Susu Gula Aren', quantity: 1, unit_price: 18000, subtotal: 18000, notes: 'less sugar' },
    { id: 5, name: 'Kerupuk Udang', quantity: 2, unit_price: 3000, subtotal: 6000 },
  ],
  subtotal: 131000,
  tax: 14410,
  discount: 10000,
  total: 135410,
};

const CASH_MODAL_HTML = `<div class="modal-box" data-sync-to-customer="true"><header class="modal-header"><h2>Pembayaran</h2><button class="modal-close">×</button></header>
<div class="modal-total-row">Total <strong>Rp 135.410</strong></div>
<fieldset class="methods"><legend>Metode</legend><label><input type="radio" checked> Tunai</label><label><input type="radio"> QRIS</label></fieldset>
<section class="cash"><label>Uang diterima <span class="money-input"><span>Rp</span><input id="tendered" value="150.000"></span></label><div class="change-row">Kembalian <output>Rp 14.590</output></div></section></div>`;

function pageHtml(hubUrl: string, theme: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script>
<style>html,body{height:100%;margin:0}</style></head><body>
<display-sync src="${hubUrl}" thanks-duration="600000">
  <customer-display theme="${theme}" shop-name="Warung Nusantara" tagline="Masakan rumahan sejak 1998" logo="/media/logo.svg" mirror-stylesheet="/mirror.css">
    <img src="/media/promo-kopi.svg" alt="Kopi Susu Gula Aren">
    <img src="/media/promo-paket.svg" alt="Paket hemat">
    <span slot="footer">Wi-Fi: WarungNusantara · Buka setiap hari 08.00–22.00</span>
  </customer-display>
</display-sync></body></html>`;
}

export interface Screen {
  page: Page;
  size: (typeof SIZES)[number];
  theme: (typeof THEMES)[number];
  phase: Phase;
}

export async function forEachScreen(visit: (screen: Screen) => Promise<void>): Promise<void> {
  const hub: RunningHub = await startHubServer({ port: 0, heartbeatMs: 5000 });
  const routes: Record<string, string | { html: string }> = {
    ...dropInRoutes(),
    '/mirror.css': new URL('../../demo/mirror.css', import.meta.url).pathname,
  };
  for (const file of ['logo.svg', 'promo-kopi.svg', 'promo-paket.svg']) routes[`/media/${file}`] = `${MEDIA}${file}`;
  for (const theme of THEMES) routes[`/${theme}`] = { html: pageHtml(hub.url, theme) };
  const site: StaticServer = await serveStatic(routes);
  await readFile(BUNDLE); // fail early and clearly when the bundle is missing
  const browser: Browser = await launchChromium();
  const post = (path: string, body: unknown) =>
    fetch(`${hub.url}${API}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  try {
    for (const theme of THEMES) {
      for (const size of SIZES) {
        const page = await browser.newPage();
        // tsx compiles evaluate() callbacks with esbuild's keepNames helper; give the page one.
        await page.evaluateOnNewDocument('globalThis.__name = (fn) => fn');
        await page.setViewport({ width: size.width, height: size.height });
        await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
        await page.goto(`${site.url}/${theme}`);
        const phaseIs = (phase: string) => page.evaluate((p) => document.querySelector('display-sync')!.phase === p, phase);
        const settle = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

        await post('clear', { reason: 'void' });
        await waitUntil('idle', () => phaseIs('idle'));
        await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode().catch(() => {}))));
        await waitUntil('slides painted', () =>
          page.evaluate(() => {
            const show = document.querySelector('customer-display')!.shadowRoot!.querySelector('idle-slideshow');
            const image = show?.shadowRoot?.querySelector<HTMLImageElement>('[data-slide=active]');
            return !!image && image.complete;
          }),
        );
        await settle();
        await visit({ page, size, theme, phase: 'idle' });

        await post('update-bill', BILL);
        await waitUntil('bill', () => phaseIs('bill'));
        await settle();
        await visit({ page, size, theme, phase: 'bill' });

        await post('show-modal', { modal_type: 'payment', html: CASH_MODAL_HTML, data: { total: BILL.total, change: 14590 } });
        await waitUntil('payment', () => phaseIs('payment'));
        await waitUntil('mirror stylesheet', () =>
          page.evaluate(() => {
            const mirror = document.querySelector('customer-display')!.shadowRoot!.querySelector('payment-modal-mirror')!;
            // No shadow root until the payment chunk has upgraded it.
            const link = mirror.shadowRoot?.querySelector<HTMLLinkElement>('link[rel=stylesheet]');
            return !!link?.sheet;
          }),
        );
        await settle();
        await visit({ page, size, theme, phase: 'payment-cash' });

        await post('payment', {
          bill_id: BILL.bill_id,
          amount_due: BILL.total,
          method: 'qris',
          status: 'pending',
          qr: { payload: '00020101021226570014ID.CO.QRIS.WWW01189360000000000000000215ID10200000000010303UMI5204581253033605406135410580' + '2ID5916WARUNG NUSANTARA6007JAKARTA6304C0DE', label: 'QRIS', expires_at: Date.now() / 1000 + 118 },
        });
        await waitUntil('QR', () =>
          page.evaluate(() => {
            const mirror = document.querySelector('customer-display')!.shadowRoot!.querySelector('payment-modal-mirror')!;
            return !!mirror.shadowRoot?.querySelector('payment-view')?.shadowRoot?.querySelector('payment-qr');
          }),
        );
        await settle();
        await visit({ page, size, theme, phase: 'payment-qris' });

        await post('payment', { bill_id: BILL.bill_id, amount_due: BILL.total, method: 'cash', tendered: 150000, change: 14590, status: 'approved' });
        await post('hide-modal', { modal_type: 'payment' });
        await post('clear', {});
        await waitUntil('thanks', () => phaseIs('thanks'));
        await settle();
        await visit({ page, size, theme, phase: 'thanks' });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await site.close();
    await hub.close();
  }
}
