/**
 * Mirrors the cashier's payment dialog onto the customer display, the way the original
 * `data-sync-to-customer` markup asks for, but with what the cashier typed: the HTML is
 * serialised with live form state (input values, checked boxes, selected options, textarea
 * text), and every `input`/`change` re-sends it, at most once per animation frame.
 *
 *   <div data-sync-to-customer="true" data-modal-type="payment"
 *        data-bill-id="42" data-bill-total="27750" data-customer-readonly="true"> … </div>
 *
 * Visible = rendered (Alpine `x-show`, the `hidden` attribute, `<dialog open>`, insertion
 * all count). Sub-trees marked `data-customer-hidden` are never sent.
 */
import type { DisplayPublisher } from './publisher.js';
import type { SendOptions } from './types.js';

const SELECTOR = '[data-sync-to-customer="true"]';
const HIDDEN_SELECTOR = '[data-customer-hidden]';
/** data-* attributes that steer the mirroring itself, not data for the display. */
const CONTROL_KEYS = new Set(['syncToCustomer', 'modalType', 'customerHidden']);
/** data-* attributes holding money, sent as numbers (the original did so for the total). */
const AMOUNT_KEYS: Record<string, string> = { billTotal: 'total', amountDue: 'amount_due', tendered: 'tendered', change: 'change' };

export interface MirrorOptions {
  /** Which elements to mirror. Default `[data-sync-to-customer="true"]`. */
  selector?: string;
}

interface Tracked {
  visible: boolean;
  /** The last HTML sent, so unrelated mutations do not re-send the same thing. */
  lastHtml: string | null;
  modalType: string | null;
}

type ModalPublisher = Pick<DisplayPublisher, 'showModal' | 'hideModal'>;

/**
 * Starts mirroring under `root`; returns the function that stops it.
 *
 * The display follows this page's life: when it starts with no mirrored dialog visible it
 * sends `hide-modal` (a reload in the middle of a payment must not leave the old dialog on
 * the shopper's screen), and when the page goes away (`pagehide`) it hides what it showed,
 * with a request that outlives the page. One mirroring page per lane, then.
 */
export function mirrorModals(root: ParentNode, publisher: ModalPublisher, options: MirrorOptions = {}): () => void {
  const mirror = new ModalMirror(root, publisher, options.selector ?? SELECTOR);
  mirror.start();
  return () => mirror.stop();
}

/** Mirrors running on this page: one starting must not hide a dialog another one shows. */
const running = new Set<ModalMirror>();

