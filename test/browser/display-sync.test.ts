import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/components/bill-panel/bill-panel.js';
import type { BillPanel } from '../../src/components/bill-panel/bill-panel.js';
import '../../src/sync/display-sync.js';
import type { DisplayErrorDetail, DisplaySync } from '../../src/sync/display-sync.js';
import { fakeStream, SEED_CONNECTED, seedBill } from '../support/fake-stream.js';

async function mount(src: string, attrs = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  wrapper.innerHTML = `<display-sync src="${src}" reconnect-delay="20" max-reconnect-delay="100" ${attrs}><bill-panel></bill-panel></display-sync>`;
  const sync = wrapper.querySelector('display-sync') as DisplaySync;
  const panel = wrapper.querySelector('bill-panel') as BillPanel;
  return { sync, panel };
}

const shows = (panel: BillPanel, text: string) => panel.shadowRoot!.textContent!.includes(text);

describe('<display-sync>', () => {
  it('read-key: sends the lane read token in the stream query (a hub with --private-streams)', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('PRIVATE-1'));
    const { panel } = await mount(stream.base, 'lane="till-2" read-key="till-2-read token"');
    await waitUntil(() => shows(panel, 'PRIVATE-1'), 'the bill');
    const url = new URL((await stream.log()).requests[0]!.url, location.href);
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ lane: 'till-2', key: 'till-2-read token' });
  });

  it('renders a stream in the original bridge format exactly as it sends it', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('INV-2026-0001'));
    const { sync, panel } = await mount(stream.base);
    await waitUntil(() => shows(panel, 'INV-2026-0001'), 'the snapshot bill');
    expect(sync.status).to.equal('live');
    expect(sync.getAttribute('status')).to.equal('live');
    await stream.push(
      'event: modal-show\ndata: {"visible": true, "modal_type": "payment", "html": "<div>...</div>", "data": {"total": 27750, "payment_method": "cash"}}\n\n',
    );
    await waitUntil(() => sync.displayState.modal?.modal_type === 'payment', 'the modal');
    await stream.push('event: modal-hide\ndata: {"modal_type": "payment"}\n\n');
    await waitUntil(() => sync.displayState.modal === null, 'the modal to hide');
    await stream.push('event: ping\ndata: {"timestamp": 1707312000.5}\n\n');
    await stream.push('event: clear\ndata: {"reason": "payment_success"}\n\n');
    await waitUntil(() => sync.displayState.bill === null, 'the clear');
    expect(sync.displayState.lastClear?.reason).to.equal('payment_success');
    // The panel renders the state in the next frame.
    await panel.updateComplete;
    expect(panel.shadowRoot!.querySelector('[part=empty]')).to.exist;
  });

  it('ignores an invalid event, keeps the last good state and reports display-error', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('GOOD-1'));
    const { sync, panel } = await mount(stream.base);
    await waitUntil(() => shows(panel, 'GOOD-1'));
    const errors: DisplayErrorDetail[] = [];
    sync.addEventListener('display-error', (e) => errors.push(e.detail)); // typed: HTMLElementEventMap

    await stream.push('event: bill-update\ndata: {"bill_number": "NO-ID", "items": [], "total": 1}\n\n');
    await stream.push('event: bill-update\ndata: {"bill_id": "x", "items": "nope", "total": 1}\n\n');
    await stream.push('event: bill-update\ndata: {"bill_id": "x", "items": [], "total": -3}\n\n');
    await stream.push('event: bill-update\ndata: {not json\n\n');
    await waitUntil(() => errors.length === 4, 'four display-error events');
    expect(errors.map((e) => e.message.split(':')[0])).to.deep.equal(['bill_id', 'items', 'total', 'data is not valid JSON']);
    expect(errors[0]!.event).to.equal('bill-update');
    expect(shows(panel, 'GOOD-1')).to.equal(true);
    expect(sync.displayState.bill?.bill_number).to.equal('GOOD-1');
  });

  it('reconnects with backoff after the stream drops, resuming from the last event id', async () => {
    const stream = await fakeStream('event: connected\nid: 7\ndata: {"status":"ok","mode":"snapshot"}\n\n');
    const { sync, panel } = await mount(stream.base);
    await waitUntil(() => sync.status === 'live');
    await stream.push(`id: 8\n${seedBill('ID-8')}`);
    await waitUntil(() => shows(panel, 'ID-8'));

    await stream.greeting('event: connected\nid: 8\ndata: {"status":"ok","mode":"resume"}\n\n');
    const offline = oneEvent(sync, 'display-status');
    await stream.drop();
    expect((await offline).detail.status).to.equal('offline');
    await waitUntil(async () => (await stream.log()).open === 1, 'a new stream');
    await waitUntil(() => sync.status === 'live');
    const { requests } = await stream.log();
    expect(requests).to.have.length(2);
    expect(requests[1]!.url).to.contain('lastEventId=8');
    expect(shows(panel, 'ID-8'), 'resume keeps the state').to.equal(true);

    // A replayed event the display already applied is not applied twice.
    const before = sync.displayState.lastMessageAt;
    await stream.push(`id: 8\n${seedBill('REPLAYED-8')}event: ping\ndata: {"timestamp": 1}\n\n`);
    await waitUntil(() => sync.displayState.lastMessageAt !== before, 'the replay and a ping');
    expect(sync.displayState.bill?.bill_number).to.equal('ID-8');
    await stream.push(`id: 9\n${seedBill('ID-9')}`);
    await waitUntil(() => shows(panel, 'ID-9'));
    expect(sync.displayState.lastEventId).to.equal('9');
  });

  it('fires display-config-changed for the hub\'s config-changed (no id): the state and the resume id stay', async () => {
    const stream = await fakeStream('event: connected\nid: 7\ndata: {"status":"ok","mode":"snapshot"}\n\n' + `id: 7\n${seedBill('CFG-7')}`);
    const { sync, panel } = await mount(stream.base);
    await waitUntil(() => shows(panel, 'CFG-7'));
    const changed = oneEvent(sync, 'display-config-changed');
    const errors: DisplayErrorDetail[] = [];
    sync.addEventListener('display-error', (e) => errors.push(e.detail));
    await stream.push('event: config-changed\ndata: {"version":"v-2"}\n\n');
    const event = await changed;
    expect(event.detail).to.deep.equal({ version: 'v-2' });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(sync.displayState.lastEventId).to.equal('7');
    expect(sync.displayState.bill?.bill_number).to.equal('CFG-7');
    expect(errors).to.deep.equal([]);
    // The next reconnect still resumes after the last display event.
    await stream.greeting('event: connected\nid: 7\ndata: {"status":"ok","mode":"resume"}\n\n');
    await stream.drop();
    await waitUntil(async () => (await stream.log()).requests.length === 2, 'a new stream');
    expect((await stream.log()).requests[1]!.url).to.contain('lastEventId=7');
  });

  describe('initialState (the lane state a page carried)', () => {
    const billData = (number: string) => JSON.parse(/data: (.*)\n/.exec(seedBill(number))![1]!);
    /** Mounted with the seed set before it connects, as the display app's page does. */
    async function mountSeeded(src: string, seed: unknown) {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const sync = document.createElement('display-sync') as DisplaySync;
      sync.src = src;
      sync.lane = 'till-1';
      sync.setAttribute('reconnect-delay', '20');
      sync.initialState = seed;
      const panel = document.createElement('bill-panel') as BillPanel;
      sync.appendChild(panel);
      wrapper.appendChild(sync);
      return { sync, panel };
    }

    it('shows the seed bill, then the stream resumes from its id (nothing applied twice)', async () => {
      const stream = await fakeStream('event: connected\nid: 7\ndata: {"status":"ok","mode":"resume"}\n\n');
      const { sync, panel } = await mountSeeded(stream.base, { lane: 'till-1', lastEventId: '7', events: [{ event: 'bill-update', data: billData('SEEDED-7') }] });
      await waitUntil(() => shows(panel, 'SEEDED-7'), 'the seed bill');
      await waitUntil(() => sync.status === 'live', 'the stream');
      const { requests } = await stream.log();
      expect(requests[0]!.url).to.contain('lastEventId=7');
      expect(sync.eventLog.filter((entry) => entry.event === 'bill-update')).to.have.length(0);
      await stream.push(`id: 8\n${seedBill('NEXT-8')}`);
      await waitUntil(() => shows(panel, 'NEXT-8'), 'the next bill');
    });

    it('a stale seed is replaced by the stream\'s snapshot', async () => {
      const stream = await fakeStream('event: connected\nid: 20\ndata: {"status":"ok","mode":"snapshot"}\n\n' + `id: 20\n${seedBill('LIVE-20')}`);
      const { panel } = await mountSeeded(stream.base, { lane: 'till-1', lastEventId: '3', events: [{ event: 'bill-update', data: billData('STALE-3') }] });
      await waitUntil(() => shows(panel, 'LIVE-20'), 'the live bill');
      expect(shows(panel, 'STALE-3')).to.equal(false);
    });

    it('an invalid seed shows nothing and is reported', async () => {
      const stream = await fakeStream('event: connected\nid: 5\ndata: {"status":"ok","mode":"snapshot"}\n\n');
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const sync = document.createElement('display-sync') as DisplaySync;
      const errors: DisplayErrorDetail[] = [];
      sync.addEventListener('display-error', (e) => errors.push(e.detail));
      Object.assign(sync, { src: stream.base, lane: 'till-1', initialState: { lane: 'till-1', lastEventId: '9', events: [{ event: 'bill-update', data: { ...billData('BAD'), total: -1 } }] } });
      wrapper.appendChild(sync);
      await waitUntil(() => errors.length === 1, 'display-error');
      expect(errors[0]!.event).to.equal('initial-state');
      expect(sync.displayState.bill).to.equal(null);
    });
  });

  it('drops what it showed when a reconnect brings a fresh snapshot (bill cleared while away)', async () => {
    const stream = await fakeStream('event: connected\nid: 3\ndata: {"status":"ok","mode":"snapshot"}\n\n' + `id: 3\n${seedBill('OLD')}`);
    const { sync, panel } = await mount(stream.base);
    await waitUntil(() => shows(panel, 'OLD'));
    await stream.greeting('event: connected\nid: 1\ndata: {"status":"ok","mode":"snapshot"}\n\n');
    await stream.drop();
    await waitUntil(() => sync.displayState.bill === null, 'the stale bill to go');
    expect(sync.displayState.lastEventId).to.equal('1', 'a restarted hub with lower ids is followed');
    await stream.push(`id: 2\n${seedBill('NEW')}`);
    await waitUntil(() => shows(panel, 'NEW'));
  });

  it('keeps retrying when the hub answers with an HTTP error (EventSource gives up on its own)', async () => {
    const stream = await fakeStream();
    await stream.fail(503);
    const { sync } = await mount(stream.base);
    await waitUntil(async () => (await stream.log()).requests.length >= 3, 'several attempts');
    expect(sync.status).to.equal('offline');
    await stream.fail(0);
    await waitUntil(() => sync.status === 'live', 'live once the hub recovers');
  });

  it('replaces a stream that went silent (watchdog) and reports stale meanwhile', async () => {
    const stream = await fakeStream();
    const { sync } = await mount(stream.base, 'silence-timeout="400"');
    await waitUntil(() => sync.status === 'live');
    const statuses: string[] = [];
    sync.addEventListener('display-status', (e) => statuses.push(e.detail.status));
    await waitUntil(async () => (await stream.log()).requests.length >= 2, 'a second connection after silence', { timeout: 3000 });
    await waitUntil(() => sync.status === 'live');
    expect(statuses.slice(0, 2)).to.deep.equal(['stale', 'live']);
  });

  it('adopts the heartbeat the hub announces for its watchdog', async () => {
    const stream = await fakeStream('event: connected\ndata: {"status":"ok","heartbeat_ms":200}\n\n');
    const { sync } = await mount(stream.base);
    await waitUntil(() => sync.status === 'live');
    // 2.5 × 200 ms of silence → replaced.
    await waitUntil(async () => (await stream.log()).requests.length >= 2, 'reconnect after 500 ms of silence', { timeout: 3000 });
  });

  it('follows the lane and closes its stream when removed', async () => {
    const stream = await fakeStream();
    const { sync } = await mount(stream.base, 'lane="till-2"');
    await waitUntil(() => sync.status === 'live');
    expect((await stream.log()).requests[0]!.url).to.contain('lane=till-2');
    sync.remove();
    await waitUntil(async () => (await stream.log()).open === 0, 'the stream to close');
  });

  it('reaches elements that upgraded before it existed (a provider that appears later)', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('LATE-1'));
    // A host that renders <display-sync> around its children only later, as a framework
    // or a lazily defined wrapper would: the bill panel asked for the state before.
    class LateHost extends HTMLElement {
      show(src: string) {
        const root = this.attachShadow({ mode: 'open' });
        root.innerHTML = `<display-sync src="${src}"><slot></slot></display-sync>`;
      }
    }
    if (!customElements.get('late-host')) customElements.define('late-host', LateHost);
    const host = await fixture<LateHost>(html`<late-host><bill-panel></bill-panel></late-host>`);
    const panel = host.querySelector('bill-panel') as BillPanel;
    await panel.updateComplete;
    host.show(stream.base);
    await waitUntil(() => shows(panel, 'LATE-1'), 'the bill through the late provider');
  });

  it('reconnects to the new hub when src changes', async () => {
    const first = await fakeStream(SEED_CONNECTED + seedBill('FIRST'));
    const second = await fakeStream(SEED_CONNECTED + seedBill('SECOND'));
    const { sync, panel } = await mount(first.base);
    await waitUntil(() => shows(panel, 'FIRST'));
    sync.src = second.base;
    await waitUntil(() => shows(panel, 'SECOND'));
    await waitUntil(async () => (await first.log()).open === 0, 'the old stream to close');
  });

  it('pairing: loads the pairing on demand, then follows the lane stored from an earlier pairing with its own secret', async () => {
    const STORAGE_KEY = 'pos-customer-display:pairing';
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ id: 'display-id-1', key: 'display-secret-1', lane: 'till-9', name: 'Front' }));
    try {
      const stream = await fakeStream(SEED_CONNECTED + seedBill('PAIRED-1'));
      const { sync, panel } = await mount(stream.base, 'pairing');
      await waitUntil(() => shows(panel, 'PAIRED-1'), 'the bill of the stored lane');
      expect(sync.pairingState?.lane).to.equal('till-9');
      // One stream, to the stored lane: nothing was opened before the pairing's code had loaded.
      const { requests } = await stream.log();
      expect(requests.length).to.equal(1);
      const url = new URL(requests[0]!.url, location.href);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({ lane: 'till-9', display: 'display-id-1', key: 'display-secret-1' });
    } finally {
      localStorage.removeItem(STORAGE_KEY);
    }
  });
});
