/**
 * The npm package as a user gets it: packed, installed into an empty project, every entry
 * imported (Node entries in Node, element entries in Chromium), its types checked.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { launchChromium } from '../support/chromium.js';
import { startHubProcess } from '../support/hub-process.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TAGS = ['display-sync', 'bill-panel', 'payment-modal-mirror', 'payment-view', 'payment-qr', 'thank-you-panel', 'idle-slideshow', 'display-status', 'customer-display'];
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm package', () => {
  let project: string;
  let files: string[];

  before(async () => {
    const packDir = await mkdtemp(join(tmpdir(), 'pcd-pack-'));
    // npm test has built dist/ already; packing must not rebuild it.
    const [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = packed!.files.map((file) => file.path);
    project = await mkdtemp(join(tmpdir(), 'pcd-user-'));
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
    run('npm', ['install', join(packDir, packed!.filename), 'msw@^2.15', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], project);
  });

  it('ships what a user needs and nothing else', () => {
    for (const needed of ['dist/customer-display.js', 'dist/display-app/display-page.js', 'dist/display-app/sw.js', 'dist/admin/admin.js', 'dist/esm/index.js', 'dist/types/index.d.ts', 'dist/hub/cli.js', 'custom-elements.json', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    for (const prefix of ['src/', 'test/', 'demo/', 'bench/', 'docs/', '.storybook/', 'storybook-static/', 'node_modules/', 'public/', 'scripts/']) {
      assert.deepEqual(files.filter((file) => file.startsWith(prefix)), [], `nothing from ${prefix}`);
    }
    assert.ok(!files.some((file) => file.endsWith('.stories.js')), 'no stories');
  });

  it('imports the Node entries in Node, and runs the display-hub command', () => {
    const script = `
      const protocol = await import('pos-customer-display/protocol');
      const publisher = await import('pos-customer-display/publisher');
      const hub = await import('pos-customer-display/hub');
      const vite = await import('pos-customer-display/vite');
      const mocks = await import('pos-customer-display/mocks');
      const checks = {
        validates: protocol.validateCommand('update-bill', { bill_id: 1, items: [], total: 0 }).ok,
        publisher: typeof publisher.createDisplayPublisher,
        hub: typeof hub.startHubServer,
        vite: vite.displayHub().name,
        scenarios: mocks.SCENARIOS.length,
      };
      console.log(JSON.stringify(checks));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], project));
    assert.deepEqual(out, { validates: true, publisher: 'function', hub: 'function', vite: 'pos-customer-display:hub', scenarios: 6 });
    assert.match(run(join(project, 'node_modules/.bin/display-hub'), ['--version'], project), /^\d+\.\d+\.\d+/);
    const manifest = JSON.parse(run(process.execPath, ['-e', "console.log(require('fs').readFileSync(require.resolve('pos-customer-display/custom-elements.json'), 'utf8'))"], project));
    assert.ok(manifest.modules.length > 5);
  });

  it('serves the display app from the installed package (the hub finds its built bundle in dist/)', async () => {
    const hub = await startHubProcess(['--log-level', 'silent', '--admin-token', 'admin-token-package'], {}, join(project, 'node_modules/pos-customer-display/dist/hub/cli.js'));
    try {
      for (const path of ['/display/', '/display/display-page.js', '/display/sw.js', '/display/customer-display.js', '/admin/', '/admin/admin.js']) {
        assert.equal((await fetch(`${hub.url}${path}`)).status, 200, path);
      }
      // prom-client comes with the package.
      assert.equal((await fetch(`${hub.url}/metrics`, { headers: { Authorization: 'Bearer admin-token-package' } })).status, 200);
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });

  it('registers every element from its own entry, alongside the drop-in bundle without a clash', async () => {
    const entry = join(project, 'entry.js');
    await writeFile(entry, `${TAGS.map((tag) => `import 'pos-customer-display/${tag}';`).join('\n')}\nimport { startDisplayMock } from 'pos-customer-display/mocks/browser';\nwindow.imported = typeof startDisplayMock;\n`);
    const bundled = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, absWorkingDir: project, logLevel: 'silent' });
    let site: StaticServer | undefined;
    const browser = await launchChromium();
    try {
      site = await serveStatic({
        '/customer-display.js': join(project, 'node_modules/pos-customer-display/dist/customer-display.js'),
        '/': { html: `<!doctype html><link rel="icon" href="data:,"><script src="/customer-display.js"></script><script type="module">${bundled.outputFiles[0]!.text.replace(/<\/script/g, '<\\/script')}</script>` },
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`${site.url}/`);
      await page.waitForFunction(() => (window as unknown as { imported?: string }).imported === 'function');
      const defined = await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), TAGS);
      assert.deepEqual(defined, TAGS);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await site?.close();
    }
  });

  it('types resolve for users (TypeScript, strict)', async () => {
    await writeFile(
      join(project, 'check.ts'),
      `import { createDisplayPublisher, type PublishResult } from 'pos-customer-display/publisher';
import type { Bill } from 'pos-customer-display/protocol';
import { BillPanel } from 'pos-customer-display/bill-panel';
import { DisplayFeed } from 'pos-customer-display/display-feed';
import 'pos-customer-display/display-sync';
const bill: Bill = { bill_id: 1, bill_number: 'A', items: [{ name: 'x', quantity: 1, subtotal: 1 }], subtotal: 1, tax: 0, discount: 0, total: 1 };
const panel: BillPanel = document.createElement('bill-panel');
panel.bill = bill;
const result: Promise<PublishResult> = createDisplayPublisher({ hub: '' }).updateBill(bill);
void result;
const feed = new DisplayFeed({ src: 'http://hub:5000', lane: 'till-2' });
feed.subscribe({ onState: (state) => state.bill?.total, onPhase: (phase) => phase });
// display-* events are typed for listeners on any element or the document
document.querySelector('display-sync')?.addEventListener('display-phase', (event) => event.detail.phase);
document.addEventListener('display-error', (event) => event.detail.message.length);
// @ts-expect-error a phase is one of four
document.addEventListener('display-phase', (event) => event.detail.phase === 'paid');
// @ts-expect-error total must be a number
const wrong: Bill = { ...bill, total: 'lots' };
void wrong;
`,
    );
    run(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', 'check.ts'], project);
  });

});