class ModalMirror {
  private readonly tracked = new Map<Element, Tracked>();
  /** Visible modals whose content changed since they were last sent. */
  private readonly dirty = new Set<Element>();
  private readonly observer = new MutationObserver((records) => this.onMutations(records));
  private cancelScheduled: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly root: ParentNode,
    private readonly publisher: ModalPublisher,
    private readonly selector: string,
  ) {}

  start(): void {
    this.observer.observe(this.root as Node, { subtree: true, childList: true, characterData: true, attributes: true });
    this.root.addEventListener('input', this.onEdit, true);
    this.root.addEventListener('change', this.onEdit, true);
    addEventListener('pagehide', this.onPageHide);
    addEventListener('pageshow', this.onPageShow);
    this.sync();
    running.add(this);
    // What the display shows may come from this page's previous life (reloaded mid-payment),
    // unless a mirror of this page shows it now.
    const showing = [...running].some((mirror) => mirror.publisher === this.publisher && mirror.anyVisible());
    if (!showing) void this.publisher.hideModal({});
  }

  stop(): void {
    this.stopped = true;
    running.delete(this);
    this.observer.disconnect();
    this.root.removeEventListener('input', this.onEdit, true);
    this.root.removeEventListener('change', this.onEdit, true);
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('pageshow', this.onPageShow);
    this.cancelScheduled?.();
    for (const entry of this.tracked.values()) if (entry.visible) this.hide(entry);
    this.tracked.clear();
  }

  private candidates(): Element[] {
    const found = [...this.root.querySelectorAll(this.selector)];
    if (this.root instanceof Element && this.root.matches(this.selector)) found.unshift(this.root);
    return found;
  }

  private anyVisible(): boolean {
    return [...this.tracked.values()].some((entry) => entry.visible);
  }

  private sync(): void {
    this.cancelScheduled = undefined;
    if (this.stopped) return;
    const present = new Set(this.candidates());
    const shows: Array<[Element, Tracked]> = [];
    // Hides go out before shows: the display clears the modal on any hide, so one dialog
    // replacing another in the same frame must end with the new one shown.
    for (const [element, entry] of this.tracked) {
      if (present.has(element)) continue;
      if (entry.visible) this.hide(entry);
      this.tracked.delete(element);
    }
    for (const element of present) {
      const entry = this.tracked.get(element) ?? { visible: false, lastHtml: null, modalType: null };
      this.tracked.set(element, entry);
      const visible = isRendered(element);
      if (visible && (!entry.visible || this.dirty.has(element))) shows.push([element, entry]);
      else if (!visible && entry.visible) this.hide(entry);
      entry.visible = visible;
    }
    for (const [element, entry] of shows) this.show(element, entry);
    this.dirty.clear();
  }

  private show(element: Element, entry: Tracked): void {
    const html = serializeWithFormState(element);
    if (html === entry.lastHtml) return;
    entry.lastHtml = html;
    entry.modalType = modalTypeOf(element);
    void this.publisher.showModal({ modal_type: entry.modalType, html, data: dataOf(element) });
  }

  private hide(entry: Tracked, options: SendOptions = {}): void {
    entry.lastHtml = null;
    void this.publisher.hideModal({ modal_type: entry.modalType }, options);
  }

  /**
   * Coalesces any number of changes into one pass on the next animation frame (a hidden
   * tab gets no frames: then on the next task).
   */
  private schedule(): void {
    if (this.cancelScheduled || this.stopped) return;
    if (document.visibilityState === 'hidden') {
      const timer = setTimeout(() => this.sync(), 0);
      this.cancelScheduled = () => clearTimeout(timer);
    } else {
      const frame = requestAnimationFrame(() => this.sync());
      this.cancelScheduled = () => cancelAnimationFrame(frame);
    }
  }

  private readonly onEdit = (event: Event): void => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const modal = target.closest(this.selector);
    if (modal && this.tracked.get(modal)?.visible) {
      this.dirty.add(modal);
      this.schedule();
    }
  };

  private onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      // Content changing inside a visible modal (a computed "change" field) re-sends it.
      const node = record.target instanceof Element ? record.target : record.target.parentElement;
      const modal = node?.closest(this.selector);
      if (modal) this.dirty.add(modal);
    }
    this.schedule();
  }

  /** The page goes away (reload, navigation, closed tab): the display must not keep its dialog. */
  private readonly onPageHide = (): void => {
    for (const entry of this.tracked.values()) {
      if (!entry.visible) continue;
      this.hide(entry, { keepalive: true });
      entry.visible = false;
    }
  };

  /** Back from the back/forward cache: show again what is visible. */
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) this.schedule();
  };
}

/** Rendered at all: attached, not `display: none` itself or through an ancestor, not hidden. */
function isRendered(element: Element): boolean {
  if (!element.isConnected) return false;
  if (typeof element.checkVisibility === 'function') {
    return element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true } as CheckVisibilityOptions);
  }
  return element.getClientRects().length > 0;
}

function modalTypeOf(element: Element): string | null {
  return (element as HTMLElement).dataset?.modalType ?? null;
}

/**
 * `data-bill-id="42" data-bill-total="27750" data-payment-method="cash"` →
 * `{bill_id: "42", total: 27750, payment_method: "cash"}`, as the original; `data-tendered`
 * and `data-change` (numbers) let the display thank the shopper with the change.
 */
export function dataOf(element: Element): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((element as HTMLElement).dataset ?? {})) {
    if (CONTROL_KEYS.has(key) || value === undefined) continue;
    if (key in AMOUNT_KEYS) {
      const amount = Number.parseFloat(value);
      if (Number.isFinite(amount)) data[AMOUNT_KEYS[key]!] = amount;
    } else if (key === 'customerReadonly') data.readonly = value === 'true';
    else data[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return data;
}

/**
 * `outerHTML` with what the cashier typed written into attributes (a clone copies
 * attributes, not the live `value`/`checked`/`selected` state), minus hidden sub-trees and
 * scripts.
 */
export function serializeWithFormState(element: Element): string {
  const clone = element.cloneNode(true) as Element;
  const fields = 'input, textarea, select';
  const live = element.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(fields);
  const copies = clone.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(fields);
  live.forEach((field, index) => {
    const copy = copies[index];
    if (!copy) return;
    if (field instanceof HTMLTextAreaElement) {
      copy.textContent = field.value;
    } else if (field instanceof HTMLSelectElement) {
      const options = (copy as HTMLSelectElement).options;
      [...field.options].forEach((option, i) => options[i]?.toggleAttribute('selected', option.selected));
    } else if (field.type === 'checkbox' || field.type === 'radio') {
      copy.toggleAttribute('checked', field.checked);
    } else if (field.type !== 'password' && field.type !== 'file') {
      copy.setAttribute('value', field.value);
    }
  });
  // Hidden inputs (CSRF tokens, ids) never show, and the stream is public: not sent.
  for (const hidden of clone.querySelectorAll(`${HIDDEN_SELECTOR}, script, template, input[type="hidden"]`)) hidden.remove();
  return clone.outerHTML;
}
