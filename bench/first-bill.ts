/**
 * First bill on a weak screen. A bill is open on the hub; Chromium with the CPU slowed 4×
 * (DevTools' `Emulation.setCPUThrottlingRate`), a fresh browser context per load (nothing
 * cached), and the time from navigation start to the first frame showing the bill's total:
 *
 * - `display app`: the hub's `/display/?lane=…` (the page carries the lane's state, and the
 *   bill itself as HTML: `src/hub/display-app/first-paint.ts`);
 * - `display app, without the first bill HTML`: the same page less that HTML: the first bill
 *   is the live display's (what the scripts alone take);
 * - `display app, page as before`: the same files, the page as it was before issue 23
 *   (loader render-blocking, configuration and bill awaited from the hub): what the page's
 *   own changes bring, apart from the scripts' weight;
 * - `README page`: the one-script-tag page of docs/drop-in.md (the README's until issue 25),
 *   as written (auto loader, default lane);
 * - `original page`: the original system's kind of page: a plain script, an EventSource,
 *   the lines and total written with `textContent`; no framework, no validation;
 * - `README page` and `original page` again with every request answered 150 ms later
 *   (`Network.emulateNetworkConditions`: a shop's Wi-Fi, a hub in another building), each
 *   compared with the other on that link: where the stream's round trips cost more than the
 *   bundle's evaluation, the loader's early stream (src/protocol/early-stream.ts) shows.
 *
 * 7 loads of each, interleaved (app, app as before, README, original, …, app, …), so a slow
 * moment of the machine hits all of them. Also the long tasks (PerformanceObserver `longtask`) from
 * navigation to one second after the bill: how many, how many over 50 ms, the longest, and
 * what each one over 50 ms is charged to (the script that ran longest in it, from the Long
 * Animation Frames API, or `no script`: the browser parsing, styling, laying out).
 * Everything on 127.0.0.1; every wait has a deadline.
 */
