/**
 * Runs a directory of public XSS vectors against `<payment-modal-mirror>` in Chromium and
 * counts what got through: vectors that executed (a dialog, `document.write`, a page error
 * from injected code, a navigation), fetched (any request after the page loaded) or crashed
 * the element (its update threw, or nothing was rendered); page errors are counted apart
 * (a crash raises one too; so would injected code that ran and failed), and so are
 * `#fragment` links the harness's own `click()` followed (the page stays; a shopper cannot
 * click: the content is inert). Not a test: the corpus is not
 * part of the project; the shapes it found live in test/browser/sanitizer.test.ts.
 *
 *   npx tsx bench/xss-corpus.ts DIR [--batch 100] [--list]
 *
 * DIR holds `*.jsonl` files: `# comment` lines, then one JSON string per line. The element
 * is bundled from src/ with esbuild (no `npm run build` needed). Vectors are rendered in
 * batches; a batch where anything happened is halved until each finding names its vector. `--list` prints every finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../test/support/chromium.js';
import { serveStatic } from '../test/support/static-server.js';

type Finding = { vector: string; source: string; kinds: string[]; detail: string[] };
type Outcome = { crashed: number[]; events: string[] };

function readCorpus(dir: string): Map<string, string> {
  const vectors = new Map<string, string>(); // vector → first file naming it
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const vector = JSON.parse(line) as unknown;
      if (typeof vector === 'string' && !vectors.has(vector)) vectors.set(vector, file);
    }
  }
  return vectors;
}

/** The page: the element, dialogs and `document.write` turned into records. */
async function harnessPage(): Promise<string> {
  const bundled = await build({
    entryPoints: [new URL('../src/components/payment-modal-mirror/payment-modal-mirror.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
    tsconfig: new URL('../tsconfig.json', import.meta.url).pathname,
  });
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><script>
window.__events = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = (m) => { window.__events.push(name + ' ' + String(m).slice(0, 60)); };
document.write = document.writeln = (m) => { window.__events.push('document.write ' + String(m).slice(0, 60)); };
</script><script>${bundled.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script')}</script></head><body><div id="host"></div></body></html>`;
}

/** Renders `vectors` each in its own element, pokes everything, reports what happened. */
async function renderBatch(page: Page, vectors: string[]): Promise<Outcome> {
  return page.evaluate(async (batch: string[]) => {
    const w = window as unknown as { __events: string[] };
    w.__events = [];
    const host = document.getElementById('host')!;
    host.replaceChildren();
    const mirrors = batch.map((vector) => {
      const mirror = document.createElement('payment-modal-mirror') as HTMLElement & { modal: unknown; updateComplete: Promise<unknown> };
      mirror.modal = { visible: true, modal_type: 'payment', html: vector, data: {} };
      host.append(mirror);
      return mirror;
    });
    const crashed: number[] = [];
    await Promise.all(
      mirrors.map((mirror, index) =>
        mirror.updateComplete.then(
          () => void (mirror.shadowRoot?.querySelector('[part="dialog"]') || crashed.push(index)),
          () => void crashed.push(index),
        ),
      ),
    );
    for (const mirror of mirrors) {
      for (const element of mirror.shadowRoot?.querySelectorAll<HTMLElement>('[part="dialog"] *') ?? []) {
        element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        element.click?.();
        element.focus?.();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    host.replaceChildren();
    return { crashed, events: w.__events };
  }, vectors);
}

/**
 * Opens the harness page and returns `look(batch)`: renders the batch and reports what
 * happened, requests, page errors, dialogs and navigations included.
 */
async function openHarness(browser: Browser, url: string): Promise<(batch: string[]) => Promise<Outcome>> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  let loaded = false;
  const side: string[] = []; // requests, page errors and navigations since the last look
  page.on('request', (request) => {
    if (loaded) side.push(`fetch ${request.url().slice(0, 80)}`);
    void (loaded ? request.respond({ status: 204 }) : request.continue());
  });
  page.on('pageerror', (error) => side.push(`pageerror ${String((error as Error).message ?? error).slice(0, 80)}`));
  page.on('dialog', (dialog) => (side.push(`dialog ${dialog.message()}`), void dialog.dismiss()));
  page.on('framenavigated', (frame) => loaded && frame === page.mainFrame() && side.push(`navigated ${frame.url()}`));
  const open = async () => {
    loaded = false;
    await page.goto(url);
    loaded = true;
  };
  await open();
  return async (batch) => {
    let outcome: Outcome;
    try {
      outcome = await renderBatch(page, batch);
    } catch (error) {
      // The page went away under the batch: a vector navigated it.
      outcome = { crashed: [], events: [`navigated (${String((error as Error).message).slice(0, 60)})`] };
    }
    if (page.url() !== url) await open();
    return { ...outcome, events: [...outcome.events, ...side.splice(0)] };
  };
}

/** What a vector did. A click on `<a href="#x">` scrolls within the page: not a navigation away. */
function kindsOf(outcome: Outcome, url: string): string[] {
  const isNavigation = (event: string) => event.startsWith('navigated') && !event.startsWith(`navigated ${url}#`);
  const any = (test: (event: string) => boolean) => outcome.events.some(test);
  return [
    ...(outcome.crashed.length ? ['crashed'] : []),
    ...(any((e) => /^(alert|confirm|prompt|print|document\.write|dialog)/.test(e) || isNavigation(e)) ? ['executed'] : []),
    ...(any((e) => e.startsWith('navigated') && !isNavigation(e)) ? ['fragment'] : []),
    ...(any((e) => e.startsWith('fetch')) ? ['fetched'] : []),
    ...(any((e) => e.startsWith('pageerror')) ? ['pageerror'] : []),
  ];
}

async function main() {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: npx tsx bench/xss-corpus.ts DIR [--batch N] [--list]\n');
    process.exit(2);
  }
  const batchSize = Number(args[args.indexOf('--batch') + 1]) || 100;
  const corpus = readCorpus(dir);
  const vectors = [...corpus.keys()];
  const server = await serveStatic({ '/': { html: await harnessPage() } });
  const browser = await launchChromium();
  const findings: Finding[] = [];
  try {
    const look = await openHarness(browser, `${server.url}/`);
    /** Halves a batch where something happened until each finding has its vector. */
    const bisect = async (batch: string[], outcome: Outcome): Promise<void> => {
      if (!outcome.crashed.length && !outcome.events.length) return;
      if (batch.length === 1) {
        const kinds = kindsOf(outcome, `${server.url}/`);
        if (kinds.length) findings.push({ vector: batch[0]!, source: corpus.get(batch[0]!)!, kinds, detail: outcome.events });
        return;
      }
      const middle = Math.ceil(batch.length / 2);
      for (const half of [batch.slice(0, middle), batch.slice(middle)]) await bisect(half, await look(half));
    };
    for (let start = 0; start < vectors.length; start += batchSize) {
      const batch = vectors.slice(start, start + batchSize);
      await bisect(batch, await look(batch));
      process.stderr.write(`\r${Math.min(start + batchSize, vectors.length)}/${vectors.length} vectors, ${findings.length} findings`);
    }
    process.stderr.write('\n');
  } finally {
    await browser.close();
    await server.close();
  }
  const count = (kind: string) => findings.filter((finding) => finding.kinds.includes(kind)).length;
  const summary = { vectors: vectors.length, executed: count('executed'), fetched: count('fetched'), crashed: count('crashed'), pageErrors: count('pageerror'), fragmentLinksFollowed: count('fragment') };
  if (args.includes('--list')) for (const finding of findings) process.stdout.write(`${JSON.stringify(finding)}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
