import { expect, fixture, html } from '@open-wc/testing';
import { dataOf, mirrorModals, serializeWithFormState } from '../../src/publisher/mirror-modals.js';
import type { PublishResult, SendOptions } from '../../src/publisher/publisher.js';

type Call = { kind: 'show' | 'hide'; body: { modal_type?: string | null; html?: string | null; data?: Record<string, unknown> | null }; keepalive?: true };

function recorder() {
  const calls: Call[] = [];
  const ok = Promise.resolve<PublishResult>({ ok: true, status: 200 });
  return {
    calls,
    publisher: {
      showModal: (body: Call['body']) => (calls.push({ kind: 'show', body }), ok),
      hideModal: (body: Call['body'] = {}, options: SendOptions = {}) => (calls.push({ kind: 'hide', body, ...(options.keepalive ? { keepalive: true as const } : {}) }), ok),
    },
  };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const MODAL = html`
  <div
    id="paymentModal"
    style="display: none"
    data-sync-to-customer="true"
    data-customer-readonly="true"
    data-modal-type="payment"
    data-bill-id="42"
    data-bill-total="27750"
    data-payment-method="cash"
  >
    <h2>Pembayaran</h2>
    <input id="tendered" type="number" />
    <input id="member" type="checkbox" />
    <select id="method"><option value="cash">Tunai</option><option value="qris">QRIS</option></select>
    <textarea id="note"></textarea>
    <output id="change">Rp 0</output>
    <div class="cashier-only" data-customer-hidden>PIN: 1234</div>
    <script>window.leaked = 1</script>
  </div>
`;

describe('mirrorModals()', () => {
  it('sends show-modal when an x-show style modal appears, with its data-* fields as the original', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>${MODAL}</div>`);
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    expect(calls).to.deep.equal([{ kind: 'hide', body: {} }], 'no dialog visible at start: the display drops what an earlier page left');
    root.querySelector<HTMLElement>('#paymentModal')!.style.display = '';
    await frame();
    expect(calls).to.have.length(2);
    expect(calls[1]!.kind).to.equal('show');
    expect(calls[1]!.body.modal_type).to.equal('payment');
    expect(calls[1]!.body.data).to.deep.equal({ bill_id: '42', total: 27750, readonly: true, payment_method: 'cash' });
    stop();
  });

  it('starting with a dialog visible shows it, and sends no hide first', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>${MODAL}</div>`);
    root.querySelector<HTMLElement>('#paymentModal')!.style.display = '';
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    expect(calls.map((c) => `${c.kind} ${c.body.modal_type}`)).to.deep.equal(['show payment']);
    stop();
  });

  it('a second mirror on the page starting does not hide the dialog the first one shows', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><section id="a">${MODAL}</section><section id="b"></section></div>`);
    root.querySelector<HTMLElement>('#paymentModal')!.style.display = '';
    const { calls, publisher } = recorder();
    const stopA = mirrorModals(root.querySelector('#a')!, publisher);
    const stopB = mirrorModals(root.querySelector('#b')!, publisher);
    expect(calls.map((c) => `${c.kind} ${c.body.modal_type}`)).to.deep.equal(['show payment']);
    stopA();
    stopB();
  });

  it('pagehide hides the visible dialog with a request that outlives the page; back from the bfcache it shows again', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>${MODAL}</div>`);
    root.querySelector<HTMLElement>('#paymentModal')!.style.display = '';
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(calls.slice(1)).to.deep.equal([{ kind: 'hide', body: { modal_type: 'payment' }, keepalive: true }]);
    dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await frame();
    expect(calls.slice(2).map((c) => `${c.kind} ${c.body.modal_type}`)).to.deep.equal(['show payment']);
    stop();
    dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(calls.length).to.equal(4, 'stop() hid it once; a stopped mirror ignores pagehide');
  });

  it('sends live form state, never hidden sub-trees or scripts, and re-sends on input once per frame', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>${MODAL}</div>`);
    const modal = root.querySelector<HTMLElement>('#paymentModal')!;
    modal.style.display = '';
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    const tendered = root.querySelector<HTMLInputElement>('#tendered')!;
    for (const digit of '100000') {
      tendered.value += digit;
      tendered.dispatchEvent(new Event('input', { bubbles: true }));
    }
    root.querySelector<HTMLInputElement>('#member')!.checked = true;
    root.querySelector<HTMLSelectElement>('#method')!.value = 'qris';
    root.querySelector<HTMLTextAreaElement>('#note')!.value = 'uang pas';
    root.querySelector('#change')!.textContent = 'Rp 72.250';
    root.querySelector('#method')!.dispatchEvent(new Event('change', { bubbles: true }));
    await frame();
    expect(calls.map((c) => c.kind)).to.deep.equal(['show', 'show'], 'the initial show, then one coalesced re-send');
    const sent = new DOMParser().parseFromString(calls[1]!.body.html!, 'text/html');
    expect(sent.querySelector('#tendered')!.getAttribute('value')).to.equal('100000');
    expect(sent.querySelector('#member')!.hasAttribute('checked')).to.equal(true);
    expect(sent.querySelector('#method option[value=qris]')!.hasAttribute('selected')).to.equal(true);
    expect(sent.querySelector('#note')!.textContent).to.equal('uang pas');
    expect(sent.querySelector('#change')!.textContent).to.equal('Rp 72.250');
    expect(calls[1]!.body.html).not.to.contain('PIN: 1234');
    expect(calls[1]!.body.html).not.to.contain('<script');
    stop();
  });

  it('sends hide-modal when hidden (style, hidden attribute), closed (<dialog>) or removed', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <div id="a" data-sync-to-customer="true" data-modal-type="a">A</div>
      <div id="b" hidden data-sync-to-customer="true" data-modal-type="b">B</div>
      <dialog id="c" data-sync-to-customer="true" data-modal-type="c">C</dialog>
    </div>`);
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    expect(calls.map((c) => `${c.kind} ${c.body.modal_type}`)).to.deep.equal(['show a']);
    root.querySelector<HTMLElement>('#a')!.style.display = 'none';
    root.querySelector<HTMLElement>('#b')!.hidden = false;
    await frame();
    root.querySelector<HTMLDialogElement>('#c')!.show();
    await frame();
    root.querySelector<HTMLDialogElement>('#c')!.close();
    root.querySelector('#b')!.remove();
    await frame();
    const inserted = document.createElement('div');
    inserted.dataset.syncToCustomer = 'true';
    inserted.dataset.modalType = 'd';
    root.append(inserted);
    await frame();
    expect(calls.map((c) => `${c.kind} ${c.body.modal_type}`)).to.deep.equal(['show a', 'hide a', 'show b', 'show c', 'hide b', 'hide c', 'show d']);
    stop();
    expect(calls.at(-1)).to.deep.equal({ kind: 'hide', body: { modal_type: 'd' } }, 'stopping hides what it showed');
    root.querySelector<HTMLElement>('#a')!.style.display = '';
    await frame();
    expect(calls.at(-1)!.body.modal_type).to.equal('d', 'nothing after stop');
  });

  it('one dialog replacing another in the same frame: the hide goes first, the new one stays shown', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <div id="qris" hidden data-sync-to-customer="true" data-modal-type="payment">QRIS</div>
      <div id="cash" data-sync-to-customer="true" data-modal-type="payment">Cash</div>
    </div>`);
    const { calls, publisher } = recorder();
    const stop = mirrorModals(root, publisher);
    root.querySelector<HTMLElement>('#cash')!.hidden = true;
    root.querySelector<HTMLElement>('#qris')!.hidden = false;
    await frame();
    expect(calls.map((c) => `${c.kind} ${c.body.html?.includes('QRIS') ? 'qris' : c.body.html ? 'cash' : ''}`.trim())).to.deep.equal(['show cash', 'hide', 'show qris']);
    stop();
  });

  it('serialises what a clone misses, and maps data-* like the original', () => {
    const modal = document.createElement('div');
    modal.innerHTML = '<input value="old"><input type="radio" name="m"><input type="radio" name="m" checked><input type="password" value="secret"><input type="hidden" name="csrfmiddlewaretoken" value="tok3n">';
    modal.querySelector('input')!.value = 'new';
    (modal.querySelectorAll('input')[3] as HTMLInputElement).value = 'typed-secret';
    const out = serializeWithFormState(modal);
    expect(out).to.contain('value="new"');
    expect(out).not.to.contain('typed-secret');
    expect(out).not.to.contain('tok3n', 'hidden inputs (CSRF tokens) are not sent');
    modal.dataset.billTotal = '27750.5';
    modal.dataset.change = 'not a number';
    modal.dataset.customerReadonly = 'false';
    expect(dataOf(modal)).to.deep.equal({ total: 27750.5, readonly: false });
  });
});
