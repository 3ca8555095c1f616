import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Bill, BillItem } from '../../protocol/index.js';
import { DisplayElement } from '../display-element.js';
import { formatQuantity } from '../format.js';
import { nextFrame } from '../../next-frame.js';
import type { DisplayStrings } from '../strings.js';
import { themeTokens } from '../theme.styles.js';
import { billPanelStyles } from './bill-panel.styles.js';

/**
 * The open bill as the shopper sees it: bill number, one line per item (name, notes,
 * ×quantity, line subtotal), then subtotal, tax, discount (each only when non-zero) and total.
 * Names and notes are always rendered as text, never as HTML.
 *
 * Renders the bill of the nearest `<display-sync>`, or the `bill` property when set.
 *
 * @tag bill-panel
 * @summary The shopper's view of the open bill.
 * @slot empty - Shown when there is no bill or it has no items (e.g. a logo or a welcome).
 * @csspart base - The whole panel.
 * @csspart header - Title and bill number row.
 * @csspart title - The "Your order" title.
 * @csspart bill-number - The bill number.
 * @csspart items - The list of lines: it scrolls on a long bill, so it is a keyboard stop (named, with a focus ring).
 * @csspart more-above - "▲ 4 more": lines scrolled out above the list (a long bill shows its newest line).
 * @csspart item - One line.
 * @csspart item-name - A line's product name.
 * @csspart item-notes - A line's notes.
 * @csspart item-quantity - A line's quantity.
 * @csspart item-price - A line's subtotal.
 * @csspart totals - The totals block.
 * @csspart subtotal-row - Subtotal row (absent when the subtotal is 0 or not given).
 * @csspart tax-row - Tax row (absent when the tax is 0 or not given).
 * @csspart discount-row - Discount row (absent when the discount is 0).
 * @csspart total-row - Total row.
 * @csspart empty - Wrapper of the empty state.
 * @cssproperty --display-font-family - Font stack.
 * @cssproperty --display-font-size - Base size; everything scales from it.
 * @cssproperty --display-background - Panel background.
 * @cssproperty --display-surface - Totals background.
 * @cssproperty --display-text - Main text colour.
 * @cssproperty --display-muted - Secondary text (notes, quantities, labels).
 * @cssproperty --display-accent - The total amount.
 * @cssproperty --display-border - Separators.
 * @cssproperty --display-negative - The discount amount.
 * @cssproperty --display-radius - Corner radius.
 * @cssproperty --display-spacing - Base spacing unit.
 */
export class BillPanel extends DisplayElement {
  static override styles = [themeTokens, billPanelStyles];

  /** The bill to show. When set (even to `null`), it wins over the `<display-sync>` state. */
  @property({ attribute: false }) bill?: Bill | null;

  private renderedLines = 0;
  private renderedBillId?: Bill['bill_id'];

  /**
   * Whether the list stays at its newest line. True until the user scrolls up (touch, wheel,
   * keyboard); a line added, a new bill, or scrolling back down makes it true again.
   */
  private followNewest = true;

