/**
 * End to end: the built drop-in bundle on a plain page (its own origin), a real hub over
 * real HTTP, real Chromium. What a shop's display does, including a hub restart.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { Hub } from '../../src/hub/hub.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { appliedBills, BUNDLE, dropInRoutes, displayPageHtml, panelText, probeLog, showsEmptyState, syncStatus, waitUntil, type ProbeEntry } from '../support/display-page.js';
import { billWith, SEED_BILL } from '../support/fixtures.js';
import { postJson } from '../support/sse-client.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { summarize } from '../support/stats.js';

const API = '/api/customer-display';

describe('end to end: hub → drop-in bundle → Chromium', () => {
  let browser: Browser;
  let hub: RunningHub;
  let site: StaticServer;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    assert.ok(existsSync(BUNDLE), 'dist/customer-display.js is missing: run `npm run build` first (npm test does)');
    hub = await startHubServer({ port: 0, heartbeatMs: 1000 });
    site = await serveStatic({ ...dropInRoutes(), '/': { html: displayPageHtml(hub.url) } });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${site.url}/`);
    await waitUntil('the display to go live', async () => (await syncStatus(page)) === 'live');
  });

  after(async () => {
    await browser?.close();
    await hub?.close();
    await site?.close();
  });

  // What must hold in every test, checked after each one (so each test stands alone): no page
  // error, no dialog, and every bill the display applied during it applied once, in order.
  let probed = 0;
  afterEach(async () => {
    assert.deepEqual(pageErrors.splice(0), [], 'page errors');
    assert.deepEqual(dialogs.splice(0), [], 'dialogs opened');
    const log = await probeLog(page);
    assertAppliedInOrder(log.slice(Math.max(0, probed - 1))); // from the last one checked: across tests too
    probed = log.length;
  });

  it('shows a posted bill, cross-origin, from the classic-script bundle', async () => {
    const shown = page.evaluate(() => (window as any).whenShown('Nasi Goreng'));
    const reply = await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
    assert.equal(reply.body.clients, 1);
    await shown;
    const text = await panelText(page);
    assert.match(text, /INV-2026-0001/);
    assert.match(text, /Rp\s27\.750/);
  });

  it('renders a hostile item name as text: no script runs, no dialog', async () => {
    const hostile = { ...SEED_BILL, bill_number: 'HOSTILE-1', items: [{ ...SEED_BILL.items[0], name: '<img src=x onerror=alert(1)>' }] };
    const shown = page.evaluate(() => (window as any).whenShown('<img src=x onerror=alert(1)>'));
    await postJson(`${hub.url}${API}/update-bill`, hostile);
    await shown;
    const images = await page.evaluate(() => document.querySelector('bill-panel')!.shadowRoot!.querySelectorAll('img').length);
    assert.equal(images, 0);
    assert.deepEqual(dialogs, []);
  });

  it('shows 30 successive bills, each once and in order (publish → render latency printed, not asserted)', async () => {
    const toDom: number[] = [];
    const toFrame: number[] = [];
    for (let n = 1; n <= 30; n++) {
      const bill = billWith(n, { bill_number: `LAT-${n}` });
      const marker = `LAT-${n}`;
      await page.evaluate((text) => {
        (window as any).pending = (window as any).whenShown(text);
      }, marker);
      const postedAt = performance.timeOrigin + performance.now();
      await postJson(`${hub.url}${API}/update-bill`, bill);
      const shownAt = (await page.evaluate(() => (window as any).pending)) as { dom: number; frame: number };
      toDom.push(shownAt.dom - postedAt);
      toFrame.push(shownAt.frame - postedAt);
    }
    const report = { publishToDomMs: summarize(toDom), publishToNextFrameMs: summarize(toFrame) };
    console.log(`e2e latency ${JSON.stringify(report)}`);
    const shown = (await appliedBills(page)).filter((bill) => String(bill).startsWith('LAT-'));
    assert.deepEqual(shown, Array.from({ length: 30 }, (_, i) => `LAT-${i + 1}`), 'each bill applied once, in order');
  });

  it('keeps the last bill on screen while the hub is down, then reconnects by itself', async () => {
    const port = hub.port;
    // Waits for the bill's number: the test before leaves a 30-line bill whose lines include
    // "Item 4", so waiting for a line could end before this bill was drawn.
    const shown = page.evaluate(() => (window as any).whenShown('BEFORE-RESTART'));
    await postJson(`${hub.url}${API}/update-bill`, billWith(4, { bill_number: 'BEFORE-RESTART' }));
    await shown;
    await hub.close();
    await waitUntil('the display to notice the hub is gone', async () => (await syncStatus(page)) === 'offline');
    assert.match(await panelText(page), /BEFORE-RESTART/, 'the last good state stays visible while offline');

    const restartedAt = performance.now();
    hub = await startHubServer({ port, heartbeatMs: 1000 });
    await waitUntil('the display to reconnect', async () => (await syncStatus(page)) === 'live');
    console.log(`e2e reconnect after hub restart: ${(performance.now() - restartedAt).toFixed(0)} ms`);

    // The restarted hub has no bill (no state file): the display follows it to idle, then
    // shows the bill as soon as the till posts it again.
    await waitUntil('the display to follow the restarted hub to idle', () => showsEmptyState(page));
    const again = page.evaluate(() => (window as any).whenShown('AFTER-RESTART'));
    await postJson(`${hub.url}${API}/update-bill`, billWith(2, { bill_number: 'AFTER-RESTART' }));
    await again;
  });

  it('resumes after a dropped connection and shows what was published meanwhile', async () => {
    // Same hub state, new listener: the display must catch up on the events it missed.
    const state = new Hub({ heartbeatMs: 1000 });
    const port = hub.port;
    await hub.close();
    await waitUntil('the display to notice', async () => (await syncStatus(page)) === 'offline');
    hub = await startHubServer({ port, hub: state });
    await waitUntil('the display to reconnect', async () => (await syncStatus(page)) === 'live');
    await postJson(`${hub.url}${API}/update-bill`, billWith(1, { bill_number: 'SEEN' }));
    await waitUntil('the bill', async () => (await panelText(page)).includes('SEEN'));

    await hub.close(); // drops the stream; the shared hub state lives on
    state.publish('default', { command: 'update-bill', body: billWith(3, { bill_number: 'MISSED' }) as never });
    hub = await startHubServer({ port, hub: state });
    await waitUntil('the missed bill', async () => (await panelText(page)).includes('MISSED'));
    assert.deepEqual((await appliedBills(page)).filter((bill) => bill === 'MISSED'), ['MISSED'], 'the bill published while disconnected, applied once');
    assert.deepEqual(await page.evaluate(() => (window as any).displayErrors), []);
  });
});

/**
 * The events of one snapshot share an id (they describe one moment): keep the state each id
 * ended in; then every id must be newer than the one before: no bill applied twice or late.
 */
function assertAppliedInOrder(entries: readonly ProbeEntry[]): void {
  const applied = entries
    .filter((entry) => entry.kind === 'bill' && entry.lastEventId !== null)
    .filter((entry, i, all) => all[i + 1]?.lastEventId !== entry.lastEventId);
  const ids = applied.map((entry) => Number(entry.lastEventId));
  const outOfOrder = ids.filter((id, i) => i > 0 && id <= ids[i - 1]!);
  assert.deepEqual(outOfOrder, [], `event ids applied in increasing order, none twice: ${applied.map((e) => `${e.bill}@${e.lastEventId}`).join(', ')}`);
}
