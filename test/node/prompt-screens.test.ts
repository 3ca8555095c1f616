/**
 * Every kind of prompt and its pads on a real display at 1920×1080 and on a 1280×800 touch
 * screen: every button is at least 48 px each way and wholly on screen, and the card fits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachPromptScreen, PROMPT_SHOTS, PROMPT_SIZES } from '../support/prompt-screens.js';

describe('prompts on the screens shops use', () => {
  it('every target ≥ 48 px and on screen, every kind and pad, both sizes', async () => {
    const problems: string[] = [];
    let seen = 0;
    await forEachPromptScreen(async ({ page, size, shot }) => {
      seen++;
      const boxes = await page.evaluate(() => {
        const root = document.querySelector('customer-display')!.shadowRoot!.querySelector('shopper-prompt')!.shadowRoot!;
        const card = root.querySelector('[part=base]')!.getBoundingClientRect();
        const buttons = [...root.querySelectorAll('button')].map((button) => {
          const box = button.getBoundingClientRect();
          return { name: button.dataset.value ?? button.dataset.key ?? button.textContent!.trim(), box: { x: box.x, y: box.y, width: box.width, height: box.height } };
        });
        return { card: { y: card.y, bottom: card.bottom }, buttons };
      });
      const where = `${shot} at ${size.name}`;
      if (boxes.card.y < 0 || boxes.card.bottom > size.height) problems.push(`${where}: the card does not fit (${boxes.card.y}–${boxes.card.bottom})`);
      for (const { name, box } of boxes.buttons) {
        if (box.width < 48 || box.height < 48) problems.push(`${where}: ${name} is ${box.width}×${box.height}`);
        if (box.x < 0 || box.y < 0 || box.x + box.width > size.width || box.y + box.height > size.height) problems.push(`${where}: ${name} is off screen`);
      }
    });
    assert.equal(seen, PROMPT_SHOTS.length * PROMPT_SIZES.length);
    assert.deepEqual(problems, []);
  });
});
