/**
 * A long bill on the served display app, end to end: the built `display-hub` (with a state
 * file, so a restart brings the lane back), `/display/?lane=till-1` in Chromium on an 800 px
 * screen. A 40-line bill opens (and reloads, and comes back after a reconnect) at its newest
 * line with "▲ N lainnya"; a line changed in the middle keeps the newest line in view; a view
 * the shopper scrolled up with the keyboard stays put until a line is added; axe finds the
 * list reachable (scrollable-region-focusable).
 *
 * Before: lines 1–9 (scrollTop 0, the 40th line at y ≈ 1990) and no "▲ N more".
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { billText, displayStatus } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface ListView {
  lines: number;
  scrollTop: number;
  /** The last line wholly inside the list's box (within a pixel: scrollTop is whole pixels). */
  newestInView: boolean;
  /** Lines whose top is above the list's box, measured from the boxes. */
  hiddenAbove: number;
  firstVisible: number;
  /** The "▲ N more" text, or null when absent. */
  more: string | null;
}

/**
 * The bill list as the shopper sees it, a few frames after the last change (render, pin,
 * indicator). A string: tsx would name the arrow functions of a compiled callback with a
 * helper the page does not have.
 */
const LIST_VIEW = `(async () => {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const panel = document.querySelector('customer-display').shadowRoot.querySelector('bill-panel').shadowRoot;
  const list = panel.querySelector('[part=items]');
  const box = list.getBoundingClientRect();
  const lines = [...list.children].map((line) => line.getBoundingClientRect());
  const last = lines[lines.length - 1];
  return {
    lines: lines.length,
    scrollTop: list.scrollTop,
    newestInView: last.top >= box.top - 1 && last.bottom <= box.bottom + 1,
    hiddenAbove: lines.filter((line) => line.top < box.top - 0.5).length,
    firstVisible: lines.findIndex((line) => line.top >= box.top - 0.5),
    more: panel.querySelector('[part=more-above]')?.textContent?.trim() ?? null,
  };
})()`;
const listView = (page: Page) => page.evaluate(LIST_VIEW) as Promise<ListView>;

/** The newest line in view, and "▲ N lainnya" telling exactly how many lines are above. */
function assertAtNewest(view: ListView, lines: number, when: string): void {
  assert.equal(view.lines, lines, `${when}: lines rendered`);
  assert.ok(view.newestInView, `${when}: the newest line is in view (${JSON.stringify(view)})`);
  assert.ok(view.hiddenAbove > 20, `${when}: most lines are above an 800 px screen (${view.hiddenAbove})`);
  assert.equal(view.more, `▲ ${view.hiddenAbove} lainnya`, `${when}: the indicator counts the hidden lines`);
}

describe('a long bill on the display app (built hub → Chromium, 1280×800)', () => {
  let browser: Browser;
  let page: Page;
  let hub: HubProcess;
  let port: number;
  const stateFile = join(mkdtempSync(join(tmpdir(), 'long-bill-')), 'state.jsonl');
  const start = () => startHubProcess(['--port', String(port), '--state-file', stateFile, '--log-level', 'warn']);
  const post = (bill: unknown) => postJson(`${hub.url}${API}/update-bill?lane=till-1`, bill);
  const showsLine = (name: string) => waitUntil(name, async () => (await billText(page)).includes(name), 15_000);

  before(async () => {
    port = await freePort();
    hub = await start();
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
  });

  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGKILL');
  });

  it('opens a 40-line bill (the lane state on load) at its newest line, with "▲ N lainnya"', async () => {
    await post(billWith(40));
    await page.goto(`${hub.url}/display/?lane=till-1`);
    await showsLine('Item 40');
    assertAtNewest(await listView(page), 40, 'opened');
  });

  it('and again on a reload', async () => {
    await page.reload();
    await showsLine('Item 40');
    assertAtNewest(await listView(page), 40, 'reloaded');
  });

  it('and after a reconnect (the hub restarted: a snapshot replaces the state)', async () => {
    await waitUntil('live', async () => (await displayStatus(page)) === 'live', 15_000);
    hub.child.kill('SIGTERM');
    await hub.exited;
    await waitUntil('the display to notice', async () => (await displayStatus(page)) !== 'live', 15_000);
    hub = await start();
    await waitUntil('live again', async () => (await displayStatus(page)) === 'live', 30_000);
    await showsLine('Item 40');
    assertAtNewest(await listView(page), 40, 'reconnected');
  });

  it('keeps the newest line in view when lines in the middle change (one above the view, one in it grows)', async () => {
    // The shopper watches the end of the bill (what was just scanned) and the total, which shows
    // the change; scrolling to the changed line would hide both.
    const bill = billWith(40);
    const long = ' (harga promo, berlaku sampai akhir bulan, satu per pelanggan)'.repeat(3);
    bill.items[19] = { ...bill.items[19]!, name: `Item 20${long}` };
    bill.items[37] = { ...bill.items[37]!, name: `Item 38${long}` };
    await post(bill);
    await showsLine('Item 38 (harga promo');
    assertAtNewest(await listView(page), 40, 'a line in the middle changed');
  });

  it('leaves a view the shopper scrolled up (keyboard: Tab to the list, Home) until a line is added', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const panel = document.querySelector('customer-display')!.shadowRoot!.querySelector('bill-panel')!.shadowRoot!;
      return panel.activeElement?.getAttribute('part') === 'items' && panel.activeElement.getAttribute('aria-label');
    });
    assert.equal(focused, 'Daftar belanja', 'the first Tab reaches the list, which has a name');
    await page.keyboard.press('Home');
    await waitUntil('scrolled to the top', async () => (await listView(page)).scrollTop === 0, 5000);
    assert.deepEqual([(await listView(page)).firstVisible, (await listView(page)).more], [0, null]);

    const changed = billWith(40);
    changed.items[24] = { ...changed.items[24]!, name: 'Item 25 (ganti)' };
    await post(changed);
    await showsLine('Item 25 (ganti)');
    assert.equal((await listView(page)).firstVisible, 0, 'a change in the middle leaves the shopper where they read');

    await post(billWith(41));
    await showsLine('Item 41');
    assertAtNewest(await listView(page), 41, 'a line added');
  });

  it('axe: the scrolling list is keyboard-reachable (scrollable-region-focusable)', async () => {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const results = await axe.run(document, { runOnly: { type: 'rule', values: ['scrollable-region-focusable'] } });
      return results.violations.map((violation) => `${violation.id}: ${violation.nodes.length} node(s)`);
    });
    assert.deepEqual(violations, []);
  });
});
