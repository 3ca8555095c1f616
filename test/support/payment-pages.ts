/**
 * The two pages of the payment moment, as an integrator writes them with the drop-in
 * bundle: a cashier page (publisher + mirrorModals, a cash dialog) and a display page.
 */

export function cashierPage(hubUrl: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head><body>
  <div id="paymentModal" hidden data-sync-to-customer="true" data-customer-readonly="true"
       data-modal-type="payment" data-bill-id="INV-7" data-bill-total="81030">
    <h2>Pembayaran</h2>
    <label>Uang diterima <input id="tendered" type="text" inputmode="numeric"></label>
    <p>Kembalian <output id="change">Rp 0</output></p>
    <div data-customer-hidden><button id="approve">approve</button></div>
    <button class="modal-close">×</button>
  </div>
  <script>
    const { createDisplayPublisher, mirrorModals } = window.CustomerDisplay;
    window.publisher = createDisplayPublisher({ hub: ${JSON.stringify(hubUrl)}, timeoutMs: 1000 });
    const modal = document.getElementById('paymentModal');
    const tendered = document.getElementById('tendered');
    window.inputTimes = [];
    tendered.addEventListener('input', () => {
      window.inputTimes.push({ value: tendered.value, at: performance.timeOrigin + performance.now() });
      const change = Math.max(0, Number(tendered.value) - 81030);
      document.getElementById('change').textContent = 'Rp ' + change.toLocaleString('id-ID');
      modal.dataset.tendered = tendered.value;
      modal.dataset.change = String(change);
    });
    mirrorModals(document, window.publisher);
  </script>
</body></html>`;
}

export function displayPage(hubUrl: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head><body>
  <display-sync src="${hubUrl}" thanks-duration="3000">
    <bill-panel><thank-you-panel slot="empty"></thank-you-panel></bill-panel>
    <payment-modal-mirror></payment-modal-mirror>
  </display-sync>
  <script>
    window.pageErrors = [];
    /** Resolves with the epoch time at which the mirrored tendered field shows \`value\`. */
    window.whenTendered = (value) => new Promise((resolve) => {
      const check = () => {
        const mirror = document.querySelector('payment-modal-mirror');
        const field = mirror.shadowRoot && mirror.shadowRoot.querySelector('#tendered');
        if (field && field.value === value) {
          resolve(performance.timeOrigin + performance.now());
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setInterval(() => check() && clearInterval(timer), 1);
    });
  </script>
</body></html>`;
}
