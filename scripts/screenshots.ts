/**
 * Regenerates docs/screenshots: every phase at 1920×1080, 1080×1920 and 1280×800, light
 * and dark, from the built bundle against a real hub. `npm run screenshots`.
 */
import { mkdir } from 'node:fs/promises';
import { forEachScreen } from '../test/support/display-screens.js';

const out = process.argv[2] ?? new URL('../docs/screenshots/', import.meta.url).pathname;
await mkdir(out, { recursive: true });
let count = 0;
await forEachScreen(async ({ page, size, theme, phase }) => {
  await page.screenshot({ path: `${out}/${phase}-${size.name}-${theme}.png` });
  count++;
});
console.log(`${count} screenshots in ${out}`);
