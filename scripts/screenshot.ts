/** Screenshots a page in headless Chromium: `tsx scripts/screenshot.ts URL OUT.png [width] [height]`. */
import { launchChromium } from '../test/support/chromium.js';
const [url, out, w = '1920', h = '1080'] = process.argv.slice(2);
const browser = await launchChromium();
const page = await browser.newPage();
await page.setViewport({ width: Number(w), height: Number(h) });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', String(e)));
await page.goto(url!, { waitUntil: 'load', timeout: 15000 }).catch((e) => console.log('goto', e.message));
await new Promise((r) => setTimeout(r, 800));
await page.screenshot({ path: out! });
await browser.close();
