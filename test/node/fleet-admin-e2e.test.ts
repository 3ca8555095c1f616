/**
 * The admin page in Chromium at phone size, against a real hub with a real display page:
 * sign in, see the waiting code live, pair it from the page, send a test bill, identify,
 * rename, revoke. Every step is checked on the display's screen too. The admin stream is
 * recorded in the page: one snapshot when it opens, then each change arrives as a `change`
 * of what changed (never a new snapshot of everything).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { billText } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { admin } from '../support/fleet.js';

const ADMIN = 'admin-token-page-0001';

const pairingText = (page: Page) =>
  page.evaluate(() => document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** Records what the page's admin stream receives (before the page's own script runs). */
function recordAdminStream(): void {
  const Original = window.EventSource;
  const received: Array<{ type: string; data: unknown }> = [];
  Object.assign(window, { adminStream: received });
  window.EventSource = class extends Original {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      if (!String(url).includes('/admin/events')) return;
      for (const type of ['snapshot', 'change']) this.addEventListener(type, (event) => received.push({ type, data: JSON.parse((event as MessageEvent<string>).data) }));
    }
  };
}

interface Received {
  type: 'snapshot' | 'change';
  data: { lanes: Array<{ lane: string; bill_number: string | null }>; displays: Array<{ code: string | null; status: string }> };
}
const adminStream = (page: Page) => page.evaluate(() => (window as unknown as { adminStream: unknown }).adminStream) as Promise<Received[]>;

