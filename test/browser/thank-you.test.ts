import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/thank-you-panel/thank-you-panel.js';
import type { ThankYouPanel } from '../../src/components/thank-you-panel/thank-you-panel.js';
import '../../src/sync/display-sync.js';
import type { DisplaySync } from '../../src/sync/display-sync.js';
import { fakeStream } from '../support/fake-stream.js';

const BILL = 'event: bill-update\ndata: {"bill_id": "b", "bill_number": "T-1", "items": [{"id": 1, "name": "Es Teh", "quantity": 1, "subtotal": 5000}], "total": 5000}\n\n';
const CASH_MODAL = 'event: modal-show\ndata: {"visible": true, "modal_type": "payment", "html": "<p>x</p>", "data": {"total": 5000, "change": 15000}}\n\n';

describe('thank-you after a successful payment', () => {
  afterEach(() => sinon.restore());

  it('shows thank-you with the change for thanks-duration, then idle (fake timers)', async () => {
    // Installed first, so every timer of the element is fake; the clock also follows real
    // time, so the stream and the polling below work as usual.
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const stream = await fakeStream('event: connected\ndata: {"status": "ok"}\n\n' + BILL + CASH_MODAL);
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="id"></div>`);
    wrapper.innerHTML = '<display-sync thanks-duration="4000"><thank-you-panel></thank-you-panel></display-sync>';
    const sync = wrapper.querySelector('display-sync') as DisplaySync;
    const panel = wrapper.querySelector('thank-you-panel') as ThankYouPanel;
    sync.src = stream.base;
    await waitUntil(() => sync.phase === 'payment', 'the payment phase');
    expect(panel.shadowRoot!.querySelector('[part=base]')).to.equal(null);

    await stream.push('event: modal-hide\ndata: {"modal_type": "payment"}\n\nevent: clear\ndata: {"reason": "payment_success"}\n\n');
    await waitUntil(() => sync.phase === 'thanks', 'the thanks phase');
    await panel.updateComplete;
    expect(panel.shadowRoot!.querySelector('[part=message]')!.textContent).to.equal('Terima kasih!');
    expect(panel.shadowRoot!.querySelector('[part=change]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Kembalian: Rp 15.000');

    clock.tick(3800);
    expect(sync.phase).to.equal('thanks');
    clock.tick(400);
    expect(sync.phase).to.equal('idle');
    await sync.updateComplete;
    expect(sync.getAttribute('phase')).to.equal('idle');
    await panel.updateComplete;
    expect(panel.shadowRoot!.querySelector('[part=base]')).to.equal(null);
  });

  it('goes straight to idle for a void', async () => {
    const stream = await fakeStream('event: connected\ndata: {"status": "ok"}\n\n' + BILL);
    const sync = await fixture<DisplaySync>(html`<display-sync></display-sync>`);
    sync.src = stream.base;
    await waitUntil(() => sync.phase === 'bill');
    const phases: string[] = [];
    sync.addEventListener('display-phase', (e) => phases.push(e.detail.phase));
    await stream.push('event: clear\ndata: {"reason": "void"}\n\n');
    await waitUntil(() => sync.phase === 'idle');
    expect(phases).to.deep.equal(['idle']);
  });
});
