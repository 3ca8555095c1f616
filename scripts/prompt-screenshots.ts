/**
 * docs/screenshots/prompt-*: every kind of shopper prompt (and a pad open, an answer
 * received) at 1920×1080 and 1280×800, from the built bundle against a real hub.
 * `npm run screenshots:prompts`.
 */
import { mkdir } from 'node:fs/promises';
import { forEachPromptScreen } from '../test/support/prompt-screens.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
let count = 0;
await forEachPromptScreen(
  async ({ page, size, theme, shot }) => {
    await page.screenshot({ path: `${out}/prompt-${shot}-${size.name}${theme === 'dark' ? '-dark' : ''}.png` });
    count++;
  },
  ['light', 'dark'],
);
console.log(`${count} screenshots in ${out}`);
