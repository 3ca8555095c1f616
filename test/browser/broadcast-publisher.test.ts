/**
 * BroadcastChannel mode as an ES-module page gets it (unbundled, as from dist/esm): the hub
 * core is fetched by the publisher's import() only when a broadcast publisher is made, and
 * a `<display-sync src="broadcast:…">` in the same page (a channel reaches the other
 * channels of its name, even in one document) is served by it.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/bill-panel/bill-panel.js';
import type { BillPanel } from '../../src/components/bill-panel/bill-panel.js';
import '../../src/sync/display-sync.js';
import { createDisplayPublisher } from '../../src/publisher/index.js';

/** Whether the page has fetched the hub core's module. */
const hubCoreFetched = () => performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith('/src/hub/hub.ts'));

const bill = (billNumber: string) => ({ bill_id: billNumber, bill_number: billNumber, items: [{ id: '1', name: 'Es Teh', quantity: 1, unit_price: 5000, subtotal: 5000 }], total: 5000 });

describe('publisher, BroadcastChannel mode (ES modules)', () => {
  it('an HTTP publisher does not fetch the hub core; a broadcast one does, and serves a display of its lane', async () => {
    const http = createDisplayPublisher({ hub: 'http://127.0.0.1:9', timeoutMs: 200 });
    await http.updateBill(bill('HTTP-ONLY'));
    expect(hubCoreFetched(), 'hub core fetched by an HTTP publisher').to.equal(false);

    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    wrapper.innerHTML = '<display-sync src="broadcast:bp-lane" reconnect-delay="20" max-reconnect-delay="100"><bill-panel></bill-panel></display-sync>';
    const panel = wrapper.querySelector('bill-panel') as BillPanel;
    const publisher = createDisplayPublisher({ transport: 'broadcast', lane: 'bp-lane' });
    try {
      // Called at once: it waits for the hub core rather than being lost.
      expect(await publisher.updateBill(bill('LAZY-1'))).to.deep.equal({ ok: true, status: 200 });
      expect(hubCoreFetched(), 'hub core fetched on demand').to.equal(true);
      await waitUntil(() => panel.shadowRoot!.textContent!.includes('LAZY-1'), 'the bill on the display');
    } finally {
      publisher.close();
    }
  });
});
