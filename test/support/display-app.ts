/**
 * The display app as a shop sets it up: a media folder with slides, a `display-hub.json`,
 * and probes for what the screen shows (active slide, banner, bill) through the shadow roots.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';

/** A slide the test can tell apart: a coloured SVG with a caption. */
export function slideSvg(caption: string, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900"><rect width="1600" height="900" fill="${colour}"/><text x="800" y="470" font-size="120" text-anchor="middle" fill="#fff" font-family="sans-serif">${caption}</text></svg>`;
}

export interface ShopFolder {
  dir: string;
  media: string;
  config: string;
}

/** A temp folder with `media/` (logo + slides) and `display-hub.json` holding `config`. */
export async function makeShop(config: Record<string, unknown>, slides: Record<string, string | Buffer> = {}): Promise<ShopFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'display-app-'));
  const media = join(dir, 'media');
  await mkdir(media);
  for (const [name, content] of Object.entries(slides)) await writeFile(join(media, name), content);
  const file = join(dir, 'display-hub.json');
  await writeFile(file, JSON.stringify(config, null, 2));
  return { dir, media, config: file };
}

/** The active slide's `src` once it has loaded (null before). */
export const shownSlide = (page: Page) =>
  page.evaluate(() => {
    const show = document.querySelector('customer-display')?.shadowRoot?.querySelector('idle-slideshow');
    const image = show?.shadowRoot?.querySelector('img[data-slide=active]') as HTMLImageElement | null | undefined;
    return image && image.complete && image.naturalWidth > 0 ? new URL(image.src).pathname : null;
  });

/** The slides the page's `<customer-display>` was given (their paths: the hub adds each file's `?v=` version). */
export const slideList = (page: Page) =>
  page.evaluate(() => ((document.querySelector('customer-display') as unknown as { slides?: { src: string }[] })?.slides ?? []).map((s) => s.src.split('?')[0]!));

export const bannerText = (page: Page) =>
  page.evaluate(() => {
    const status = document.querySelector('customer-display')?.shadowRoot?.querySelector('display-status');
    return status?.shadowRoot?.querySelector('[part=banner]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  });

export const billText = (page: Page) =>
  page.evaluate(() => document.querySelector('customer-display')?.shadowRoot?.querySelector('bill-panel')?.shadowRoot?.textContent ?? '');

export const displayStatus = (page: Page) => page.evaluate(() => document.querySelector('display-sync')?.getAttribute('status') ?? null);

/**
 * Installed before a (re)load (`page.evaluateOnNewDocument`): records in `displayMarks`, in
 * ms since navigation start, when a slide first showed and when the connection banner did.
 * A string, so no test-runner helper leaks into the page.
 */
export const RECORD_FIRST_PAINTS = `(() => {
  const marks = (window.displayMarks = {});
  const check = () => {
    const display = document.querySelector('customer-display') && document.querySelector('customer-display').shadowRoot;
    const show = display && display.querySelector('idle-slideshow');
    const image = show && show.shadowRoot && show.shadowRoot.querySelector('img[data-slide=active]');
    const status = display && display.querySelector('display-status');
    if (marks.slide === undefined && image && image.complete && image.naturalWidth > 0) marks.slide = performance.now();
    if (marks.banner === undefined && status && status.shadowRoot && status.shadowRoot.querySelector('[part=banner]')) marks.banner = performance.now();
    if (marks.slide === undefined || marks.banner === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;