import type { Browser, Page } from 'puppeteer-core';
import { startHubServer, type RunningHub } from '../src/hub/node/server.js';
import { launchChromium } from '../test/support/chromium.js';
import { dropInRoutes } from '../test/support/display-page.js';
import { billWith } from '../test/support/fixtures.js';
import { serveStatic, type StaticServer } from '../test/support/static-server.js';
import { readFileSync } from 'node:fs';
import { ms, sleep, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const API = '/api/customer-display';
const RUNS = 7;
const THROTTLING = 4;
const LANE = 'bench-first-bill';
const LOAD_DEADLINE_MS = 20_000;
/** The slow-link cases: every request answered this much later (the page, its scripts, the stream). */
const SLOW_LINK_MS = 150;
/** Long tasks are collected until this long after the bill showed. */
const SETTLE_MS = 1000;

/**
 * Before any script of the page: records long tasks, and `firstBill` (ms since navigation
 * start) at the first frame whose text (shadow roots included) shows `TOTAL`, taken after that
 * frame's layout, before its paint. Plain JS.
 */
const recorder = (total: string) => `(() => {
  window.longTasks = [];
  window.frameScripts = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  // Which script ran when (Long Animation Frames, Chromium 123+): what each long task is charged to.
  try {
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries()) for (const s of frame.scripts) frameScripts.push({ start: s.startTime, duration: s.duration, source: s.sourceURL, invoker: s.invokerType });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {}
  const shows = (root) => {
    if (root.textContent && root.textContent.indexOf(${JSON.stringify(total)}) >= 0) return true;
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) if (all[i].shadowRoot && shows(all[i].shadowRoot)) return true;
    return false;
  };
  // Looked for after each frame's layout, in a ResizeObserver callback (they run after every
  // animation-frame callback of the frame and before its paint; a 1 px element changes size
  // every frame to have one): a bill drawn in a frame callback (the elements render there) is
  // counted in the frame that paints it, as one set in a task (the original page) is.
  // Checked at the start of the next frame instead, it was counted a frame, and any task
  // queued meanwhile, late.
  let found = false;
  let wide = false;
  const sentinel = document.createElement('div');
  sentinel.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;visibility:hidden;pointer-events:none';
  const observer = new ResizeObserver(() => {
    const now = performance.now(); // before the search, which takes longer on a page of shadow roots
    if (found || !document.body || !shows(document.body)) return;
    found = true;
    window.firstBill = now;
    observer.disconnect();
    sentinel.remove();
  });
  const tick = () => {
    if (found) return;
    if (!sentinel.isConnected && document.documentElement) {
      document.documentElement.appendChild(sentinel);
      observer.observe(sentinel);
    }
    wide = !wide;
    sentinel.style.width = wide ? '2px' : '1px';
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** The original kind of page: EventSource, bill lines and total as text. */
const originalPage = (hub: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Customer display</title>
<style>body{font-family:sans-serif;margin:0}li{display:flex;justify-content:space-between}</style></head>
<body><h1 id="number"></h1><ol id="lines"></ol><p>Total <b id="total"></b></p>
<script>
  const rupiah = (n) => 'Rp ' + Number(n).toLocaleString('id-ID');
  const source = new EventSource(${JSON.stringify(`${hub}${API}/stream`)});
  source.addEventListener('bill-update', (event) => {
    const bill = JSON.parse(event.data);
    document.getElementById('number').textContent = bill.bill_number;
    const lines = document.getElementById('lines');
    lines.textContent = '';
    for (const item of bill.items) {
      const li = document.createElement('li');
      li.textContent = item.quantity + '× ' + item.name + ' ' + rupiah(item.subtotal);
      lines.appendChild(li);
    }
    document.getElementById('total').textContent = rupiah(bill.total);
  });
</script></body></html>`;

/** docs/drop-in.md's page, as written, pointed at `hub` (the results keep its old name, `README page`). */
function readmePage(hub: string): string {
  const page = readFileSync(new URL('../docs/drop-in.md', import.meta.url), 'utf8');
  const block = /```html\n([\s\S]*?)```/.exec(page.slice(page.indexOf('# Drop it into a display page')));
  if (!block) throw new Error("docs/drop-in.md's display page is missing");
  return block[1]!.replace('http://localhost:5000', hub);
}

interface LongTask {
  start: number;
  duration: number;
  /** What ran in it: `<file> <how>` (`customer-display.js classic-script`…), or `no script` (parsing, style, layout, paint). */
  source: string;
}

interface Load {
  firstBillMs: number;
  longTasks: LongTask[];
}

interface FrameScript {
  start: number;
  duration: number;
  source: string;
  invoker: string;
}

/**
 * Charges a long task to the script that ran longest inside it, when scripts took at least
 * half of it; else to the browser's own work (`no script`). A file is named without its
 * query; `classic-script` is its evaluation, `user-callback` a frame or timer callback.
 */
function chargeTask(task: { start: number; duration: number }, scripts: FrameScript[]): LongTask {
  const inside = scripts.filter((script) => script.start >= task.start - 1 && script.start < task.start + task.duration);
  const scripted = inside.reduce((sum, script) => sum + script.duration, 0);
  const longest = inside.sort((a, b) => b.duration - a.duration)[0];
  const name = (url: string) => url.split('/').pop()!.split('?')[0] || 'inline';
  const source = longest && scripted >= task.duration / 2 ? `${name(longest.source)} ${longest.invoker}` : 'no script';
  return { ...task, source };
}

/** How the display app's page is changed before the browser gets it, to see what each part brings. */
type Variant = 'as served' | 'without the first bill HTML' | 'as before';

/**
 * `without the first bill HTML`: the page as the hub serves it less its static copy of the bill
 * (`first-paint.ts`): the first bill is the live display's. `as before`: as it was before issue 23
 * (loader render-blocking, configuration and bill awaited from the hub).
 */
function changePage(html: string, variant: Variant): string {
  const withoutCopy = html.replace(/\n\s*<!--first-paint-->[\s\S]*?<!--\/first-paint-->/, '');
  if (variant !== 'as before') return withoutCopy;
  return withoutCopy
    .replace(/\n\s*<script type="application\/json" id="[\w-]+">[^<]*<\/script>/g, '')
    .replace(/<script src="(customer-display[^"]*)" defer><\/script>/, '<script src="$1"></script>');
}

