/**
 * The BroadcastChannel transport: a cashier window and display windows of one browser, no
 * server. A late display gets the current state, several displays stay in step, invalid
 * messages are ignored, and openCustomerDisplay opens the display window.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { dropInRoutes, waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const CASHIER = `<!doctype html><html><head><link rel="icon" href="data:,"><script src="/customer-display-publisher.js"></script></head><body>
<button id="open">Open customer display</button>
<script>
  window.publisher = CustomerDisplay.createDisplayPublisher({ transport: 'broadcast', lane: 'till-7' });
  document.getElementById('open').onclick = async () => { window.opened = await CustomerDisplay.openCustomerDisplay('/display'); window.placement = window.opened.placement; };
</script></body></html>`;

const DISPLAY = `<!doctype html><html lang="id"><head><link rel="icon" href="data:,"><script src="/customer-display.js"></script></head><body>
<display-sync src="broadcast:till-7" reconnect-delay="50" max-reconnect-delay="300"><bill-panel></bill-panel></display-sync>
<script>window.errors = []; document.addEventListener('display-error', (e) => errors.push(e.detail.message));</script>
</body></html>`;

/** A `<shopper-prompt>` alone inside `<display-sync>`: it answers through the channel. */
const PROMPT_DISPLAY = `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><script src="/customer-display.js"></script></head><body>
<display-sync src="broadcast:till-7" reconnect-delay="50" max-reconnect-delay="300"><shopper-prompt></shopper-prompt></display-sync>
</body></html>`;

