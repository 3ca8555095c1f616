import { expect, fixture, html as fixtureHtml, waitUntil } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { DisplayFeed } from '../../src/sync/display-feed.js';
import type { DisplayErrorDetail } from '../../src/sync/display-events.js';
import type { DisplayPhase, DisplayState } from '../../src/sync/display-state.js';
import { DisplaySyncController } from '../../src/sync/display-sync-controller.js';
import { fakeStream, SEED_CONNECTED, seedBill } from '../support/fake-stream.js';

const PAYMENT_MODAL = 'event: modal-show\ndata: {"visible": true, "modal_type": "payment", "html": "<p>x</p>", "data": {"total": 27750}}\n\n';

/** A Lit element of a user's own, getting the display state from the controller alone. */
class TotalTicker extends LitElement {
  src = '';
  readonly display = new DisplaySyncController(this, () => ({ src: this.src, reconnectDelay: 20 }));
  override render() {
    const bill = this.display.state.bill;
    return html`<output>${bill ? `${bill.bill_number}: ${bill.total}` : 'no bill'}</output>`;
  }
}
customElements.define('total-ticker', TotalTicker);

describe('the display state without <display-sync>', () => {
  it('DisplayFeed: a page that only wants the state subscribes to it; stop() closes the stream', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('FEED-1'));
    const feed = new DisplayFeed({ src: stream.base, reconnectDelay: 20 });
    const bills: Array<string | number | null | undefined> = [];
    const phases: DisplayPhase[] = [];
    const errors: DisplayErrorDetail[] = [];
    feed.subscribe({
      onState: (state: DisplayState) => bills.at(-1) !== state.bill?.bill_number && bills.push(state.bill?.bill_number),
      onPhase: (phase) => phases.push(phase),
      onError: (detail) => errors.push(detail),
    });
    feed.start();
    await waitUntil(() => feed.state.bill?.bill_number === 'FEED-1', 'the snapshot bill');
    expect(feed.status).to.equal('live');
    await stream.push(PAYMENT_MODAL);
    await stream.push('event: bill-update\ndata: {"bill_id": "x", "items": [], "total": -3}\n\n');
    await stream.push(seedBill('FEED-2'));
    await waitUntil(() => feed.state.bill?.bill_number === 'FEED-2', 'the next bill');
    expect(bills).to.deep.equal(['FEED-1', 'FEED-2'], 'every bill, in order');
    expect(phases).to.deep.equal(['bill', 'payment']);
    expect(errors.map((error) => error.message.split(':')[0])).to.deep.equal(['total']);
    expect(feed.eventLog[0]!.summary).to.contain('FEED-2');
    expect(document.querySelector('display-sync')).to.equal(null);
    feed.stop();
    await waitUntil(async () => (await stream.log()).open === 0, 'the stream to close');
  });

  it('DisplayFeed: waiting for a lane (a display being paired) opens no stream; given one, it sends the display id and secret', async () => {
    const stream = await fakeStream(SEED_CONNECTED + seedBill('PAIRED'));
    const feed = new DisplayFeed({ src: stream.base, reconnectDelay: 20, waitForLane: true });
    feed.start();
    expect(feed.running).to.equal(false, 'no lane: no stream, not the default lane');
    feed.configure({ lane: 'till-7', display: 'display-id-0001', key: 'secret/with+chars' });
    await waitUntil(() => feed.state.bill?.bill_number === 'PAIRED', 'the paired lane');
    const { requests } = await stream.log();
    expect(requests).to.have.length(1, 'one stream, to the paired lane only');
    const url = new URL(requests[0]!.url, location.href);
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ lane: 'till-7', display: 'display-id-0001', key: 'secret/with+chars' });
    feed.stop();
  });

  it('DisplayFeed: unsubscribing stops the calls, and a new src starts over from a fresh state', async () => {
    const first = await fakeStream(SEED_CONNECTED + seedBill('FIRST'));
    const second = await fakeStream(SEED_CONNECTED);
    const feed = new DisplayFeed({ src: first.base, reconnectDelay: 20 });
    let calls = 0;
    const unsubscribe = feed.subscribe({ onState: () => calls++ });
    feed.start();
    await waitUntil(() => feed.state.bill?.bill_number === 'FIRST');
    unsubscribe();
    const seen = calls;
    feed.configure({ src: second.base });
    expect(feed.state.bill).to.equal(null, 'the old hub’s bill is gone at once');
    await waitUntil(async () => (await first.log()).open === 0 && (await second.log()).open === 1, 'moved to the new stream');
    expect(calls).to.equal(seen);
    feed.stop();
  });

  it('DisplaySyncController: a Lit element of one’s own renders the state and fires the typed display-* events', async () => {
    const stream = await fakeStream(SEED_CONNECTED);
    const wrapper = await fixture<HTMLDivElement>(fixtureHtml`<div></div>`);
    const ticker = document.createElement('total-ticker') as TotalTicker;
    ticker.src = stream.base;
    const statuses: string[] = [];
    const phases: DisplayPhase[] = [];
    ticker.addEventListener('display-status', (event) => statuses.push(event.detail.status));
    wrapper.addEventListener('display-phase', (event) => phases.push(event.detail.phase)); // it bubbles
    wrapper.append(ticker);
    await waitUntil(() => statuses.includes('live'), 'live');
    await stream.push(seedBill('TICK-1', 12000));
    await waitUntil(() => ticker.shadowRoot!.textContent!.includes('TICK-1: 12000'), 'the bill rendered by the host');
    expect(phases).to.deep.equal(['bill']);
    ticker.remove();
    await waitUntil(async () => (await stream.log()).open === 0, 'the stream closes with the host');
  });
});
