/**
 * Pairing end to end, as a shop does it: the built `display-hub` with `--admin-token`,
 * `--state-file` and `--private-streams`; a screen opens `/display/` with no lane in
 * Chromium and shows a code; the admin API lists it and assigns it; the screen follows the
 * lane without a reload; a hub restart and a page reload keep the pairing; revoking it
 * brings a new code. Then the same with two instances on Redis: paired on A, shown on B.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { launchChromium } from '../support/chromium.js';
import { bannerText, billText, displayStatus } from '../support/display-app.js';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { admin, API } from '../support/fleet.js';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';
import { postJson } from '../support/sse-client.js';

const ADMIN = 'admin-token-e2e-0001';

/** The code the screen shows (spaces removed), or null. */
const shownCode = (page: Page) =>
  page.evaluate(() => {
    const screen = document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen');
    return screen?.shadowRoot?.querySelector('[part=code]')?.textContent?.replace(/\s+/g, '') ?? null;
  });

const identifyNumber = (page: Page) =>
  page.evaluate(() => {
    const screen = document.querySelector('customer-display')?.shadowRoot?.querySelector('pairing-screen');
    return screen?.shadowRoot?.querySelector('[part=identify]')?.textContent?.trim() ?? null;
  });

const footer = (page: Page) => page.evaluate(() => document.querySelector('customer-display > [slot=footer]')?.textContent ?? null);

async function waitForCode(page: Page, not?: string): Promise<string> {
  await waitUntil('a pairing code on the screen', async () => {
    const code = await shownCode(page);
    return !!code && code !== not;
  }, 15_000);
  return (await shownCode(page))!;
}

async function waitForBill(page: Page, billNumber: string): Promise<void> {
  await waitUntil(`bill ${billNumber} on the screen`, async () => (await billText(page)).includes(billNumber), 15_000);
}

describe('pairing a screen end to end (display-hub, Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let hub: HubProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'fleet-e2e-'));
  // The lane's overrides apply once the screen knows its lane.
  const config = join(dir, 'display-hub.json');
  writeFileSync(config, JSON.stringify({ footer: 'Every lane', lanes: { 'till-1': { footer: 'Counter one' } } }));
  const start = () =>
    startHubProcess(['--port', String(port), '--admin-token', ADMIN, '--state-file', join(dir, 'state.json'), '--private-streams', '--config', config, '--log-level', 'warn']);
  const publish = (lane: string, bill: string) => postJson(`http://127.0.0.1:${port}${API}/update-bill?lane=${lane}`, billWith(1, { bill_number: bill }));

  before(async () => {
    port = await freePort();
    hub = await start();
    browser = await launchChromium({ userDataDir: join(dir, 'profile') });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
  });
  after(async () => {
    await browser?.close();
    hub?.child.kill('SIGTERM');
    await hub?.exited;
  });

  it('a screen opened with no lane shows a code; the admin lists it, assigns it, and a bill on that lane appears without a reload', async () => {
    await page.goto(`${hub.url}/display/`);
    const code = await waitForCode(page);
    assert.match(code, /^[ACDEFHJKMNPRTUVWXY3479]{6}$/);
    assert.equal(await footer(page), 'Every lane');
    const listed = await admin(hub.url, ADMIN, 'GET', 'displays');
    const pending = listed.body.displays.find((display: { code: string }) => display.code === code);
    assert.ok(pending, `the admin list has ${code}: ${JSON.stringify(listed.body)}`);
    assert.equal(pending.status, 'pending');
    assert.match(pending.user_agent, /Chrome/);
    assert.equal(pending.address, '127.0.0.1');

    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    assert.equal((await admin(hub.url, ADMIN, 'POST', `displays/${code}/assign`, { lane: 'till-1', name: 'Front counter' })).status, 200);
    await publish('till-1', 'PAIRED-1');
    await waitForBill(page, 'PAIRED-1');
    assert.equal(await shownCode(page), null);
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'switched without a reload');
    assert.equal(await footer(page), 'Counter one', "till-1's own footer from the configuration");
    const paired = (await admin(hub.url, ADMIN, 'GET', 'displays')).body.displays.find((display: { name: string }) => display.name === 'Front counter');
    assert.equal(paired.lane, 'till-1');
    assert.equal(paired.status, 'connected');

    await publish('till-2', 'OTHER-LANE');
    await publish('till-1', 'PAIRED-2');
    await waitForBill(page, 'PAIRED-2');
    assert.ok(!(await billText(page)).includes('OTHER-LANE'));
  });

  it('a lane\'s page opened on a screen that is not paired says so (not "connection lost") and stops asking every few seconds', async () => {
    const stranger = await browser.newPage();
    try {
      const streams: string[] = [];
      stranger.on('request', (request) => void (request.url().includes(`${API}/stream`) && streams.push(request.url())));
      await stranger.goto(`${hub.url}/display/?lane=till-1`);
      await waitUntil('the screen refused', async () => (await displayStatus(stranger)) === 'refused', 15_000);
      assert.match(await bannerText(stranger), /Layar ini belum dipasangkan atau tidak diizinkan/);
      assert.doesNotMatch(await bannerText(stranger), /terputus|menyambung/);
      const asked = streams.length;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      assert.equal(streams.length, asked, `no stream request in the 3 s after the refusal (the issue saw 6 in 6 s): ${streams.length}`);
      assert.ok(asked <= 2, `the stream and one look at its status: ${asked}`);
    } finally {
      await stranger.close();
    }
  });

  it('identify shows a big number on that screen', async () => {
    const { body } = await admin(hub.url, ADMIN, 'GET', 'displays');
    const id = body.displays.find((display: { name: string }) => display.name === 'Front counter').id;
    assert.equal((await admin(hub.url, ADMIN, 'POST', `displays/${id}/identify`, { number: 7 })).status, 200);
    await waitUntil('the identify number', async () => (await identifyNumber(page)) === '7', 10_000);
  });

  it('after a hub restart and a page reload it is still paired and follows its lane', async () => {
    hub.child.kill('SIGTERM');
    await hub.exited;
    hub = await start();
    await page.reload();
    await waitUntil('live again', async () => (await displayStatus(page)) === 'live', 15_000);
    assert.equal(await shownCode(page), null);
    await publish('till-1', 'AFTER-RESTART');
    await waitForBill(page, 'AFTER-RESTART');
  });

  it('the pairings file beside the state file keeps the secret hashed, never in clear', async () => {
    const { id, key } = await page.evaluate(() => JSON.parse(localStorage.getItem('pos-customer-display:pairing')!) as { id: string; key: string });
    const saved = await readFile(join(dir, 'state.displays.json'), 'utf8');
    assert.ok(!saved.includes(key), 'the secret is not in the file');
    const pairing = (JSON.parse(saved) as { pairings: Array<{ id: string; key_hash: string }> }).pairings.find((entry) => entry.id === id);
    assert.equal(pairing?.key_hash, createHash('sha256').update(key).digest('hex'));
  });

  it('moving it to another lane switches the screen without a reload; revoking it brings a new code', async () => {
    const { body } = await admin(hub.url, ADMIN, 'GET', 'displays');
    const id = body.displays.find((display: { name: string }) => display.name === 'Front counter').id;
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    assert.equal((await admin(hub.url, ADMIN, 'PATCH', `displays/${id}`, { lane: 'till-9' })).status, 200);
    await publish('till-9', 'MOVED-9');
    await waitForBill(page, 'MOVED-9');
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);

    assert.equal((await admin(hub.url, ADMIN, 'DELETE', `displays/${id}`)).status, 200);
    const code = await waitForCode(page);
    const after = (await admin(hub.url, ADMIN, 'GET', 'displays')).body.displays;
    assert.ok(after.some((display: { code: string; status: string }) => display.code === code && display.status === 'pending'));
    assert.ok(!after.some((display: { id: string }) => display.id === id), 'the revoked display is gone');
  });
});