describe('BroadcastChannel transport (no server)', () => {
  let site: StaticServer;
  let browser: Browser;
  let cashier: Page;
  const pageErrors: string[] = [];
  // False until the page has loaded (a popup may be asked before its document is there).
  const shows = (page: Page, text: string) => page.evaluate((t) => !!document.querySelector('bill-panel')?.shadowRoot?.textContent?.includes(t), text);
  const openDisplay = async () => {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${site.url}/display`);
    return page;
  };

  before(async () => {
    site = await serveStatic({ ...dropInRoutes(), '/cashier': { html: CASHIER }, '/display': { html: DISPLAY }, '/display-prompt': { html: PROMPT_DISPLAY } });
    browser = await launchChromium();
    cashier = await browser.newPage();
    cashier.on('pageerror', (error) => pageErrors.push(String(error)));
    await cashier.goto(`${site.url}/cashier`);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'page errors'));

  const publish = (bill: unknown) => cashier.evaluate((b) => (window as any).publisher.updateBill(b), bill);

  it('a display opened after the bill gets it at once; later updates follow', async () => {
    const result = await publish(billWith(2, { bill_number: 'BC-1' }));
    assert.deepEqual(result, { ok: true, status: 200 });
    const display = await openDisplay();
    await waitUntil('the snapshot', () => shows(display, 'BC-1'));
    await publish(billWith(3, { bill_number: 'BC-2' }));
    await waitUntil('the update', () => shows(display, 'BC-2'));
    assert.equal(await display.evaluate(() => document.querySelector('display-sync')!.status), 'live');
  });

  it('a reloaded cashier window is picked up at once (no wait for the silence timeout)', async () => {
    await publish(billWith(3, { bill_number: 'BC-2' }));
    const display = await openDisplay();
    await waitUntil('live', () => shows(display, 'BC-2'));
    await cashier.reload();
    const started = Date.now();
    await publish(billWith(1, { bill_number: 'AFTER-RELOAD' }));
    await waitUntil('the bill from the reloaded window', () => shows(display, 'AFTER-RELOAD'), 3000);
    assert.ok(Date.now() - started < 3000);
    await publish(billWith(1, { bill_number: 'BC-2' }));
  });

  it('two displays of the lane stay in step', async () => {
    const [first, second] = await Promise.all([openDisplay(), openDisplay()]);
    await Promise.all([waitUntil('first', () => shows(first!, 'BC-2')), waitUntil('second', () => shows(second!, 'BC-2'))]);
    for (let n = 3; n <= 6; n++) await publish(billWith(1, { bill_number: `BC-${n}` }));
    await Promise.all([waitUntil('first', () => shows(first!, 'BC-6')), waitUntil('second', () => shows(second!, 'BC-6'))]);
    const [a, b] = await Promise.all([first, second].map((page) => page!.evaluate(() => document.querySelector('display-sync')!.displayState.lastEventId)));
    assert.equal(a, b);
  });

  it('ignores invalid messages on the channel: bad frames are reported, junk is dropped, state kept', async () => {
    // Learn the next display's id from its hello, as the cashier side does.
    await cashier.evaluate(() => {
      const channel = new BroadcastChannel('pos-customer-display:till-7');
      (window as any).hellos = [];
      channel.onmessage = ({ data }) => data?.type === 'hello' && (window as any).hellos.push(data.from);
    });
    const display = await openDisplay();
    await waitUntil('live', () => shows(display, 'BC-6'));
    const displayId = await cashier.evaluate(() => (window as any).hellos[0] as string);
    assert.ok(displayId);
    await cashier.evaluate((to) => {
      const channel = new BroadcastChannel('pos-customer-display:till-7');
      channel.postMessage('junk');
      channel.postMessage({ type: 'frames', to: 'someone-else', text: 'event: bill-update\ndata: {"bill_id":"x","bill_number":"NOT-MINE","items":[],"total":1}\n\n' });
      channel.postMessage({ type: 'frames', to, text: 'event: bill-update\ndata: {"items":"nope"}\n\n' });
      channel.close();
    }, displayId);
    await waitUntil('the error report', async () => (await display.evaluate(() => (window as any).errors.length)) > 0);
    assert.match((await display.evaluate(() => (window as any).errors))[0], /bill_id: is required/);
    assert.ok(await shows(display, 'BC-6'), 'the last good state stays');
    assert.ok(!(await shows(display, 'NOT-MINE')));
  });

  it('openCustomerDisplay opens the display window (a plain one without a second screen)', async () => {
    // Headless Chromium has one screen; grant the Window Management permission so the API
    // answers (instead of prompting nobody) and the fallback path is the one taken.
    const session = await browser.target().createCDPSession();
    await session.send('Browser.grantPermissions', { origin: site.url, permissions: ['windowManagement'] });
    await cashier.bringToFront();
    const opened = new Promise<Page | null>((resolve) => browser.once('targetcreated', (target) => resolve(target.page())));
    await cashier.click('#open');
    const popup = await opened;
    assert.ok(popup);
    await waitUntil('the popup shows the bill', () => shows(popup!, 'BC-6'));
    assert.equal(await cashier.evaluate(() => (window as any).placement), 'default');
  });

  it('ask() over the channel: the prompt shows, a hostile answer is refused and it stays, a tap answers', async () => {
    const display = await browser.newPage();
    display.on('pageerror', (error) => pageErrors.push(String(error)));
    await display.goto(`${site.url}/display-prompt`);
    await waitUntil('the display live', () => display.evaluate(() => document.querySelector('display-sync')!.getAttribute('status') === 'live'));
    await cashier.evaluate(() => {
      (window as any).asked = (window as any).publisher.ask({ prompt_id: 'bc-rate', kind: 'rating', scale: 5 });
    });
    const optionCount = () => display.evaluate(() => document.querySelector('shopper-prompt')!.shadowRoot!.querySelectorAll('button[part=option]').length);
    await waitUntil('the stars', async () => (await optionCount()) === 5);
    const refused = await display.evaluate(
      () =>
        new Promise((resolve) => {
          const channel = new BroadcastChannel('pos-customer-display:till-7');
          channel.onmessage = ({ data }) => data.type === 'respond-result' && data.to === 'probe' && resolve(data);
          channel.postMessage({ type: 'respond', from: 'probe', request: 'r1', prompt_id: 'bc-rate', value: 6 });
        }),
    );
    assert.deepEqual(refused, { type: 'respond-result', to: 'probe', request: 'r1', ok: false, error: 'value: expected a whole number from 1 to 5' });
    assert.equal(await optionCount(), 5, 'still open');
    await display.evaluate(() => document.querySelector('shopper-prompt')!.shadowRoot!.querySelector<HTMLButtonElement>('button[data-value="4"]')!.click());
    assert.deepEqual(await cashier.evaluate(() => (window as any).asked), { status: 'answered', value: 4 });
    await waitUntil('received', () => display.evaluate(() => /received/.test(document.querySelector('shopper-prompt')!.shadowRoot!.textContent ?? '')));
    await display.close();
  });

});
