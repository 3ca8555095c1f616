/**
 * End to end, the shopper answers: the cashier's `ask()` (the publisher, over HTTP), a real
 * hub, two display pages of the drop-in bundle in Chromium on another origin, taps with
 * the mouse. Tip with amounts, first tap wins, timeout, cancel, a hostile answer from the
 * page, and the answer never in the state file nor in a later display's opening.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { createDisplayPublisher, type DisplayPublisher } from '../../src/publisher/publisher.js';
import { SAMPLE_PROMPTS, typicalBill } from '../../src/scenarios/samples.js';
import { launchChromium } from '../support/chromium.js';
import { BUNDLE, dropInRoutes, waitUntil } from '../support/display-page.js';
import { optionCentre, promptDisplayHtml, promptOptions, promptText, tapKey, tapOption } from '../support/prompt-pages.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const LANE = 'till-1';
const TIP = SAMPLE_PROMPTS.tip;
/** 10, 15, 20 % of the typical bill, in whole rupiah. */
const [TEN, FIFTEEN, TWENTY] = [10, 15, 20].map((percent) => Math.round((typicalBill.total * percent) / 100)) as [number, number, number];

describe('end to end: the shopper answers on the display', () => {
  /** One browser per screen: each page is a visible window, with frames and clicks, as on a till. */
  let browsers: Browser[] = [];
  let hub: RunningHub;
  let site: StaticServer;
  let publisher: DisplayPublisher;
  let screenA: Page;
  let screenB: Page;
  let dir: string;
  let stateFile: string;
  const errors: string[] = [];

  const openScreen = async (browser: Browser) => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${site.url}/display`);
    await waitUntil('the display to go live', () => page.evaluate(() => document.querySelector('display-sync')!.getAttribute('status') === 'live'));
    return page;
  };
  const noPrompt = (page: Page) => waitUntil('the prompt to close', async () => (await promptText(page)) === '');

  before(async () => {
    assert.ok(existsSync(BUNDLE), 'dist/customer-display.js is missing: run `npm run build` first (npm test does)');
    dir = await mkdtemp(join(tmpdir(), 'e2e-prompts-'));
    stateFile = join(dir, 'state.jsonl');
    const routes: Record<string, string | { html: string }> = dropInRoutes();
    site = await serveStatic(routes);
    // The display pages are on their own origin: allowed to answer, as an integrator's would be.
    hub = await startHubServer({ port: 0, heartbeatMs: 2000, allowOrigins: [site.url], stateFile });
    routes['/display'] = { html: promptDisplayHtml(hub.url, LANE) };
    browsers = await Promise.all([launchChromium(), launchChromium(), launchChromium()]);
    [screenA, screenB] = [await openScreen(browsers[0]!), await openScreen(browsers[1]!)];
    publisher = createDisplayPublisher({ hub: hub.url, lane: LANE });
    assert.equal((await publisher.updateBill(typicalBill)).ok, true);
  });

  afterEach(() => assert.deepEqual(errors.splice(0), [], 'page errors'));

  after(async () => {
    publisher?.close();
    await Promise.all(browsers.map((browser) => browser.close()));
    await hub?.close();
    await site?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ask a tip: the display shows each preset as percent and amount; a tap on 15 % resolves ask() with it', async () => {
    const asked = publisher.ask<number>(TIP);
    await waitUntil('the tip options', async () => (await promptOptions(screenA)).length > 0);
    const options = await promptOptions(screenA);
    assert.deepEqual(
      options.map((option) => option.value),
      [String(TEN), String(FIFTEEN), String(TWENTY), 'custom', '0'],
    );
    const rupiah = (amount: number) => `Rp ${amount.toLocaleString('id-ID')}`; // text read with spaces normalised
    assert.equal(options[1]!.text, `15 % ${rupiah(FIFTEEN)}`, `15 % of ${rupiah(typicalBill.total)}`);
    assert.match(await promptText(screenA), /Ingin memberi tip\?/, 'the page is lang="id"');
    await tapOption(screenA, String(FIFTEEN));
    assert.deepEqual(await asked, { status: 'answered', value: FIFTEEN });
    await waitUntil('screen A to acknowledge', async () => /Terima kasih, sudah diterima/.test(await promptText(screenA)));
    assert.ok((await promptText(screenA)).includes(rupiah(FIFTEEN)), 'the answer as sent');
    await noPrompt(screenB);
    await noPrompt(screenA);
  });

  it('two screens on one lane: the first tap wins, both close', async () => {
    const asked = publisher.ask<number>({ ...TIP, prompt_id: 'tip-race' });
    await waitUntil('both screens ask', async () => (await promptOptions(screenA)).length > 0 && (await promptOptions(screenB)).length > 0);
    // Both positions first, then both taps at once: the loser's button may be gone by the
    // time its tap lands (as on a real screen), which must be harmless.
    const [a, b] = await Promise.all([optionCentre(screenA, String(TEN)), optionCentre(screenB, String(TWENTY))]);
    await Promise.all([screenA.mouse.click(a.x, a.y), screenB.mouse.click(b.x, b.y)]);
    const outcome = await asked;
    assert.equal(outcome.status, 'answered');
    assert.ok(outcome.status === 'answered' && [TEN, TWENTY].includes(outcome.value), JSON.stringify(outcome));
    await noPrompt(screenA);
    await noPrompt(screenB);
  });

  it('a prompt with timeout_s counts down and times out: ask() resolves timeout', async () => {
    const asked = publisher.ask({ ...SAMPLE_PROMPTS.rating, prompt_id: 'rate-t', timeout_s: 2 });
    await waitUntil('the countdown', async () => /Sisa 0:0[12]/.test(await promptText(screenA)));
    assert.deepEqual(await asked, { status: 'timeout' });
    await noPrompt(screenA);
    await noPrompt(screenB);
  });

  it('the cashier cancels: ask() resolves cancelled, the screens close', async () => {
    const asked = publisher.ask({ ...SAMPLE_PROMPTS.confirm, prompt_id: 'bag-c' });
    await waitUntil('the question', async () => (await promptOptions(screenB)).length === 2);
    assert.equal(await publisher.cancelPrompt('bag-c'), true);
    assert.deepEqual(await asked, { status: 'cancelled', reason: 'cashier' });
    await noPrompt(screenA);
    await noPrompt(screenB);
  });

  it('a hostile answer from the page gets 400 and the prompt stays open; a tap still answers', async () => {
    const asked = publisher.ask<string>(SAMPLE_PROMPTS.choice);
    await waitUntil('the choice', async () => (await promptOptions(screenA)).length === 2);
    const hostile = await screenA.evaluate(
      async (url) => {
        const replies = [];
        for (const value of ['delivery', '<img src=x onerror=alert(1)>', { $gt: '' }]) {
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt_id: 'dine-42', value }) });
          replies.push(response.status);
        }
        return replies;
      },
      `${hub.url}/api/customer-display/respond?lane=${LANE}`,
    );
    assert.deepEqual(hostile, [400, 400, 400]);
    assert.equal((await promptOptions(screenB)).length, 2, 'still open on the other screen');
    await tapOption(screenB, 'take-away');
    assert.deepEqual(await asked, { status: 'answered', value: 'take-away' });
  });

  it('a receipt by email, typed on the on-screen keyboard: never in the state file, nor shown to a screen that connects later', async () => {
    const asked = publisher.ask(SAMPLE_PROMPTS.receipt);
    await waitUntil('the channels', async () => (await promptOptions(screenA)).length === 4);
    await tapOption(screenA, 'email');
    for (const key of 'siti@ab.id') await tapKey(screenA, key);
    await screenA.click('customer-display >>> shopper-prompt >>> button[part=send]');
    assert.deepEqual(await asked, { status: 'answered', value: { channel: 'email', email: 'siti@ab.id' } });
    await noPrompt(screenA);
    assert.equal((await publisher.updateBill({ ...typicalBill, total: typicalBill.total + 1 })).ok, true); // a journal line after the answer

    const later = await openScreen(browsers[2]!);
    await waitUntil('the later screen has the bill', () => later.evaluate((total) => (document.querySelector('display-sync') as any).displayState.bill?.total === total, typicalBill.total + 1));
    assert.equal(await promptText(later), '', 'no prompt on a screen that connects after the answer');
    const seen = await later.evaluate(() => JSON.stringify((document.querySelector('display-sync') as any).displayState));
    assert.ok(!seen.includes('siti@ab.id') && !seen.includes('receipt-42'), 'nothing of the prompt in its state');
    const journal = await readFile(stateFile, 'utf8');
    assert.ok(!journal.includes('siti@ab.id') && !journal.includes('receipt-42'), 'nothing of the prompt in the state file');
    await later.close();
  });
});