async function load(browser: Browser, url: string, total: string, variant: Variant = 'as served', latencyMs = 0): Promise<Load> {
  const context = await browser.createBrowserContext();
  try {
    const page: Page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('response', (response) => void (response.status() >= 400 && problems.push(`${response.url()}: ${response.status()}`)));
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING });
    if (latencyMs) {
      // Every request of the page waits this long for its answer (a shop's Wi-Fi, a hub elsewhere).
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: -1, uploadThroughput: -1 });
    }
    if (variant !== 'as served') {
      // Only the page itself is answered here (its text fetched beforehand); every other request goes as usual.
      const html = changePage(await (await fetch(url)).text(), variant);
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: url, resourceType: 'Document' }] });
      cdp.on('Fetch.requestPaused', (event: { requestId: string }) => {
        void cdp.send('Fetch.fulfillRequest', { requestId: event.requestId, responseCode: 200, responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }], body: Buffer.from(html).toString('base64') });
      });
    }
    await page.evaluateOnNewDocument(recorder(total));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const deadline = Date.now() + LOAD_DEADLINE_MS;
    let first: number | null = null;
    while ((first = await page.evaluate(() => (window as unknown as { firstBill?: number }).firstBill ?? null)) === null) {
      if (Date.now() > deadline) throw new Error(`${url}: no bill in ${LOAD_DEADLINE_MS / 1000} s${problems.length ? ` (${problems.slice(0, 3).join('; ')})` : ''}`);
      await sleep(20);
    }
    await sleep(SETTLE_MS);
    const recorded = await page.evaluate(() => {
      const holder = window as unknown as { longTasks: Array<{ start: number; duration: number }>; frameScripts: FrameScript[] };
      return { longTasks: holder.longTasks, frameScripts: holder.frameScripts };
    });
    const longTasks = recorded.longTasks.filter((task) => task.start <= first! + SETTLE_MS).map((task) => chargeTask(task, recorded.frameScripts));
    return { firstBillMs: first, longTasks };
  } finally {
    await context.close();
  }
}

