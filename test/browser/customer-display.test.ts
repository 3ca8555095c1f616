import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/customer-display/customer-display.js';
import type { CustomerDisplay } from '../../src/components/customer-display/customer-display.js';
import { displayContext } from '../../src/sync/display-context.js';
import { INITIAL_DISPLAY_STATE, type DisplayPhase, type DisplayState } from '../../src/sync/display-state.js';
import type { Bill } from '../../src/protocol/index.js';

const BILL: Bill = { bill_id: 1, bill_number: 'CD-1', items: [{ id: 1, name: 'Soto Ayam', quantity: 1, subtotal: 1234.5 }], subtotal: 1234.5, tax: 0, discount: 0, total: 1234.5 };
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function mount(markup: string, state: Partial<DisplayState> = {}) {
  const host = await fixture<HTMLDivElement>(html`<div style="height: 600px"></div>`);
  const provider = new ContextProvider(host, { context: displayContext, initialValue: { ...INITIAL_DISPLAY_STATE, ...state } });
  host.innerHTML = markup;
  const display = host.querySelector('customer-display') as CustomerDisplay;
  await display.updateComplete;
  return { display, provider, host };
}

const current = (display: CustomerDisplay) => display.shadowRoot!.querySelector('.region.current')!.getAttribute('part');

async function setPhase(display: CustomerDisplay, provider: ContextProvider<typeof displayContext>, phase: DisplayPhase, extra: Partial<DisplayState> = {}) {
  provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', phase, ...extra });
  await display.updateComplete;
}

describe('<customer-display>', () => {
  it('shows the region of each phase', async () => {
    const { display, provider } = await mount('<customer-display shop-name="Toko Maju"></customer-display>');
    expect(current(display)).to.equal('idle');
    expect(display.shadowRoot!.querySelector('.welcome')!.textContent).to.contain('Toko Maju');
    await setPhase(display, provider, 'bill', { bill: BILL });
    expect(current(display)).to.equal('sale');
    const bill = display.shadowRoot!.querySelector('bill-panel')!;
    await bill.updateComplete;
    expect(bill.shadowRoot!.textContent).to.contain('Soto Ayam');
    await setPhase(display, provider, 'payment', { bill: BILL, modal: { visible: true, modal_type: 'payment', html: '<p>Pay</p>', data: {} } });
    expect(current(display)).to.equal('sale', 'the bill stays under the payment overlay');
    await setPhase(display, provider, 'thanks', { lastClear: { reason: 'payment_success', at: Date.now(), change: 500 } });
    expect(current(display)).to.equal('thanks');
    const thanks = display.shadowRoot!.querySelector('thank-you-panel')!;
    await thanks.updateComplete;
    expect(thanks.shadowRoot!.textContent).to.contain('500');
  });

  it('makes its <img> children the idle slideshow, and follows changes to them', async () => {
    const { display } = await mount(`<customer-display><img src="${PIXEL}#a" alt="A" data-duration="7000"><img src="${PIXEL}#b" alt="B"><p slot="footer">Wi-Fi: toko</p></customer-display>`);
    const show = display.shadowRoot!.querySelector('idle-slideshow')!;
    expect(show.slides.map((s) => [s.alt, s.duration])).to.deep.equal([
      ['A', 7000],
      ['B', undefined],
    ]);
    const third = document.createElement('img');
    third.src = `${PIXEL}#c`;
    third.alt = 'C';
    display.append(third);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await display.updateComplete;
    expect(display.shadowRoot!.querySelector('idle-slideshow')!.slides).to.have.length(3);
    expect(display.shadowRoot!.querySelector('.footer')!.classList.contains('empty')).to.equal(false);
  });

  it('lets every region be replaced through slots', async () => {
    const { display } = await mount(`<customer-display>
      <b slot="header">My header</b><i slot="idle">My idle</i><u slot="aside">My aside</u>
    </customer-display>`);
    for (const [name, text] of [['header', 'My header'], ['idle', 'My idle'], ['aside', 'My aside']]) {
      const slot = display.shadowRoot!.querySelector<HTMLSlotElement>(`slot[name=${name}]`)!;
      expect(slot.assignedElements()[0]!.textContent, name).to.equal(text);
    }
  });

  it('themes: dark tokens with theme="dark", inherited by the inner elements', async () => {
    const { display, provider } = await mount('<customer-display theme="dark"></customer-display>');
    await setPhase(display, provider, 'bill', { bill: BILL });
    const bill = display.shadowRoot!.querySelector('bill-panel')!;
    await bill.updateComplete;
    const panel = bill.shadowRoot!.querySelector('[part=base]')!;
    expect(getComputedStyle(panel).backgroundColor).to.equal('rgb(21, 26, 33)');
    display.theme = 'light';
    await display.updateComplete;
    expect(getComputedStyle(panel).backgroundColor).to.equal('rgb(255, 255, 255)');
  });

  it('hands its locale, currency and words to the elements it renders, through nested shadow roots', async () => {
    const { display, provider } = await mount('<customer-display lang="en" locale="en-US" currency="USD"></customer-display>');
    display.strings = { amountDue: 'To pay now' };
    await setPhase(display, provider, 'payment', { bill: BILL, modal: { visible: true, modal_type: 'payment', html: null, data: { total: 27.5, payment_method: 'cash' } } });
    const mirror = display.shadowRoot!.querySelector('payment-modal-mirror')!;
    await mirror.updateComplete;
    const view = mirror.shadowRoot!.querySelector('payment-view')!;
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('[part=amount]')!.textContent).to.equal('$27.50');
    expect(view.shadowRoot!.textContent).to.contain('To pay now');
  });

  it("lets an inner element's own locale, currency and words win over those it is handed", async () => {
    const { display, provider } = await mount('<customer-display lang="en" locale="en-US" currency="USD"></customer-display>');
    await setPhase(display, provider, 'bill', { bill: BILL });
    const bill = display.shadowRoot!.querySelector('bill-panel')!;
    const row = (part: string) => [...bill.shadowRoot!.querySelectorAll(`[part=${part}] > *`)].map((cell) => cell.textContent!.trim()).join(' ');
    bill.currency = 'EUR';
    bill.strings = { total: 'To pay' };
    display.strings = { total: 'Grand total', subtotal: 'Before tax' };
    await display.updateComplete;
    await bill.updateComplete;
    expect(row('total-row')).to.equal('To pay €1,234.50');
    expect(row('subtotal-row'), "the display's other words still apply").to.equal('Before tax €1,234.50');
    bill.currency = undefined;
    await bill.updateComplete;
    expect(row('total-row')).to.equal('To pay $1,234.50');
  });

  it('speaks the language of its lang, through its shadow root; formats with locale and currency', async () => {
    const { display, provider } = await mount('<customer-display lang="en" locale="en-US" currency="USD"></customer-display>');
    await setPhase(display, provider, 'bill', { bill: { ...BILL, tax: 10 } });
    const bill = display.shadowRoot!.querySelector('bill-panel')!;
    await bill.updateComplete;
    expect(bill.shadowRoot!.textContent).to.contain('Your order');
    expect(bill.shadowRoot!.textContent).to.contain('$1,234.50');
    display.lang = 'id';
    display.strings = { total: 'Jumlah' };
    display.locale = 'id-ID';
    display.currency = 'IDR';
    await display.updateComplete;
    bill.requestUpdate();
    await bill.updateComplete;
    expect(bill.shadowRoot!.textContent).to.contain('Pesanan Anda');
    expect(bill.shadowRoot!.textContent).to.contain('Jumlah');
    expect(bill.shadowRoot!.textContent).to.match(/Rp\s1\.235/);
  });
});