const { binary: redisBinary, skip } = redisForTests();

describe('pairing across two hub instances on Redis', { skip }, () => {
  let redis: RedisProcess;
  let a: RunningHub;
  let b: RunningHub;
  let browser: Browser;

  before(async () => {
    redis = await startRedis(redisBinary);
    const options = { port: 0, heartbeatMs: 0, redis: redis.url, adminToken: ADMIN, privateStreams: true, displayApp: {} };
    [a, b] = await Promise.all([startHubServer(options), startHubServer(options)]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('a screen on B is listed and assigned on A, shows what is posted to A, and a revoke on A cuts it off on B', async () => {
    const page = await browser.newPage();
    await page.goto(`${b.url}/display/`);
    const code = await waitForCode(page);
    const listed = (await admin(a.url, ADMIN, 'GET', 'displays')).body.displays;
    assert.ok(listed.some((display: { code: string }) => display.code === code), 'A lists the code shown by a screen on B');
    const assigned = await admin(a.url, ADMIN, 'POST', `displays/${code}/assign`, { lane: 'store-7', name: 'Chain screen' });
    assert.equal(assigned.status, 200);
    await postJson(`${a.url}${API}/update-bill?lane=store-7`, billWith(1, { bill_number: 'VIA-A' }));
    await waitForBill(page, 'VIA-A');
    const onA = (await admin(a.url, ADMIN, 'GET', 'displays')).body.displays.find((display: { id: string }) => display.id === assigned.body.display.id);
    assert.equal(onA.status, 'connected', 'A sees the screen connected to B');
    const metrics = await (await fetch(`${a.url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN}` } })).text();
    assert.match(metrics, /^display_hub_redis_up 1$/m);
    assert.match(metrics, /^display_hub_paired_displays\{status="connected"\} 1$/m);

    // Its secret is good on A too (shared pairings), and refused everywhere once revoked on A.
    const key = await page.evaluate(() => JSON.parse(localStorage.getItem('pos-customer-display:pairing')!) as { id: string; key: string });
    const streamOnA = `${a.url}${API}/stream?lane=store-7&display=${key.id}&key=${key.key}`;
    assert.equal((await fetch(streamOnA, { signal: AbortSignal.timeout(5000) }).then((r) => (r.body?.cancel(), r.status))), 200);
    assert.equal((await admin(a.url, ADMIN, 'DELETE', `displays/${key.id}`)).status, 200);
    await waitForCode(page, code);
    assert.equal((await fetch(streamOnA).then((r) => (r.body?.cancel(), r.status))), 401);
    await page.close();
  });
});
