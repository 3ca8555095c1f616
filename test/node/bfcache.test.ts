/**
 * Back/forward cache, end to end: one Chromium tab moved across 8 lanes of the built hub's
 * `/display/?lane=till-N`. A page Chromium keeps in its back/forward cache must not keep its
 * stream open: with streams left open, the 6-per-host connection limit is used up by the
 * 7th page (it says "Menghubungkan…" for 30–60 s) and the hub counts phantom displays.
 * Each page here shows its bill at once, the hub counts one display at every step, and a
 * page brought back from the cache resumes: it shows the bill posted while it was cached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { djangoBill } from '../../src/scenarios/index.js';
import { launchChromium } from '../support/chromium.js';
import { billText, displayStatus } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const LANES = Array.from({ length: 8 }, (_, index) => `till-${index + 1}`);
/** Far under the 30–60 s a page waits for a free connection when cached pages hold theirs. */
const BILL_SHOWN_WITHIN_MS = 10_000;

/**
 * Counts, in the page, `pageshow` events that came from the back/forward cache, and keeps
 * every connection status the display reported (`display-status`), to see none flash by.
 */
const COUNT_RESTORES = `window.displayStatuses = [];
addEventListener('pageshow', (event) => { if (event.persisted) window.bfcacheRestores = (window.bfcacheRestores || 0) + 1; });
addEventListener('display-status', (event) => window.displayStatuses.push(event.detail.status));`;
type PageMarks = { bfcacheRestores?: number; displayStatuses: string[] };

describe('back/forward cache: one tab across 8 lanes', () => {
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;

  const postBill = (lane: string, item: string) =>
    postJson(`${hub.url}${API}/update-bill?lane=${lane}`, djangoBill(`INV-${lane}`, [{ id: 1, name: item, price: 1000 }]));
  const clients = async () => ((await (await fetch(`${hub.url}${API}/health`)).json()) as { clients: number }).clients;
  /** The hub notices a closed stream when its socket closes: give it a moment, then it must say one. */
  const expectOneDisplay = async (step: string) => {
    await waitUntil(`one display counted (${step})`, async () => (await clients()) === 1, 3000).catch(() => {});
    assert.equal(await clients(), 1, `the hub counts one display ${step}`);
  };

  before(async () => {
    hub = await startHubProcess(['--log-level', 'warn']);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.evaluateOnNewDocument(COUNT_RESTORES);
  });

  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGKILL');
  });

  it('each lane shows its bill at once, and the hub counts one display at every step', async (t) => {
    const times: number[] = [];
    for (const lane of LANES) {
      await postBill(lane, `Kopi ${lane}`);
      const started = Date.now();
      await page.goto(`${hub.url}/display/?lane=${lane}`);
      await waitUntil(`the bill of ${lane}`, async () => (await billText(page)).includes(`Kopi ${lane}`), BILL_SHOWN_WITHIN_MS);
      times.push(Date.now() - started);
      await waitUntil(`${lane} live`, async () => (await displayStatus(page)) === 'live', BILL_SHOWN_WITHIN_MS);
      await expectOneDisplay(`on ${lane}`);
    }
    t.diagnostic(`time to the bill per page (ms): ${times.join(', ')}`);
  });

  it('a page brought back from the cache shows the bill posted while it was there, and resumes', async () => {
    const restoresBefore = await page.evaluate(() => (window as unknown as PageMarks).bfcacheRestores ?? 0);
    await postBill('till-7', 'Teh till-7 while cached');
    await page.goBack();
    assert.match(page.url(), /lane=till-7/);
    const restores = await page.evaluate(() => (window as unknown as PageMarks).bfcacheRestores ?? 0);
    assert.equal(restores, restoresBefore + 1, 'Chromium restored the page from its back/forward cache (not a reload)');
    await waitUntil('the bill posted while cached', async () => (await billText(page)).includes('Teh till-7 while cached'), BILL_SHOWN_WITHIN_MS);
    const statuses = await page.evaluate(() => (window as unknown as PageMarks).displayStatuses);
    assert.deepEqual(statuses, ['live'], 'live since its first load: closing for the cache and reopening flashed no other status');
    await expectOneDisplay('after going back');

    // Resumed, not only refreshed once: a bill posted now reaches the restored page.
    await postBill('till-7', 'Jus till-7 after restore');
    await waitUntil('a bill posted after the restore', async () => (await billText(page)).includes('Jus till-7 after restore'), BILL_SHOWN_WITHIN_MS);
    assert.equal(await displayStatus(page), 'live');

    await page.goBack();
    assert.match(page.url(), /lane=till-6/);
    await waitUntil('till-6 bill', async () => (await billText(page)).includes('Kopi till-6'), BILL_SHOWN_WITHIN_MS);
    await expectOneDisplay('after going back twice');
  });
});
