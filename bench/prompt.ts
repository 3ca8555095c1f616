/**
 * 6. Tap → ask(). The hub CLI as a child process, the drop-in bundle's `<customer-display>`
 * on a page of its own origin in headless Chromium, the cashier's `publisher.ask()` in
 * this process. Per round: a tip prompt is asked, shown, and its 15 % option tapped with
 * the mouse; measured from the tap (`pointerdown` in the page) to `ask()` resolving here
 * with the value (the display's POST /respond, the hub's checks, the answer on the
 * cashier's `GET /responses` stream). Also ask → options on screen. Both are epoch times
 * of two processes on one machine.
 */
import type { Browser, Page } from 'puppeteer-core';
import { createDisplayPublisher } from '../src/publisher/publisher.js';
import { SAMPLE_PROMPTS, typicalBill } from '../src/scenarios/samples.js';
import { launchChromium } from '../test/support/chromium.js';
import { dropInRoutes, waitUntil } from '../test/support/display-page.js';
import { startHubProcess } from '../test/support/hub-process.js';
import { optionCentre, promptDisplayHtml, promptOptions } from '../test/support/prompt-pages.js';
import { serveStatic } from '../test/support/static-server.js';
import { ms, stopChild, summarize, type BenchOptions, type BenchResult, type Row } from './util.js';

const LANE = 'till-1';
const now = () => performance.timeOrigin + performance.now();

async function oneRound(page: Page, ask: () => Promise<unknown>, value: string): Promise<{ shownMs: number; tapToAnswerMs: number }> {
  const askedAt = now();
  const answered = ask().then(() => now());
  await waitUntil('the tip options', async () => (await promptOptions(page)).some((option) => option.value === value), 10_000, 5);
  const shownAt = now();
  const { x, y } = await optionCentre(page, value);
  await page.mouse.click(x, y);
  const [answeredAt, tappedAt] = [await answered, (await page.evaluate(() => (window as unknown as { lastTapAt: number }).lastTapAt)) as number];
  // The next prompt replaces this one's "received" at once: no need to wait for it to go.
  return { shownMs: shownAt - askedAt, tapToAnswerMs: answeredAt - tappedAt };
}

export async function benchPrompt(options: BenchOptions): Promise<BenchResult> {
  const rounds = options.quick ? 5 : 40;
  const routes: Record<string, string | { html: string }> = dropInRoutes();
  const site = await serveStatic(routes);
  const hub = await startHubProcess(['--heartbeat', '5000', '--allow-origin', site.url]);
  routes['/display'] = { html: promptDisplayHtml(hub.url, LANE) };
  let browser: Browser | undefined;
  const publisher = createDisplayPublisher({ hub: hub.url, lane: LANE });
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${site.url}/display`);
    await waitUntil('live', () => page.evaluate(() => document.querySelector('display-sync')!.getAttribute('status') === 'live'), 10_000);
    await publisher.updateBill(typicalBill);
    const fifteen = String(Math.round((typicalBill.total * 15) / 100));
    const shown: number[] = [];
    const tapToAnswer: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const result = await oneRound(page, () => publisher.ask({ ...SAMPLE_PROMPTS.tip, prompt_id: `bench-${round}` }), fifteen);
      shown.push(result.shownMs);
      tapToAnswer.push(result.tapToAnswerMs);
    }
    const [tap, ask] = [summarize(tapToAnswer), summarize(shown)];
    options.log(`prompt: tap → ask() p50 ${ms(tap.p50)}, p99 ${ms(tap.p99)} over ${rounds} taps`);
    const rows: Row[] = [
      { bench: 'prompt', case: `tip, ${rounds} taps`, figure: 'tap → ask() resolved p50', value: ms(tap.p50), target: '≤ 300 ms' },
      { bench: 'prompt', case: `tip, ${rounds} taps`, figure: 'tap → ask() resolved p99', value: ms(tap.p99), target: '≤ 300 ms' },
      { bench: 'prompt', case: `tip, ${rounds} taps`, figure: 'ask() → options on screen p50 (polled)', value: ms(ask.p50) },
    ];
    for (const row of rows.slice(0, 2)) row.verdict = Number.parseFloat(row.value) <= 300 ? 'ok' : 'miss';
    return { rows, data: { rounds, tapToAnswer: tap, askToShown: ask } };
  } finally {
    publisher.close();
    await browser?.close();
    await stopChild(hub.child);
    await site.close();
  }
}
