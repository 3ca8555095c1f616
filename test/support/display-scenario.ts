/**
 * The end-to-end display checks every engine runs (test/node/engines-*.test.ts): a page as
 * a shop writes it (`customer-display.auto.js`, `<customer-display>` in `<display-sync>`),
 * a real hub (the built CLI) on another origin, and each moment of a sale. Each check sets
 * up the state it needs, and fails on any error the page raised while it ran.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { dropInRoutes, waitUntil } from './display-page.js';
import type { Engine, EnginePage } from './engines.js';
import { QRIS_PAYMENT } from './fixtures.js';
import { startHubProcess, type HubProcess } from './hub-process.js';
import { postJson } from './sse-client.js';
import { serveStatic, type StaticServer } from './static-server.js';

const API = '/api/customer-display';
const THANKS_MS = 1500;

/** What the page shows, read through the shadow roots (plain ES2017: it runs in every engine). */
const VIEW_SCRIPT = `
window.pageErrors = [];
addEventListener('error', function (e) { pageErrors.push('error: ' + e.message); });
addEventListener('unhandledrejection', function (e) { pageErrors.push('unhandled rejection: ' + ((e.reason && e.reason.message) || e.reason)); });
window.view = function () {
  var text = function (el) { return el && el.shadowRoot ? el.shadowRoot.textContent.replace(/\\s+/g, ' ').trim() : ''; };
  var sync = document.querySelector('display-sync');
  var root = document.querySelector('customer-display').shadowRoot;
  var mirror = root && root.querySelector('payment-modal-mirror');
  var mirrorRoot = mirror && mirror.shadowRoot;
  var paymentView = mirrorRoot && mirrorRoot.querySelector('payment-view');
  var qr = paymentView && paymentView.shadowRoot && paymentView.shadowRoot.querySelector('payment-qr');
  var content = mirrorRoot && mirrorRoot.querySelector('[part=content]');
  var fields = content ? Array.prototype.map.call(content.querySelectorAll('input'), function (f) { return { value: f.value, disabled: f.disabled }; }) : [];
  return {
    status: sync.getAttribute('status'), phase: sync.getAttribute('phase'),
    scripts: Array.prototype.map.call(document.scripts, function (s) { return s.src.replace(location.origin, ''); }).filter(Boolean),
    bill: root ? text(root.querySelector('bill-panel')) : '',
    overlay: !!(mirrorRoot && mirrorRoot.querySelector('[part=overlay]')),
    mirrored: content ? content.textContent.replace(/\\s+/g, ' ').trim() : '',
    mirroredElements: content ? Array.prototype.map.call(content.querySelectorAll('*'), function (el) {
      return [el.localName].concat(Array.prototype.map.call(el.attributes, function (a) { return a.name + '=' + a.value; })).join(' ');
    }) : [],
    fields: fields,
    payment: text(paymentView),
    qr: qr ? { value: qr.value, modules: qr.moduleCount, drawn: !!(qr.shadowRoot && qr.shadowRoot.querySelector('path[d]')) } : null,
    thanks: root ? text(root.querySelector('thank-you-panel')) : '',
    idle: !!(root && root.querySelector('.region.idle.current')),
    hacked: window.hacked === undefined ? null : String(window.hacked),
    errors: pageErrors
  };
};`;

export type DisplayView = {
  status: string;
  phase: string;
  scripts: string[];
  bill: string;
  overlay: boolean;
  mirrored: string;
  /** Each element of the mirrored content as `tag attr=value …`. */
  mirroredElements: string[];
  fields: Array<{ value: string; disabled: boolean }>;
  payment: string;
  qr: { value: string; modules: number; drawn: boolean } | null;
  thanks: string;
  idle: boolean;
  hacked: string | null;
  errors: string[];
};

function displayPage(hubUrl: string, script: string): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script>${VIEW_SCRIPT}</script>
<script src="/${script}"></script></head>
<body>
  <display-sync src="${hubUrl}" reconnect-delay="50" max-reconnect-delay="400" thanks-duration="${THANKS_MS}">
    <customer-display shop-name="Warung Nusantara"></customer-display>
  </display-sync>
