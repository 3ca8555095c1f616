/**
 * The shopper's prompt in a real display page (the drop-in bundle, `<customer-display>`),
 * read and tapped the way a shopper would: buttons found through the shadow roots and
 * clicked with the mouse at their centre.
 */
import type { Page } from 'puppeteer-core';

/** A display page for `lane`, its hub elsewhere (the page's own origin is another one). */
export function promptDisplayHtml(hubUrl: string, lane: string): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/customer-display.js"></script></head>
<body style="margin:0">
  <display-sync src="${hubUrl}" lane="${lane}" reconnect-delay="50" max-reconnect-delay="400">
    <customer-display shop-name="Warung Nusantara" theme="light"></customer-display>
  </display-sync>
  <script>
    window.pageErrors = [];
    addEventListener('error', (e) => pageErrors.push(String(e.message)));
    /** Resolves with the epoch time of the tap (pointerdown) on an option. */
    window.lastTapAt = 0;
    addEventListener('pointerdown', () => (window.lastTapAt = performance.timeOrigin + performance.now()), true);
  </script>
</body></html>`;
}

export const PROMPT = 'customer-display >>> shopper-prompt';

/** The options on screen: `data-value` and text, in order ([] when no prompt shows). */
export function promptOptions(page: Page): Promise<Array<{ value: string; text: string }>> {
  return page.evaluate(() => {
    const prompt = document.querySelector('customer-display')?.shadowRoot?.querySelector('shopper-prompt');
    const buttons = [...(prompt?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button[part=option]') ?? [])];
    return buttons.map((button) => ({ value: button.dataset.value ?? '', text: (button.textContent ?? '').replace(/\s+/g, ' ').trim() }));
  });
}

/** The prompt's visible text ('' when none is on screen). */
export function promptText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const prompt = document.querySelector('customer-display')?.shadowRoot?.querySelector('shopper-prompt');
    return (prompt?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** A real mouse click on the option with `data-value` = `value`. */
export function tapOption(page: Page, value: string): Promise<void> {
  return page.click(`${PROMPT} >>> button[part=option][data-value="${value}"]`);
}

/** Where an option is on screen (to tap it by position, as a finger would). */
export async function optionCentre(page: Page, value: string): Promise<{ x: number; y: number }> {
  const button = await page.waitForSelector(`${PROMPT} >>> button[part=option][data-value="${value}"]`);
  const box = (await button!.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export function tapKey(page: Page, key: string): Promise<void> {
  return page.click(`${PROMPT} >>> button[part=key][data-key="${key}"]`);
}
