import { ContextProvider } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/display-status/display-status.js';
import type { DisplayStatus } from '../../src/components/display-status/display-status.js';
import '../../src/sync/display-sync.js';
import type { DisplaySync } from '../../src/sync/display-sync.js';
import { displayContext } from '../../src/sync/display-context.js';
import { INITIAL_DISPLAY_STATE, type DisplayState } from '../../src/sync/display-state.js';
import { isAnnounced } from './live-region.js';
import { fakeStream } from '../support/fake-stream.js';

async function withState(state: DisplayState, lang = 'en') {
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  const provider = new ContextProvider(host, { context: displayContext, initialValue: state });
  host.innerHTML = '<display-status></display-status>';
  const status = host.querySelector('display-status') as DisplayStatus;
  await status.updateComplete;
  return { status, provider };
}

const banner = (el: DisplayStatus) => el.shadowRoot!.querySelector<HTMLElement>('[part=banner]');

describe('<display-status>', () => {
  afterEach(() => sinon.restore());

  it('shows nothing while live', async () => {
    const { status } = await withState({ ...INITIAL_DISPLAY_STATE, status: 'live' });
    expect(banner(status)).to.equal(null);
  });

  it('says connecting, stale, or connection lost with the time since the last event', async () => {
    const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { status, provider } = await withState({ ...INITIAL_DISPLAY_STATE, status: 'connecting' });
    expect(banner(status)!.textContent).to.contain('Connecting');
    provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'offline', lastMessageAt: 1_000_000 - 12_000 });
    await status.updateComplete;
    expect(banner(status)!.innerText.replace(/\s+/g, ' ')).to.match(/Connection lost · reconnecting… \(last update 12 sec ago\)/);
    const since = status.shadowRoot!.querySelector('[part=since]')!;
    expect(isAnnounced(since), '"last update N sec ago" changes each second: never read out').to.equal(false);
    const headline = [...banner(status)!.querySelectorAll('*')].find((node) => node.textContent === 'Connection lost · reconnecting…')!;
    expect(isAnnounced(headline), 'the status change is').to.equal(true);
    clock.tick(3 * 60_000);
    await status.updateComplete;
    expect(banner(status)!.textContent).to.contain('3 min');
    provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'stale', lastMessageAt: Date.now() - 40_000 });
    await status.updateComplete;
    expect(banner(status)!.textContent).to.contain('Waiting for updates');
    provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', lastMessageAt: Date.now() });
    await status.updateComplete;
    expect(banner(status)).to.equal(null);
    expect(clock.countTimers(), 'no clock while live').to.equal(0);
  });

  it('speaks Indonesian under lang="id"', async () => {
    const { status } = await withState({ ...INITIAL_DISPLAY_STATE, status: 'offline' }, 'id');
    expect(banner(status)!.textContent).to.contain('Koneksi terputus');
  });

  it('with debug, lists the last events with times and ids, rejected ones marked', async () => {
    const base = `/fake/status-${Date.now()}`;
    await fetch(`${base}/greeting`, {
      method: 'POST',
      body: 'id: 5\nevent: connected\ndata: {"status":"ok","mode":"snapshot"}\n\nid: 6\nevent: bill-update\ndata: {"bill_id":"b","bill_number":"DBG-1","items":[],"total":0}\n\nevent: bill-update\ndata: {"items":[]}\n\n',
    });
    const sync = await fixture<DisplaySync>(html`<display-sync><display-status debug></display-status></display-sync>`);
    sync.src = base;
    const status = sync.querySelector('display-status')!;
    await waitUntil(() => (status.shadowRoot!.querySelectorAll('[part=debug] li').length ?? 0) >= 4, 'log entries');
    const lines = [...status.shadowRoot!.querySelectorAll('[part=debug] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(lines[0]).to.match(/^\d\d:\d\d:\d\d\.\d{3} bill-update .*✕ bill_id: is required/);
    expect(lines[1]).to.match(/#6 bill-update DBG-1 · 0 items · total 0$/);
    expect(lines[2]).to.match(/#5 connected snapshot$/);
    expect(status.shadowRoot!.querySelector('[part=debug] li.error')).to.exist;
  });

  for (const [code, lang, words] of [
    [401, 'id', 'Layar ini belum dipasangkan atau tidak diizinkan'],
    [403, 'en', 'This screen is not paired, or not allowed on this till'],
  ] as const) {
    it(`a stream refused with ${code} says the screen is not paired / not allowed (lang="${lang}"), not "connection lost", and stops asking every few seconds`, async () => {
      const stream = await fakeStream();
      await stream.fail(code);
      const host = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
      host.innerHTML = `<display-sync src="${stream.base}" lane="till-1" reconnect-delay="20" max-reconnect-delay="100"><display-status></display-status></display-sync>`;
      const sync = host.querySelector('display-sync') as DisplaySync;
      const status = host.querySelector('display-status') as DisplayStatus;
      await waitUntil(() => sync.status === 'refused', `refused, not ${sync.status}`, { timeout: 5000 });
      await status.updateComplete;
      expect(banner(status)!.textContent).to.contain(words);
      expect(banner(status)!.textContent).not.to.match(/terputus|Connection lost|menyambung|reconnecting/);
      expect(sync.getAttribute('status')).to.equal('refused');
      const asked = (await stream.log()).requests.length;
      // A failing hub is retried every 20-100 ms here; a refusing one not within the next second.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await stream.log()).requests.length, 'no request after the refusal').to.equal(asked);
      expect(asked, 'the stream and one look at its status').to.be.at.most(2);
    });
  }

  it('a stream failing with 503 is still "connection lost" and retried soon', async () => {
    const stream = await fakeStream();
    await stream.fail(503);
    const host = await fixture<HTMLDivElement>(html`<div lang="en"></div>`);
    host.innerHTML = `<display-sync src="${stream.base}" reconnect-delay="20" max-reconnect-delay="100"><display-status></display-status></display-sync>`;
    const sync = host.querySelector('display-sync') as DisplaySync;
    const status = host.querySelector('display-status') as DisplayStatus;
    await waitUntil(async () => (await stream.log()).requests.length >= 6, 'retried soon', { timeout: 5000 });
    expect(sync.status).to.equal('offline');
    await status.updateComplete;
    expect(banner(status)!.textContent).to.contain('Connection lost');
  });
});
