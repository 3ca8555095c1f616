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
});
