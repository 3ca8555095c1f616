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

/** Starts mirroring under `root`; returns the function that stops it. */
export function mirrorModals(root: ParentNode, publisher: Pick<DisplayPublisher, 'showModal' | 'hideModal'>, options: MirrorOptions = {}): () => void {
  const selector = options.selector ?? SELECTOR;
  const tracked = new Map<Element, Tracked>();
  const dirty = new Set<Element>();
  let cancelScheduled: (() => void) | undefined;
  let stopped = false;

  const candidates = (): Element[] => {
    const found = [...root.querySelectorAll(selector)];
    if (root instanceof Element && root.matches(selector)) found.unshift(root);
    return found;
  };

  function sync(): void {
    cancelScheduled = undefined;
    if (stopped) return;
    const present = new Set(candidates());
    const shows: Array<[Element, Tracked]> = [];
    // Hides go out before shows: the display clears the modal on any hide, so one dialog
    // replacing another in the same frame must end with the new one shown.
    for (const [element, entry] of tracked) {
      if (present.has(element)) continue;
      if (entry.visible) hide(entry);
      tracked.delete(element);
    }
    for (const element of present) {
      const entry = tracked.get(element) ?? { visible: false, lastHtml: null, modalType: null };
      tracked.set(element, entry);
      const visible = isRendered(element);
      if (visible && (!entry.visible || dirty.has(element))) shows.push([element, entry]);
      else if (!visible && entry.visible) hide(entry);
      entry.visible = visible;
    }
    for (const [element, entry] of shows) send(element, entry);
    dirty.clear();
  }

  function send(element: Element, entry: Tracked): void {
    const html = serializeWithFormState(element);
    if (html === entry.lastHtml) return;
    entry.lastHtml = html;
    entry.modalType = modalTypeOf(element);
    void publisher.showModal({ modal_type: entry.modalType, html, data: dataOf(element) });
  }

  function hide(entry: Tracked): void {
    entry.lastHtml = null;
    void publisher.hideModal({ modal_type: entry.modalType });
  }

  /**
   * Coalesces any number of changes into one pass on the next animation frame (a hidden
   * tab gets no frames: then on the next task).
   */
  const schedule = () => {
    if (cancelScheduled || stopped) return;
    if (document.visibilityState === 'hidden') {
      const timer = setTimeout(sync, 0);
      cancelScheduled = () => clearTimeout(timer);
    } else {
      const frame = requestAnimationFrame(sync);
      cancelScheduled = () => cancelAnimationFrame(frame);
    }
  };

  const onEdit = (event: Event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const modal = target.closest(selector);
    if (modal && tracked.get(modal)?.visible) {
      dirty.add(modal);
      schedule();
    }
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // Content changing inside a visible modal (a computed "change" field) re-sends it.
      const node = record.target instanceof Element ? record.target : record.target.parentElement;
      const modal = node?.closest(selector);
      if (modal) dirty.add(modal);
    }
    schedule();
  });
  observer.observe(root as Node, { subtree: true, childList: true, characterData: true, attributes: true });
  root.addEventListener('input', onEdit, true);
  root.addEventListener('change', onEdit, true);
  sync();

  return () => {
    stopped = true;
    observer.disconnect();
    root.removeEventListener('input', onEdit, true);
    root.removeEventListener('change', onEdit, true);
    cancelScheduled?.();
    for (const entry of tracked.values()) if (entry.visible) hide(entry);
    tracked.clear();
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