</body></html>`;
}

const bill = (number: string, lines: Array<[string, number, number]>) => {
  const items = lines.map(([name, quantity, price], i) => ({ id: i + 1, name, quantity, unit_price: price, subtotal: quantity * price }));
  const subtotal = items.reduce((sum, item) => sum + item.subtotal, 0);
  return { bill_id: number, bill_number: number, items, subtotal, tax: 0, discount: 0, total: subtotal };
};

/** A mirrored payment dialog with everything the sanitizer must take out. */
const HOSTILE_DIALOG =
  '<div id="paymentModal"><h2>Pembayaran tunai</h2><img src="x" onerror="window.hacked=1"><script>window.hacked=2</script>' +
  '<a href="javascript:window.hacked=3">lanjut</a><iframe src="javascript:parent.hacked=4"></iframe>' +
  '<label>Uang diterima <input value="100000"></label><p>Kembalian Rp 18.970</p></div>';

export interface ScenarioOptions {
  /** Suite title; default: the engine's name. */
  title?: string;
  /** The script tag's file (default the loader, `customer-display.auto.js`). */
  script?: string;
  /** Script run before the page's own (e.g. stripping post-2017 built-ins). */
  beforeLoad?: string;
  /** The drop-in file the page must end up running. */
  expectBuild: 'customer-display.js' | 'customer-display.legacy.js';
}

/** What each check works with: the page, the hub, and waiting for what the page shows. */
interface Scene {
  readonly options: ScenarioOptions;
  page: EnginePage;
  hub: HubProcess;
  view(): Promise<DisplayView>;
  post(path: string, body?: unknown): Promise<void>;
  until(what: string, check: (v: DisplayView) => boolean, timeoutMs?: number): Promise<DisplayView>;
  /** Every check starts from an idle display: no bill, no payment, no dialog. */
  reset(): Promise<void>;
  startHub(port?: number): Promise<HubProcess>;
}

type Check = [name: string, run: (scene: Scene) => Promise<void>];

const CHECKS: Check[] = [
  [
    'runs the build the browser needs',
    async ({ options, view }) => {
      const v = await view();
      assert.ok(v.scripts.includes(`/${options.expectBuild}`), `scripts on the page: ${v.scripts.join(', ')}`);
      const other = options.expectBuild === 'customer-display.js' ? 'customer-display.legacy.js' : 'customer-display.js';
      assert.ok(!v.scripts.includes(`/${other}`), `not ${other}`);
    },
  ],
  [
    'shows a posted bill: lines, quantities, money',
    async ({ post, until, reset }) => {
      await reset();
      await post('update-bill', bill('INV-E-1', [['Nasi Goreng', 2, 25000], ['Es Teh Manis', 1, 5000]]));
      const v = await until('the bill', (v) => v.bill.includes('INV-E-1'));
      assert.equal(v.phase, 'bill');
      assert.match(v.bill, /Nasi Goreng/);
      assert.match(v.bill, /×\s?2/);
      assert.match(v.bill, /Rp\s55\.000/);
    },
  ],
  [
    'updates the bill in place: a line added, the total follows',
    async ({ post, until, reset }) => {
      await reset();
      await post('update-bill', bill('INV-E-2', [['Nasi Goreng', 1, 25000]]));
      await until('the first version', (v) => v.bill.includes('INV-E-2'));
      await post('update-bill', bill('INV-E-2', [['Nasi Goreng', 1, 25000], ['Kerupuk', 3, 2000]]));
      const v = await until('the update', (v) => v.bill.includes('Kerupuk'));
      assert.match(v.bill, /Rp\s31\.000/);
      assert.doesNotMatch(v.bill.replace(/Rp\s25\.000/, ''), /Rp\s25\.000/, 'the old total is gone');
    },
  ],
  [
    'a QR payment: the amount and the code, drawn',
    async ({ post, until, reset }) => {
      await reset();
      await post('update-bill', bill('INV-E-3', [['Nasi Goreng', 1, 27750]]));
      await post('payment', { ...QRIS_PAYMENT, bill_id: 'INV-E-3', qr: { ...QRIS_PAYMENT.qr, expires_at: Date.now() / 1000 + 300 } });
      const v = await until('the QR code', (v) => !!v.qr?.drawn);
      assert.equal(v.phase, 'payment');
      assert.equal(v.qr!.value, QRIS_PAYMENT.qr.payload);
      assert.ok(v.qr!.modules >= 21 + 8, `a QR code of ${v.qr!.modules} modules`);
      assert.match(v.payment, /Rp\s27\.750/);
    },
  ],
  [
    'a mirrored dialog is sanitised: text and typed values shown, nothing runs or fetches',
    async ({ post, until, reset }) => {
      await reset();
      await post('show-modal', { modal_type: 'payment', html: HOSTILE_DIALOG, data: { total: 81030 } });
      const v = await until('the mirrored dialog', (v) => v.mirrored.includes('Pembayaran tunai'));
      assert.match(v.mirrored, /Kembalian Rp 18\.970/);
      assert.deepEqual(v.fields, [{ value: '100000', disabled: true }]);
      const elements = v.mirroredElements.join('\n');
      assert.doesNotMatch(elements, /^(script|iframe)\b/m, 'no script, no frame');
      assert.doesNotMatch(elements, / (on\w+|src|href)=/, 'no handler, nothing to fetch or follow');
      assert.equal(v.hacked, null);
    },
  ],
  [
    'hides the dialog when the cashier closes it',
    async ({ post, until, reset }) => {
      await reset();
      await post('show-modal', { modal_type: 'payment', html: '<h2>Pembayaran</h2>' });
      await until('the dialog', (v) => v.overlay && v.mirrored.includes('Pembayaran'));
      await post('hide-modal', { modal_type: 'payment' });
      await until('the dialog to go', (v) => !v.overlay);
    },
  ],
  [
    'thanks the shopper after the sale, then returns to idle',
    async ({ post, until, reset }) => {
      await reset();
      await post('update-bill', bill('INV-E-4', [['Kopi Susu', 1, 18000]]));
      await until('the bill', (v) => v.bill.includes('INV-E-4'));
      await post('clear');
      const v = await until('the thank-you', (v) => v.phase === 'thanks');
      assert.match(v.thanks, /Terima kasih/);
      const idle = await until('idle after the thank-you', (v) => v.phase === 'idle', THANKS_MS + 5000);
      assert.ok(idle.idle, 'the idle region is the one shown');
    },
  ],
  [
    'an element outside <display-sync> renders what it is given',
    async ({ page }) => {
      const shown = await page.run<string>(`(function () {
        var panel = document.createElement('bill-panel');
        document.body.appendChild(panel);
        panel.bill = ${JSON.stringify(bill('INV-SOLO', [['Air Mineral', 3, 4000]]))};
        return panel.updateComplete.then(function () { var text = panel.shadowRoot.textContent; panel.remove(); return text; });
      })()`);
      assert.match(shown, /INV-SOLO/);
      assert.match(shown, /Rp\s12\.000/);
    },
  ],
  [
    'reconnects by itself after a hub restart and shows the next bill',
    async (scene) => {
      const { post, until } = scene;
      await scene.reset();
      await post('update-bill', bill('INV-E-5', [['Teh Tarik', 1, 12000]]));
      await until('the bill', (v) => v.bill.includes('INV-E-5'));
      const port = scene.hub.port;
      scene.hub.child.kill('SIGTERM');
      await scene.hub.exited;
      const offline = await until('offline', (v) => v.status === 'offline');
      assert.match(offline.bill, /INV-E-5/, 'the last bill stays on screen while the hub is away');
      scene.hub = await scene.startHub(port);
      await until('live again', (v) => v.status === 'live', 10_000);
      await post('update-bill', bill('INV-E-6', [['Roti Bakar', 2, 15000]]));
      const v = await until('the next bill', (v) => v.bill.includes('INV-E-6'));
      assert.match(v.bill, /Rp\s30\.000/);
    },
  ],
];

/** The page, the hub and the helpers every check uses. */
function createScene(options: ScenarioOptions): Scene {
  const scene: Scene = {
    options,
    page: undefined as unknown as EnginePage,
    hub: undefined as unknown as HubProcess,
    view: () => scene.page.run<DisplayView>('window.view()'),
    post: async (path, body) => {
      const reply = await postJson(`${scene.hub.url}${API}/${path}`, body);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    },
    until: async (what, check, timeoutMs = 5000) => {
      let last: DisplayView | undefined;
      await waitUntil(what, async () => check((last = await scene.view())), timeoutMs, 50).catch((error: Error) => {
        throw new Error(`${error.message}\n  last view: ${JSON.stringify(last)}`);
      });
      return last!;
    },
    reset: async () => {
      await scene.post('clear', { reason: 'void' });
      await scene.until('idle', (v) => v.phase === 'idle' && !v.overlay);
    },
    startHub: (port) => startHubProcess(['--log-level', 'warn', '--heartbeat', '1000', ...(port ? ['--port', String(port)] : [])]),
  };
  return scene;
}

export function describeDisplayScenario(engine: Engine, options: ScenarioOptions): void {
  const title = options.title ?? `display end to end in ${engine.name}`;
  if (engine.missing) {
    console.log(`# ${title}: skipped, ${engine.missing}`);
    it(title, { skip: engine.missing }, () => {});
    return;
  }
  describe(title, () => {
    const scene = createScene(options);
    let site: StaticServer;

    before(async () => {
      scene.hub = await scene.startHub();
      site = await serveStatic({ ...dropInRoutes(), '/': { html: displayPage(scene.hub.url, options.script ?? 'customer-display.auto.js') } });
      scene.page = await engine.open({ beforeLoad: options.beforeLoad });
      console.log(`# ${title}: ${scene.page.version}`);
      await scene.page.goto(`${site.url}/`);
      await scene.until('the display to go live', (v) => v.status === 'live', 15_000);
    });

    afterEach(async () => {
      const errors = await scene.page.run<string[]>('window.pageErrors.splice(0)');
      assert.deepEqual(errors, [], 'the page raised no errors during this check');
    });

    after(async () => {
      await scene.page?.close();
      await site?.close();
      scene.hub?.child.kill('SIGKILL');
    });

    for (const [name, run] of CHECKS) it(name, () => run(scene));
  });
}