export async function benchFirstBill(options: BenchOptions): Promise<BenchResult> {
  let hub: RunningHub | undefined;
  let site: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    hub = await startHubServer({ port: 0, displayApp: {} });
    const bill = billWith(12, { bill_number: 'FIRST-BILL' }) as { total: number };
    const total = new Intl.NumberFormat('id-ID').format(bill.total);
    for (const lane of [LANE, 'default']) {
      const reply = await fetch(`${hub.url}${API}/update-bill?lane=${lane}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(bill) });
      if (!reply.ok) throw new Error(`the hub refused the bill: ${reply.status}`);
    }
    site = await serveStatic({ ...dropInRoutes(), '/readme.html': { html: readmePage(hub.url) }, '/original.html': { html: originalPage(hub.url) } });
    browser = await launchChromium();
    const app = `${hub.url}/display/?lane=${LANE}`;
    const variants: Record<string, Variant> = { 'display app, without the first bill HTML': 'without the first bill HTML', 'display app, page as before': 'as before' };
    const pages = {
      'display app': app,
      'display app, without the first bill HTML': app,
      'display app, page as before': app,
      'README page': `${site.url}/readme.html`,
      'original page': `${site.url}/original.html`,
      [`README page, ${SLOW_LINK_MS} ms latency`]: `${site.url}/readme.html`,
      [`original page, ${SLOW_LINK_MS} ms latency`]: `${site.url}/original.html`,
    };
    const loads: Record<string, Load[]> = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
    const failures: Record<string, number> = {};
    // Warms the hub's and the OS's caches, not the browser's; its figures are not kept.
    await load(browser, pages['display app'], total).catch((error: Error) => options.log(`first-bill: warm-up: ${error.message}`));
    const runs = options.quick ? 2 : RUNS;
    for (let run = 0; run < runs; run++) {
      for (const [name, url] of Object.entries(pages)) {
        // A load that never shows the bill is reported (failed loads), not the end of the run.
        const result = await load(browser, url, total, variants[name], name.endsWith(' latency') ? SLOW_LINK_MS : 0).catch((error: Error) => {
          options.log(`first-bill: ${name}: ${error.message}`);
          return null;
        });
        if (result) loads[name]!.push(result);
        else failures[name] = (failures[name] ?? 0) + 1;
      }
    }
    return report(loads, failures, options);
  } finally {
    await browser?.close();
    await site?.close();
    await hub?.close();
  }
}

function report(loads: Record<string, Load[]>, failures: Record<string, number>, options: BenchOptions): BenchResult {
  const rows: Row[] = [];
  const data: Record<string, unknown> = { runs: loads['original page']!.length, throttling: THROTTLING, failures };
  for (const [name, list] of Object.entries(loads)) {
    // Each case against the original page loaded the same way (a slow-link case against the original on that link).
    const baseline = name.endsWith(' latency') ? `original page, ${SLOW_LINK_MS} ms latency` : 'original page';
    const original = summarize(loads[baseline]!.map((l) => l.firstBillMs));
    const times = summarize(list.map((l) => l.firstBillMs));
    const tasks = list.flatMap((l) => l.longTasks);
    const longest = Math.max(0, ...tasks.map((t) => t.duration));
    const over50 = tasks.filter((t) => t.duration > 50).length;
    const ratio = times.p50 / original.p50;
    data[name] = { firstBillMs: times, all: list.map((l) => l.firstBillMs), longTasks: { perLoad: tasks.length / list.length, over50PerLoad: over50 / list.length, longestMs: longest } };
    if (failures[name]) rows.push({ bench: 'first-bill', case: name, figure: `loads with no bill in ${LOAD_DEADLINE_MS / 1000} s`, value: String(failures[name]), target: '0', verdict: 'miss' });
    const range = `${Math.min(...list.map((l) => l.firstBillMs)).toFixed(0)}–${Math.max(...list.map((l) => l.firstBillMs)).toFixed(0)} ms`;
    rows.push({ bench: 'first-bill', case: name, figure: `time to the first bill, CPU ${THROTTLING}× (p50; min–max of ${list.length})`, value: `${ms(times.p50)} (${range})`, target: '' });
    if (name !== baseline) {
      rows.push({ bench: 'first-bill', case: name, figure: 'ratio to the original page (p50)', value: `${ratio.toFixed(2)}×`, target: '≤ 1.00×', verdict: ratio <= 1 ? 'ok' : 'miss' });
    }
    rows.push({ bench: 'first-bill', case: name, figure: 'long tasks at start (per load; over 50 ms; longest)', value: `${(tasks.length / list.length).toFixed(1)}; ${(over50 / list.length).toFixed(1)}; ${longest.toFixed(0)} ms`, target: name === baseline ? '' : '0 over 50 ms', verdict: name === baseline ? '' : over50 === 0 ? 'ok' : 'miss' });
    const charged = over50ByScript(tasks);
    data[name] = { ...(data[name] as object), longTasksOver50BySource: charged };
    if (charged.length) {
      rows.push({ bench: 'first-bill', case: name, figure: 'long tasks over 50 ms by what ran (per load; longest)', value: charged.map((c) => `${c.source} ${(c.count / list.length).toFixed(1)}; ${c.longestMs.toFixed(0)} ms`).join(' · '), target: '' });
    }
    options.log(`first-bill: ${name}: p50 ${times.p50.toFixed(0)} ms (${range}), ${over50} long tasks over 50 ms (longest ${longest.toFixed(0)} ms)`);
  }
  return { rows, data };
}

/** Long tasks over 50 ms grouped by what they are charged to (`chargeTask`), most first. */
function over50ByScript(tasks: LongTask[]): Array<{ source: string; count: number; longestMs: number }> {
  const groups = new Map<string, { source: string; count: number; longestMs: number }>();
  for (const task of tasks.filter((t) => t.duration > 50)) {
    const group = groups.get(task.source) ?? { source: task.source, count: 0, longestMs: 0 };
    group.count++;
    group.longestMs = Math.max(group.longestMs, task.duration);
    groups.set(task.source, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.longestMs - a.longestMs);
}
