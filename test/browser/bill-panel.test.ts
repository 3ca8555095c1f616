import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/bill-panel/bill-panel.js';
import type { BillPanel } from '../../src/components/bill-panel/bill-panel.js';
import { displayContext } from '../../src/sync/display-context.js';
import { INITIAL_DISPLAY_STATE } from '../../src/sync/display-state.js';
import type { Bill } from '../../src/protocol/index.js';

const BILL: Bill = {
  bill_id: 'b-1',
  bill_number: 'INV-2026-0001',
  items: [
    { id: 'i-1', name: 'Nasi Goreng', quantity: 2, unit_price: 25000, subtotal: 50000, notes: 'pedas, tanpa bawang' },
    { id: 'i-2', name: 'Es Teh Manis', quantity: 1, unit_price: 5000, subtotal: 5000 },
  ],
  subtotal: 55000,
  tax: 6050,
  discount: 0,
  total: 61050,
};

const parts = (el: BillPanel, part: string) => [...el.shadowRoot!.querySelectorAll(`[part~="${part}"]`)].map((n) => n.textContent!.trim());
const normalize = (text: string) => text.replace(/\s+/g, ' ');

describe('<bill-panel>', () => {
  it('renders the bill like the original display: number, lines, notes, ×quantity, subtotals, totals', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${BILL}></bill-panel>`);
    expect(parts(el, 'bill-number')[0]).to.contain('INV-2026-0001');
    expect(parts(el, 'item-name')).to.deep.equal(['Nasi Goreng', 'Es Teh Manis']);
    expect(parts(el, 'item-notes')).to.deep.equal(['pedas, tanpa bawang']);
    expect(parts(el, 'item-quantity')).to.deep.equal(['×2', '×1']);
    expect(parts(el, 'item-price').map(normalize)).to.deep.equal(['Rp 50.000', 'Rp 5.000']);
    expect(normalize(parts(el, 'subtotal-row')[0]!)).to.contain('Rp 55.000');
    expect(normalize(parts(el, 'tax-row')[0]!)).to.contain('Rp 6.050');
    expect(normalize(parts(el, 'total-row')[0]!)).to.contain('Rp 61.050');
  });

  it('formats IDR without decimals, even for fractional amounts', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${{ ...BILL, total: 27750.4 }}></bill-panel>`);
    expect(normalize(parts(el, 'total-row')[0]!)).to.match(/Rp 27\.750$/);
  });

  it('hides the discount row when the discount is 0 and shows it as a deduction otherwise', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${BILL}></bill-panel>`);
    expect(parts(el, 'discount-row')).to.have.length(0);
    el.bill = { ...BILL, discount: 5000, total: 56050 };
    await el.updateComplete;
    expect(normalize(parts(el, 'discount-row')[0]!)).to.match(/−Rp 5\.000$/);
  });

  it('a bill posted with its total only shows no "Subtotal Rp 0 · Pajak Rp 0": rows that are 0 or missing are left out', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel lang="id" .bill=${{ ...BILL, subtotal: 0, tax: 0 }}></bill-panel>`);
    expect(parts(el, 'subtotal-row')).to.have.length(0);
    expect(parts(el, 'tax-row')).to.have.length(0);
    expect(normalize(parts(el, 'total-row')[0]!)).to.contain('Rp 61.050');
    expect(normalize(el.shadowRoot!.textContent!)).not.to.match(/Rp 0\b/);
    el.bill = { ...BILL, tax: 0 };
    await el.updateComplete;
    expect(normalize(parts(el, 'subtotal-row')[0]!)).to.contain('Rp 55.000');
    expect(parts(el, 'tax-row'), 'a tax-free bill: no tax row').to.have.length(0);
  });

  it('shows the empty slot when there is no bill or the bill has no items', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${null}><p slot="empty">Selamat datang</p></bill-panel>`);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Selamat datang');
    expect(parts(el, 'item')).to.have.length(0);
    el.bill = { ...BILL, items: [] };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('slot[name="empty"]')).to.exist;
  });

  it('renders hostile names and notes as text: no element is created and nothing runs', async () => {
    const w = window as unknown as { pwned?: number; alert: (m?: string) => void };
    const alerts: unknown[] = [];
    const originalAlert = w.alert;
    w.alert = (message) => alerts.push(message);
    try {
      const hostile: Bill = {
        ...BILL,
        items: [
          { id: 1, name: '<img src=x onerror=alert(1)>', quantity: 1, subtotal: 1000, notes: '<script>window.pwned = 1</script>' },
          { id: 2, name: '<svg onload="window.pwned=2">', quantity: 1, subtotal: 1000 },
        ],
      };
      const el = await fixture<BillPanel>(html`<bill-panel .bill=${hostile}></bill-panel>`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(parts(el, 'item-name')).to.deep.equal(['<img src=x onerror=alert(1)>', '<svg onload="window.pwned=2">']);
      expect(parts(el, 'item-notes')).to.deep.equal(['<script>window.pwned = 1</script>']);
      expect(el.shadowRoot!.querySelectorAll('img, script, svg')).to.have.length(0);
      expect(w.pwned).to.equal(undefined);
      expect(alerts).to.deep.equal([]);
    } finally {
      w.alert = originalAlert;
    }
  });

  it('updates lines in place by id (keyed), so an edited line keeps its element', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${BILL}></bill-panel>`);
    const secondLine = el.shadowRoot!.querySelectorAll('[part="item"]')[1];
    el.bill = {
      ...BILL,
      items: [{ id: 'i-0', name: 'Kerupuk', quantity: 1, subtotal: 3000 }, BILL.items[0]!, { ...BILL.items[1]!, quantity: 3, subtotal: 15000 }],
    };
    await el.updateComplete;
    const lines = el.shadowRoot!.querySelectorAll('[part="item"]');
    expect(lines[2]).to.equal(secondLine, 'the Es Teh line moved, it was not re-created');
    expect(normalize(lines[2]!.textContent!)).to.contain('×3');
  });

  it('keeps lines that share an id distinct', async () => {
    const twice = { ...BILL, items: [BILL.items[1]!, { ...BILL.items[1]!, notes: 'tanpa es' }] };
    twice.items[1]!.id = twice.items[0]!.id;
    const el = await fixture<BillPanel>(html`<bill-panel .bill=${twice}></bill-panel>`);
    expect(parts(el, 'item')).to.have.length(2);
  });

  it('formats with the locale and currency attributes', async () => {
    const usd = { ...BILL, items: [{ id: 1, name: 'Coffee', quantity: 1.5, subtotal: 1234.5 }], total: 1234.5 };
    const el = await fixture<BillPanel>(html`<bill-panel locale="en-US" currency="USD" .bill=${usd}></bill-panel>`);
    expect(parts(el, 'item-price')).to.deep.equal(['$1,234.50']);
    expect(parts(el, 'item-quantity')).to.deep.equal(['×1.5']);
  });

  it('survives an unknown currency code by showing plain numbers', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel currency="NOT-A-CODE" .bill=${BILL}></bill-panel>`);
    expect(parts(el, 'item-name')).to.deep.equal(['Nasi Goreng', 'Es Teh Manis']);
    const totals = ['subtotal-row', 'tax-row', 'total-row'].map((row) => el.shadowRoot!.querySelector(`[part=${row}] dd`)!.textContent!.trim());
    const amounts = [...parts(el, 'item-price'), ...totals];
    // Digits in groups of three (the separator is the browser's), and no currency symbol or code.
    for (const amount of amounts) expect(amount).to.match(/^\d{1,3}(?:[,.\s\u00a0\u202f]\d{3})*$/);
    expect(amounts.map((amount) => Number(amount.replace(/\D/g, '')))).to.deep.equal([50000, 5000, 55000, 6050, 61050]);
  });

  it('uses the words of the nearest lang, and any override', async () => {
    const wrapper = await fixture(html`<div lang="id"><bill-panel .bill=${{ ...BILL, discount: 1 }}></bill-panel></div>`);
    const el = wrapper.querySelector('bill-panel')!;
    await el.updateComplete;
    expect(parts(el, 'tax-row')[0]).to.contain('Pajak');
    expect(parts(el, 'discount-row')[0]).to.contain('Diskon');
    const english = await fixture<BillPanel>(html`<bill-panel lang="en" .strings=${{ total: 'To pay' }} .bill=${BILL}></bill-panel>`);
    expect(parts(english, 'tax-row')[0]).to.contain('Tax');
    expect(parts(english, 'total-row')[0]).to.contain('To pay');
  });

  it('renders the bill of the nearest display state provider', async () => {
    const host = await fixture<HTMLDivElement>(html`<div><bill-panel></bill-panel></div>`);
    const provider = new ContextProvider(host, { context: displayContext, initialValue: INITIAL_DISPLAY_STATE });
    const el = host.querySelector('bill-panel')!;
    // The provider answers requests made after it exists: re-attach the consumer.
    host.append(el);
    await el.updateComplete;
    expect(parts(el, 'item')).to.have.length(0);
    provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', bill: BILL });
    await el.updateComplete;
    expect(parts(el, 'item-name')).to.deep.equal(['Nasi Goreng', 'Es Teh Manis']);
    el.bill = null;
    await el.updateComplete;
    expect(parts(el, 'item')).to.have.length(0, 'an explicit bill property wins over the context');
  });

  it('is themeable through custom properties and parts', async () => {
    const el = await fixture<BillPanel>(html`<bill-panel style="--display-accent: rgb(255, 0, 0)" .bill=${BILL}></bill-panel>`);
    const totalAmount = el.shadowRoot!.querySelector('[part~="total-row"] dd')!;
    expect(getComputedStyle(totalAmount).color).to.equal('rgb(255, 0, 0)');
    for (const part of ['base', 'header', 'items', 'item', 'item-name', 'item-quantity', 'item-price', 'totals', 'total-row']) {
      expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.exist;
    }
  });

  it('on a long bill scrolled to its newest line, says how many lines are above ("▲ 4 more"), and nothing at the top', async () => {
    const lines = (count: number): Bill => ({
      ...BILL,
      items: Array.from({ length: count }, (_, i) => ({ id: `l-${i}`, name: `Line ${i + 1}`, quantity: 1, unit_price: 1000, subtotal: 1000 })),
    });
    const el = await fixture<BillPanel>(html`<bill-panel lang="en" style="height: 420px; font-size: 20px" .bill=${lines(3)}></bill-panel>`);
    const more = () => el.shadowRoot!.querySelector<HTMLElement>('[part=more-above]');
    const list = el.shadowRoot!.querySelector<HTMLElement>('[part=items]')!;
    const nextFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    /** Lines whose top is scrolled out above the list, measured independently of the element. */
    const hiddenAbove = () => [...list.children].filter((line) => line.getBoundingClientRect().top < list.getBoundingClientRect().top - 0.5).length;
    expect(more(), 'a short bill').to.equal(null);

    el.bill = lines(30);
    await el.updateComplete;
    await nextFrames();
    await el.updateComplete;
    expect(list.scrollTop, 'scrolled to the newest line').to.be.greaterThan(0);
    expect(hiddenAbove()).to.be.greaterThan(0);
    expect(more()?.textContent?.trim()).to.equal(`▲ ${hiddenAbove()} more`);

    el.lang = 'id';
    el.bill = lines(31);
    await el.updateComplete;
    await nextFrames();
    await el.updateComplete;
    expect(more()?.textContent?.trim()).to.equal(`▲ ${hiddenAbove()} lainnya`);

    list.scrollTop = 0;
    await new Promise((resolve) => list.addEventListener('scroll', resolve, { once: true }));
    await el.updateComplete;
    expect(more(), 'at the top nothing is above').to.equal(null);

    el.bill = null;
    await el.updateComplete;
    el.bill = lines(2);
    await el.updateComplete;
    expect(more(), 'the next bill starts at its top').to.equal(null);
  });
  describe('a long bill', () => {
    const lines = (count: number, edit?: (item: Bill['items'][number], index: number) => Bill['items'][number]): Bill => ({
      ...BILL,
      items: Array.from({ length: count }, (_, i) => {
        const item = { id: `l-${i}`, name: `Line ${i + 1}`, quantity: 1, unit_price: 1000, subtotal: 1000 };
        return edit ? edit(item, i) : item;
      }),
    });
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    /** Renders, lets the scroll, resize and the indicator's render land. */
    const settle = async (el: BillPanel) => {
      await el.updateComplete;
      await frames();
      await el.updateComplete;
      await frames();
    };
    /** Keyboard scrolling may be animated: wait until scrollTop holds still for a few frames. */
    const scrollEnd = async (list: HTMLElement) => {
      for (let still = 0, last = NaN; still < 5; ) {
        await frames();
        still = list.scrollTop === last ? still + 1 : 0;
        last = list.scrollTop;
      }
    };
    const listOf = (el: BillPanel) => el.shadowRoot!.querySelector<HTMLElement>('[part=items]')!;
    const more = (el: BillPanel) => el.shadowRoot!.querySelector<HTMLElement>('[part=more-above]')?.textContent?.trim() ?? null;
    /**
     * Measured from the boxes, independently of the element's own bookkeeping (within a pixel:
     * scrollTop is whole pixels, line heights are not).
     */
    const view = (el: BillPanel) => {
      const list = listOf(el);
      const box = list.getBoundingClientRect();
      const items = [...list.children].map((line) => line.getBoundingClientRect());
      const last = items[items.length - 1]!;
      return {
        newestInView: last.top >= box.top - 1 && last.bottom <= box.bottom + 1,
        hiddenAbove: items.filter((line) => line.top < box.top - 0.5).length,
        firstVisible: items.findIndex((line) => line.top >= box.top - 0.5),
      };
    };
    const panel = (bill: Bill) => fixture<BillPanel>(html`<bill-panel lang="en" style="height: 420px; font-size: 20px" .bill=${bill}></bill-panel>`);

    it('opens at its newest line with "▲ N more" (a snapshot, a reload: the first render)', async () => {
      const el = await panel(lines(40));
      await settle(el);
      const { newestInView, hiddenAbove } = view(el);
      expect(newestInView, 'the 40th line is in view').to.equal(true);
      expect(hiddenAbove).to.be.greaterThan(20);
      expect(more(el)).to.equal(`▲ ${hiddenAbove} more`);
    });

    it('opens at its newest line when first shown inside a hidden container (measured after layout)', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div hidden style="height: 420px; font-size: 20px"><bill-panel lang="en" .bill=${lines(40)}></bill-panel></div>`);
      const el = wrapper.querySelector('bill-panel')!;
      await settle(el);
      expect(listOf(el).clientHeight, 'no layout while hidden').to.equal(0);
      wrapper.hidden = false;
      await settle(el);
      const { newestInView, hiddenAbove } = view(el);
      expect(newestInView).to.equal(true);
      expect(more(el)).to.equal(`▲ ${hiddenAbove} more`);
    });

    it('stays at its newest line when the state is replaced and when a line in the middle changes', async () => {
      const host = await fixture<HTMLDivElement>(html`<div style="height: 420px; font-size: 20px"><bill-panel lang="en"></bill-panel></div>`);
      const provider = new ContextProvider(host, { context: displayContext, initialValue: INITIAL_DISPLAY_STATE });
      const el = host.querySelector('bill-panel')!;
      host.append(el);
      provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', bill: lines(40) });
      await settle(el);
      expect(view(el).newestInView).to.equal(true);
      // A reconnect's snapshot: a new state object carrying the same bill.
      provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', bill: lines(40) });
      await settle(el);
      expect(view(el).newestInView, 'after a snapshot').to.equal(true);
      // Line 20 gets a long note (taller): the lines below it move down; the view follows the newest.
      const note = 'tanpa es, gula sedikit, '.repeat(8);
      provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', bill: lines(40, (item, i) => (i === 19 ? { ...item, notes: note } : item)) });
      await settle(el);
      const after = view(el);
      expect(after.newestInView, 'after a line in the middle grew').to.equal(true);
      expect(more(el)).to.equal(`▲ ${after.hiddenAbove} more`);
    });

    it('does not move a view the shopper scrolled up, until a line is added', async () => {
      const el = await panel(lines(40));
      await settle(el);
      const list = listOf(el);
      list.scrollTop = 0;
      await new Promise((resolve) => list.addEventListener('scroll', resolve, { once: true }));
      await settle(el);
      expect(view(el).firstVisible).to.equal(0);
      expect(more(el)).to.equal(null);
      el.bill = lines(40, (item, i) => (i === 30 ? { ...item, quantity: 2, subtotal: 2000 } : item));
      await settle(el);
      expect(view(el).firstVisible, 'a change in the middle leaves the shopper where they read').to.equal(0);
      el.bill = lines(41);
      await settle(el);
      expect(view(el).newestInView, 'a line added is shown').to.equal(true);
    });

    it('is a named keyboard stop with a visible focus ring (axe scrollable-region-focusable)', async () => {
      const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
      const el = await panel(lines(40));
      await settle(el);
      const list = listOf(el);
      expect(list.getAttribute('tabindex')).to.equal('0');
      expect(list.getAttribute('aria-label')).to.equal('Bill items');
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement, 'Tab reaches the list').to.equal(list);
      expect(getComputedStyle(list).outlineStyle).to.equal('solid');
      const top = list.scrollTop;
      await sendKeys({ press: 'Home' });
      await scrollEnd(list);
      await settle(el);
      expect(list.scrollTop, 'Home scrolls it to the first line').to.be.lessThan(top);
      expect(view(el).firstVisible).to.equal(0);
      const id = await fixture<BillPanel>(html`<bill-panel lang="id" .bill=${lines(2)}></bill-panel>`);
      expect(listOf(id).getAttribute('aria-label')).to.equal('Daftar belanja');
    });
  });
});