  /**
   * Re-pins the newest line when the list gets its size after layout (first shown, resized).
   * Absent in the oldest WebViews the legacy build serves (Chrome 61): there the list is
   * pinned at each render only.
   */
  private readonly listSize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.listResized()) : undefined;
  private observedList?: HTMLElement;

  /** Lines scrolled out of view above the list: the shopper is told they exist. */
  @state() private linesAbove = 0;

  /** The bill being rendered: the property when set, else the provided display state. */
  get currentBill(): Bill | null {
    return this.bill !== undefined ? this.bill : (this.display?.bill ?? null);
  }

  protected override render() {
    const bill = this.currentBill;
    if (!bill || bill.items.length === 0) {
      return html`<div part="empty" class="empty"><slot name="empty"></slot></div>`;
    }
    const words = this.words();
    return html`
      <section part="base" class="bill" aria-label=${words.order}>
        <header part="header" class="header">
          <span part="title" class="title">${words.order}</span>
          <span part="bill-number" class="bill-number">${words.billNumber} ${bill.bill_number ?? '--'}</span>
        </header>
        ${this.linesAbove > 0
          ? html`<div part="more-above" class="more-above">${words.moreAbove.replace('{count}', String(this.linesAbove))}</div>`
          : nothing}
        <ol part="items" class="items" tabindex="0" aria-label=${words.billItems} @scroll=${this.listScrolled}>
          ${repeat(bill.items, lineKeys(bill.items), (item) => this.renderLine(item))}
        </ol>
        ${this.renderTotals(bill, words)}
      </section>
    `;
  }

  private renderLine(item: BillItem) {
    return html`
      <li part="item" class="item">
        <div class="item-info">
          <span part="item-name" class="name">${item.name}</span>
          ${item.notes ? html`<span part="item-notes" class="notes">${item.notes}</span>` : nothing}
        </div>
        <span part="item-quantity" class="quantity">×${formatQuantity(item.quantity, this.formatLocale)}</span>
        <span part="item-price" class="price">${this.money(item.subtotal)}</span>
      </li>
    `;
  }

  /**
   * Subtotal, tax and discount when each is there (not 0), and the total. A till that posts
   * only `total` has its subtotal and tax read as 0: "Subtotal Rp 0" above a total of
   * Rp 27.750 would be a wrong amount on the shopper's screen, so a 0 row is left out.
   */
  private renderTotals(bill: Bill, words: DisplayStrings) {
    return html`
      <dl part="totals" class="totals">
        ${bill.subtotal !== 0
          ? html`<div part="subtotal-row" class="row subtotal"><dt>${words.subtotal}</dt><dd>${this.money(bill.subtotal)}</dd></div>`
          : nothing}
        ${bill.tax !== 0 ? html`<div part="tax-row" class="row tax"><dt>${words.tax}</dt><dd>${this.money(bill.tax)}</dd></div>` : nothing}
        ${bill.discount > 0
          ? html`<div part="discount-row" class="row discount"><dt>${words.discount}</dt><dd>−${this.money(bill.discount)}</dd></div>`
          : nothing}
        <div part="total-row" class="row total"><dt>${words.total}</dt><dd>${this.money(bill.total)}</dd></div>
      </dl>
    `;
  }

  /**
   * Renders at the start of the next animation frame instead of at once: bill updates
   * arriving in one task (a cashier scanning fast, a reconnect replaying what was missed)
   * become one render of the latest bill, not one per update. The frame is where the render
   * would have been painted anyway, so nothing reaches the screen later.
   */
  protected override async scheduleUpdate(): Promise<void> {
    await nextFrame();
    super.scheduleUpdate();
  }

  protected override willUpdate(): void {
    if (!this.currentBill?.items.length) this.linesAbove = 0; // the next bill's list starts at its top
  }

  /** On scroll (after layout, so reading positions costs nothing extra). */
  private listScrolled(event: Event): void {
    const list = event.currentTarget as HTMLElement;
    // Our own pinning lands at the bottom too, so only a scroll up by the user stops following.
    this.followNewest = atBottom(list);
    this.linesAbove = linesScrolledAbove(list);
  }

  private listResized(): void {
    const list = this.observedList;
    if (!list) return;
    if (this.followNewest) showNewest(list);
    this.linesAbove = linesScrolledAbove(list);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.observedList) this.listSize?.observe(this.observedList); // moved in the page
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listSize?.disconnect();
  }

  protected override updated(): void {
    // Keep the newest line in view on long bills: the shopper watches what was just added,
    // from the first render on (a bill opened from a snapshot, a reload, a reconnect). A line
    // changed in the middle leaves the view at the newest line (re-pinned: the change may have
    // moved it); it does not scroll to the changed line, whose effect the shopper sees in the
    // total, nor away from a line the shopper scrolled up to read, unless a line is added.
    // Updates run at the start of an animation frame (scheduleUpdate), where layout happens
    // anyway: scrolling now lands in this frame's paint. (Waiting for another frame put the
    // new line on screen a frame late.)
    const bill = this.currentBill;
    const count = bill?.items.length ?? 0;
    if (count > this.renderedLines || bill?.bill_id !== this.renderedBillId) this.followNewest = true;
    this.renderedLines = count;
    this.renderedBillId = bill?.bill_id;

    const list = this.renderRoot.querySelector<HTMLElement>('.items') ?? undefined;
    if (list !== this.observedList) {
      // The list is a new element (a bill after the empty state): its size is known only after
      // layout, which in a hidden or lazily shown container comes later: the observer pins it then.
      this.listSize?.disconnect();
      if (list) this.listSize?.observe(list);
      this.observedList = list;
      // The observer's first report comes in this frame, after its layout and before its
      // paint: it pins the new list then. Pinning here would force that layout inside this
      // script (60–80 ms at 4× CPU on the first bill), and the frame lays out again after.
      if (list && this.listSize) return;
    }
    if (!list) return;
    if (this.followNewest) showNewest(list);
    this.linesAbove = linesScrolledAbove(list); // unchanged most times; else the indicator follows a frame later
  }
}

/** Within a pixel of the end (positions may be fractional). */
function atBottom(list: HTMLElement): boolean {
  return list.scrollHeight - list.clientHeight - list.scrollTop <= 1;
}

/** Scrolls the list itself to its end: the newest line in full view, the page never scrolled. */
function showNewest(list: HTMLElement): void {
  list.scrollTop = list.scrollHeight;
}

/** How many lines start above the list's visible top. */
function linesScrolledAbove(list: HTMLElement): number {
  const lines = list.children as HTMLCollectionOf<HTMLElement>;
  // Lines are in order: find the first one whose top is in view.
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (lines[middle]!.offsetTop < list.scrollTop) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Stable keys for `repeat`, so an edited line updates in place. Lines may share an id
 * (the same product twice), so the nth repeat of an id gets its own key.
 */
function lineKeys(items: readonly BillItem[]): (item: BillItem, index: number) => string {
  const seen = new Map<string, number>();
  const keys = items.map((item, index) => {
    const id = item.id === undefined ? `#${index}` : String(item.id);
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    return count ? `${id}~${count}` : id;
  });
  return (_item, index) => keys[index]!;
}
