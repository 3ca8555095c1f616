/**
 * A display page as an integrator writes it (the drop-in bundle by classic script, the
 * hub elsewhere), plus a probe that records every state the page's `<display-sync>`
 * provides, through the context protocol itself (a plain `context-request` DOM event).
 */
import { readdirSync } from 'node:fs';
import type { Page } from 'puppeteer-core';

const DIST = new URL('../../dist/', import.meta.url).pathname;
export const BUNDLE = `${DIST}customer-display.js`;
export const PUBLISHER_BUNDLE = `${DIST}customer-display-publisher.js`;

/**
 * Every drop-in file as served beside each other (`/customer-display.js`, the legacy build,
 * the loader, the chunks loaded on first use, the publisher), for `serveStatic`.
 */
export function dropInRoutes(): Record<string, string> {
  const files = readdirSync(DIST).filter((name) => /^customer-display.*\.js$/.test(name));
  return Object.fromEntries(files.map((name) => [`/${name}`, `${DIST}${name}`]));
}

export interface ProbeEntry {
  /** `bill`: a new bill object was provided; `payment`: the payment or dialog changed; `status`: only the connection status changed. */
  kind: 'bill' | 'payment' | 'status';
  /** The bill number shown after this change (null: no bill). */
  bill: string | number | null;
  /** The `bill_id` of the bill, of the payment and of the dialog after this change (null: none; a dialog naming no bill: ''). */
  billId: string | null;
  paymentBillId: string | null;
  modalBillId: string | null;
  lastEventId: string | null;
  status: string;
  at: number;
}

export function displayPageHtml(hubUrl: string, attributes = 'reconnect-delay="50" max-reconnect-delay="400"'): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head>
<body>
  <display-sync src="${hubUrl}" ${attributes}>
    <bill-panel><p slot="empty">Selamat datang</p></bill-panel>
    <span id="probe"></span>
  </display-sync>
  <script>
    window.displayErrors = [];
    document.addEventListener('display-error', (e) => displayErrors.push(e.detail));
    // Every state change, in order: bills applied, statuses.
    window.probeLog = [];
    const request = new Event('context-request', { bubbles: true, composed: true });
    let lastBill, lastStatus, lastPayment, lastModal;
    const idOf = (value) => (value === undefined || value === null ? null : String(value));
    Object.assign(request, {
      context: Symbol.for('pos-customer-display:state'),
      contextTarget: document.getElementById('probe'),
      subscribe: true,
      callback: (state) => {
        if (state.bill === lastBill && state.status === lastStatus && state.payment === lastPayment && state.modal === lastModal) return;
        const kind = state.bill !== lastBill ? 'bill' : state.payment !== lastPayment || state.modal !== lastModal ? 'payment' : 'status';
        lastBill = state.bill;
        lastStatus = state.status;
        lastPayment = state.payment;
        lastModal = state.modal;
        probeLog.push({
          kind,
          bill: state.bill ? state.bill.bill_number : null,
          billId: idOf(state.bill?.bill_id),
          paymentBillId: state.payment ? idOf(state.payment.bill_id) : null,
          modalBillId: state.modal ? (idOf(state.modal.data?.bill_id) ?? '') : null,
          lastEventId: state.lastEventId,
          status: state.status,
          at: Date.now(),
        });
      },
    });
    document.getElementById('probe').dispatchEvent(request);
    /** Resolves with the epoch time of the first frame whose bill panel shows \`text\`. */
    window.whenShown = (text) => new Promise((resolve) => {
      const panel = document.querySelector('bill-panel');
      const check = () => {
        if (!panel.shadowRoot.textContent.includes(text)) return false;
        observer.disconnect();
        const dom = performance.timeOrigin + performance.now();
        requestAnimationFrame(() => resolve({ dom, frame: performance.timeOrigin + performance.now() }));
        return true;
      };
      const observer = new MutationObserver(check);
      observer.observe(panel.shadowRoot, { subtree: true, childList: true, characterData: true });
      check();
    });
  </script>
</body></html>`;
}

export const panelText = (page: Page) => page.evaluate(() => document.querySelector('bill-panel')!.shadowRoot!.textContent ?? '');
export const syncStatus = (page: Page) => page.evaluate(() => document.querySelector('display-sync')!.getAttribute('status'));
export const probeLog = (page: Page) => page.evaluate(() => (window as unknown as { probeLog: ProbeEntry[] }).probeLog);

/** The bills a page applied, in order (every new bill object, `null` for a cleared one). */
export const appliedBills = async (page: Page) => (await probeLog(page)).filter((entry) => entry.kind === 'bill').map((entry) => entry.bill);
export const showsEmptyState = (page: Page) =>
  page.evaluate(() => !!document.querySelector('bill-panel')!.shadowRoot!.querySelector('[part=empty]'));

export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5000, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      // A page still navigating ("execution context was destroyed"): ask again.
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}
