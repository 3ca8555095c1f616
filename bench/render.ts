/**
 * 3. Render cost of <bill-panel> with 10, 100 and 500 lines, measured in Chromium on the
 * built bundle: first render, one line changed, one line appended. Each update is timed
 * from setting `bill` to `updateComplete` (Lit: template, DOM writes, the element's own
 * `updated()` work), then to a forced style + layout of the page (what the next frame
 * would have to do before painting). Paint itself happens later, off this clock.
 *
 * Bills are cloned before every update (untimed), as each SSE event is freshly parsed
 * JSON: unchanged lines are new objects with equal values, as on a real display.
 */
import type { Page } from 'puppeteer-core';
import { launchChromium } from '../test/support/chromium.js';
import { dropInRoutes } from '../test/support/display-page.js';
import { billTotals } from '../src/scenarios/index.js';
import { billWith } from '../test/support/fixtures.js';
import { serveStatic } from '../test/support/static-server.js';
import { summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<style>html, body { height: 100%; margin: 0; } main { height: 100vh; }</style>
<script src="/customer-display.js"></script></head>
<body><main></main></body></html>`;

/**
 * Runs in the page (plain JS text: tsx would wrap named functions of a serialised
 * TypeScript function in a helper the page does not have). Returns per case the times in ms
 * to updateComplete (`lit`) and to updateComplete plus forced layout (`layout`).
 */
const MEASURE = `async ({ bills, reps }) => {
  const main = document.querySelector('main');
  const clone = (bill) => JSON.parse(JSON.stringify(bill));
  // Lets the previous update's frame render before the next timed update, so no work piles up.
  const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const timed = async (el, apply) => {
    const t0 = performance.now();
    const target = apply();
    await target.updateComplete;
    const t1 = performance.now();
    target.getBoundingClientRect(); // style + layout of the page, now
    const t2 = performance.now();
    await settle();
    return { lit: t1 - t0, layout: t2 - t0 };
  };
  const out = { first: [], changed: [], appended: [] };
  for (let i = 0; i < reps; i++) {
    const fresh = clone(bills.base);
    const r = await timed(null, () => {
      const el = document.createElement('bill-panel');
      el.style.height = '100%';
      el.bill = fresh;
      main.append(el);
      return el;
    });
    out.first.push(r);
    main.replaceChildren();
  }
  const el = document.createElement('bill-panel');
  el.style.height = '100%';
  el.bill = clone(bills.base);
  main.append(el);
  await el.updateComplete;
  await settle();
  for (let i = 0; i < reps; i++) {
    // Alternate between two bills that differ in one line's quantity and the totals.
    const next = clone(i % 2 === 0 ? bills.changed : bills.base);
    out.changed.push(await timed(el, () => ((el.bill = next), el)));
  }
  for (let i = 0; i < reps; i++) {
    const longer = clone(bills.appended);
    out.appended.push(await timed(el, () => ((el.bill = longer), el)));
    // Back to n lines, untimed, so every timed append goes from n to n + 1.
    el.bill = clone(bills.base);
    await el.updateComplete;
    await settle();
  }
  main.replaceChildren();
  return out;
}`;

/** The n-line bill, the same with one line's quantity changed, and with one more line. */
function billsFor(lines: number) {
  const base = billWith(lines, { bill_number: `RENDER-${lines}` });
  const middle = Math.floor(lines / 2);
  const items = base.items.map((item, index) => (index === middle ? { ...item, quantity: 2, subtotal: item.unit_price * 2 } : item));
  const changed = { ...base, items, ...billTotals(items) };
  const appended = billWith(lines + 1, { bill_number: `RENDER-${lines}` });
  return { base, changed, appended };
}

type Sample = { lit: number; layout: number };

async function measure(page: Page, lines: number, reps: number) {
  const raw = (await page.evaluate(`(${MEASURE})(${JSON.stringify({ bills: billsFor(lines), reps })})`)) as Record<'first' | 'changed' | 'appended', Sample[]>;
  const stats = (samples: Sample[]) => ({ litMs: summarize(samples.map((s) => s.lit)), withLayoutMs: summarize(samples.map((s) => s.layout)) });
  return { lines, reps, first: stats(raw.first), changed: stats(raw.changed), appended: stats(raw.appended) };
}

export async function benchRender({ quick, log }: BenchOptions): Promise<BenchResult> {
  const sizes = quick ? [10, 100] : [10, 100, 500];
  const reps = quick ? 5 : 30;
  const site = await serveStatic({ ...dropInRoutes(), '/': { html: PAGE } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // A 1080p customer screen; the panel fills it, its list scrolls, as on the display page.
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(`${site.url}/`);
    await page.bringToFront();
    // Warm-up (JIT, template preparation, style sheets), not reported.
    await measure(page, 10, 5);
    const results = [];
    const rows: Row[] = [];
    for (const lines of sizes) {
      const result = await measure(page, lines, reps);
      results.push(result);
      log(`render: ${lines} lines done`);
      for (const [label, stats] of [['first render', result.first], ['one line changed', result.changed], ['one line appended', result.appended]] as const) {
        rows.push({
          bench: 'render',
          case: `${lines} lines, ${label}`,
          figure: 'Lit | + style & layout, p50 (max)',
          value: `${stats.litMs.p50.toFixed(2)} (${stats.litMs.max.toFixed(2)}) | ${stats.withLayoutMs.p50.toFixed(2)} (${stats.withLayoutMs.max.toFixed(2)}) ms`,
        });
      }
    }
    return { rows, data: { viewport: '1920x1080', reps, results } };
  } finally {
    await browser.close();
    await site.close();
  }
}
