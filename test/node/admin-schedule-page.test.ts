/**
 * The admin page's Schedule section on a phone (390×844), in the page the hub serves: axe
 * (WCAG 2.1 A/AA, serious and critical) with the section filled, and a save that reaches the
 * hub's admin API with the token and If-Match. The config and media replies are the issue's
 * contract, answered here (request interception) so this part is checked on its own; after
 * the merge the hub's own endpoints answer the same shapes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HTTPRequest } from 'puppeteer-core';
import { startHubServer } from '../../src/hub/node/server.js';
import { describeViolations, seriousViolations } from '../support/axe.js';
import { launchChromium } from '../support/chromium.js';
import { waitUntil } from '../support/display-page.js';

const ADMIN = 'admin-token-schedule-0001';
const CONFIG = {
  shopName: 'Warung Pagi',
  timeZone: 'Asia/Jakarta',
  slides: [{ src: 'breakfast.jpg', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' }, { src: 'kopi.png' }, { src: 'malam.mp4', from: '18:00', to: '02:00' }],
  sleep: { from: '22:00', to: '07:00' },
  lanes: { 'drive-thru': { sleep: { from: '23:30', to: '05:30' } } },
};
const settle = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))`;

describe('admin page: Schedule section on a phone', { timeout: 60_000 }, () => {
  it('is axe-clean with slides, sleep hours and a time zone, and saves with the token and If-Match', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: {} });
    const browser = await launchChromium();
    const puts: Array<{ headers: Record<string, string>; body: unknown }> = [];
    try {
      const phone = await browser.newPage();
      await phone.setBypassCSP(true); // axe is injected as an inline script
      await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
      await phone.setRequestInterception(true);
      phone.on('request', (request: HTTPRequest) => {
        const url = new URL(request.url());
        const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
          request.respond({ status, contentType: 'application/json', headers, body: JSON.stringify(body) });
        if (url.pathname === '/api/customer-display/admin/config' && request.method() === 'GET') return void json(200, { status: 'ok', config: CONFIG, etag: '"v1"', file: 'display-hub.json' }, { ETag: '"v1"' });
        if (url.pathname === '/api/customer-display/admin/config' && request.method() === 'PUT') {
          puts.push({ headers: request.headers(), body: JSON.parse(request.postData() ?? 'null') });
          return void json(200, { status: 'ok', config: JSON.parse(request.postData()!), etag: '"v2"' }, { ETag: '"v2"' });
        }
        if (url.pathname.startsWith('/media/')) return void request.respond({ status: 200, contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"><rect width="16" height="9" fill="#b45309"/></svg>' });
        void request.continue();
      });
      await phone.goto(`${hub.url}/admin/`);
      await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
      await phone.locator('display-admin >>> button.primary').click();
      const text = () => phone.evaluate(() => document.querySelector('display-admin')!.shadowRoot!.querySelector('admin-schedule')?.shadowRoot?.textContent ?? '');
      await waitUntil('the schedule', async () => (await text()).includes('breakfast.jpg') && (await text()).includes('Own sleep hours for drive-thru'), 10_000);
      await phone.evaluate(settle);
      const violations = await seriousViolations(phone, 'admin schedule');
      assert.equal(violations.length, 0, `axe found serious/critical WCAG 2.1 A/AA violations:\n${describeViolations(violations)}`);

      // Weekends off for the late slide, then save.
      await phone.evaluate(() => {
        const section = document.querySelector('display-admin')!.shadowRoot!.querySelector('admin-schedule')!.shadowRoot!;
        [...section.querySelectorAll<HTMLElement>('.card[data-slide]')].find((card) => card.dataset.slide === 'malam.mp4')!.querySelector<HTMLButtonElement>('[data-day=sat]')!.click();
      });
      await phone.locator('display-admin >>> admin-schedule >>> .save button').click();
      await waitUntil('the save', async () => puts.length === 1, 5000);
      assert.equal(puts[0]!.headers.authorization, `Bearer ${ADMIN}`);
      assert.equal(puts[0]!.headers['if-match'], '"v1"');
      assert.deepEqual((puts[0]!.body as typeof CONFIG).slides[2], { src: 'malam.mp4', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sun'], from: '18:00', to: '02:00' });
      await waitUntil('saved', async () => (await text()).includes('Saved'), 5000);
    } finally {
      await browser.close();
      await hub.close();
    }
  });
});