/** Text of the admin element's shadow root. */
const adminText = (page: Page) => page.evaluate(() => document.querySelector('display-admin')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');

describe('admin page (Chromium, 390×844)', () => {
  let hub: RunningHub;
  let browser: Browser;
  let screen: Page;
  let phone: Page;

  before(async () => {
    // The shop's money in US dollars: the admin page shows lane totals as the screens do.
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { config: { locale: 'en-US', currency: 'USD' } } });
    browser = await launchChromium();
    screen = await browser.newPage();
    await screen.setViewport({ width: 1280, height: 720 });
    phone = await browser.newPage();
    await phone.evaluateOnNewDocument(recordAdminStream);
    await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('a wrong token is refused on the page; the right one shows the waiting screen live', async () => {
    const missing: string[] = [];
    const onResponse = (response: { status(): number; url(): string }) => void (response.status() === 404 && missing.push(response.url()));
    phone.on('response', onResponse);
    await phone.goto(`${hub.url}/admin/`);
    await phone.locator('display-admin >>> input[name=token]').wait();
    phone.off('response', onResponse);
    assert.deepEqual(missing, [], 'no 404 (a favicon) loading the page');
    assert.ok(await phone.$('head link[rel=icon]'), 'an icon');
    assert.match(await phone.$eval('head meta[name=description]', (meta) => meta.getAttribute('content')!), /display/);
    // The login card keeps a margin from the phone's edges.
    const card = await phone.evaluate(() => document.querySelector('display-admin')!.shadowRoot!.querySelector('.login')!.getBoundingClientRect().toJSON() as DOMRect);
    assert.ok(card.left >= 12 && card.right <= 390 - 12, `login card from ${card.left} to ${card.right} px`);
    await phone.locator('display-admin >>> input[name=token]').fill('wrong-token-123');
    await phone.locator('display-admin >>> button.primary').click();
    await waitUntil('the refusal, in words', async () => (await adminText(phone)).includes('Wrong admin token'), 10_000);
    await phone.locator('display-admin >>> input[name=token]').fill(ADMIN);
    await phone.locator('display-admin >>> button.primary').click();
    await waitUntil('signed in', async () => (await adminText(phone)).includes('Waiting to be paired (0)'), 10_000);

    await screen.goto(`${hub.url}/display/`);
    await waitUntil('a code on the screen', async () => /[A-Z0-9]{3} [A-Z0-9]{3}/.test(await pairingText(screen)), 10_000);
    const code = /([A-Z0-9]{3}) ([A-Z0-9]{3})/.exec(await pairingText(screen))!.slice(1).join('');
    assert.ok((await pairingText(screen)).includes(`${hub.url}/admin/`), `the hub's admin address in full on the screen: ${await pairingText(screen)}`);
    await waitUntil('the code on the admin page, without a reload', async () => (await adminText(phone)).includes(code), 10_000);
    const received = await adminStream(phone);
    assert.equal(received.filter((message) => message.type === 'snapshot').length, 1, 'one snapshot, when the stream opened');
    assert.ok(
      received.some((message) => message.type === 'change' && message.data.displays.some((display) => display.code === code)),
      'the waiting screen came as a change',
    );
  });

  it('no placeholder is cut at 390 px', async () => {
    const cut = await phone.evaluate(() => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      return [...document.querySelector('display-admin')!.shadowRoot!.querySelectorAll<HTMLInputElement>('input[placeholder]')].flatMap((input) => {
        const style = getComputedStyle(input);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const needs = canvas.measureText(input.placeholder).width;
        return needs > room ? [`"${input.placeholder}": ${Math.round(needs)} px in ${Math.round(room)} px`] : [];
      });
    });
    assert.ok((await phone.$$eval('display-admin >>> input[placeholder]', (inputs) => inputs.length)) >= 3, 'the placeholders are there');
    assert.deepEqual(cut, []);
  });

  it('pairs the code from the page; a test bill and identify reach that screen', async () => {
    await phone.locator('display-admin >>> [data-code] input[name=lane]').fill('till-1');
    await phone.locator('display-admin >>> [data-code] input[name=name]').fill('Front counter');
    await phone.locator('display-admin >>> [data-code] button.primary').click();
    await waitUntil('the screen leaves the code', async () => (await pairingText(screen)) === '', 10_000);
    await waitUntil('the display listed as connected', async () => (await adminText(phone)).includes('Front counter'), 10_000);
    await waitUntil('status connected', async () => phone.evaluate(() => !!document.querySelector('display-admin')?.shadowRoot?.querySelector('[data-display] .dot.connected')), 10_000);

    await phone.locator('display-admin >>> [data-display] button ::-p-text(Test bill)').click();
    await waitUntil('the test bill on the screen', async () => (await billText(screen)).includes('TEST-'), 10_000);
    await waitUntil('the lane shows its bill', async () => (await adminText(phone)).includes('TEST-'), 10_000);
    assert.match(await adminText(phone), /TEST-[\d:]+ · \$\d{1,3}(,\d{3})*\.\d\d/, 'the lane total in the shop\'s currency');
    const billChange = (await adminStream(phone)).find((message) => message.data.lanes.some((lane) => lane.bill_number?.startsWith('TEST-')));
    assert.equal(billChange?.type, 'change', 'the test bill came as a change');
    assert.deepEqual(
      billChange!.data.lanes.map((lane) => lane.lane),
      ['till-1'],
      'of its lane only',
    );

    await phone.locator('display-admin >>> [data-display] button ::-p-text(Identify)').click();
    await waitUntil('the number on the screen', async () => (await pairingText(screen)) === '1', 10_000);
  });

  it('renames from the page, and revoking brings a new code to the screen', async () => {
    await phone.locator('display-admin >>> [data-display] button ::-p-text(Rename)').click();
    await phone.locator('display-admin >>> [data-display] input[name=name]').fill('Back counter');
    await phone.locator('display-admin >>> [data-display] button.primary').click();
    await waitUntil('renamed', async () => (await admin(hub.url, ADMIN, 'GET', 'displays')).body.displays.some((d: { name: string }) => d.name === 'Back counter'), 10_000);
    await waitUntil('"Saved" with the new name', async () => (await adminText(phone)).includes('Saved Back counter'), 10_000);

    phone.once('dialog', (dialog) => void dialog.accept());
    await phone.locator('display-admin >>> [data-display] button.danger').click();
    await waitUntil('a new code on the screen', async () => /[A-Z0-9]{3} [A-Z0-9]{3}/.test(await pairingText(screen)), 10_000);
    await waitUntil('the admin page lists the new code', async () => (await adminText(phone)).includes('Waiting to be paired (1)'), 10_000);
  });

  it('a code typed on the page (as read off the screen, lower case and spaced) pairs that screen', async () => {
    const code = /([A-Z0-9]{3}) ([A-Z0-9]{3})/.exec(await pairingText(screen))!;
    await phone.locator('display-admin >>> form.by-code input[name=code]').fill(`${code[1]!.toLowerCase()} ${code[2]}`);
    await phone.locator('display-admin >>> form.by-code input[name=lane]').fill('till-2');
    await phone.locator('display-admin >>> form.by-code input[name=name]').fill('Side counter');
    await phone.locator('display-admin >>> form.by-code button.primary').click();
    await waitUntil('the screen leaves the code', async () => (await pairingText(screen)) === '', 10_000);
    await waitUntil('listed under its name', async () => (await adminText(phone)).includes('Side counter'), 10_000);
    assert.equal(await phone.$eval('display-admin >>> form.by-code input[name=code]', (input) => (input as HTMLInputElement).value), '', 'the form cleared');
  });
});
