import { launchChromium } from '../test/support/chromium.js';
const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (m) => console.log('console', m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:5173/demo/display.html');
await new Promise((r) => setTimeout(r, 1500));
console.log(await page.evaluate(() => { const show = document.querySelector('customer-display')!.shadowRoot!.querySelector('idle-slideshow')!; return show.shadowRoot!.innerHTML.replace(/<!--[^>]*-->/g, '').slice(0, 600) + ' | inactive=' + show.inactive + ' count=' + show.count; }));
await browser.close();
