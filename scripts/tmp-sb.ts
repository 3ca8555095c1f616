import { launchChromium } from '../test/support/chromium.js';
import { serveDirectory } from '../test/support/static-server.js';
const site = await serveDirectory('/work/main/storybook-static/');
const browser = await launchChromium();
const page = await browser.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
page.on('pageerror', (e) => console.log('pageerror', String(e).slice(0, 300)));
await page.setViewport({ width: 1280, height: 800 });
await page.goto(`${site.url}/iframe.html?id=scenarios-live-msw--cash-sale&viewMode=story`);
for (let i = 0; i < 8; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  console.log(await page.evaluate(() => { const s = document.querySelector('story-scenario')?.shadowRoot?.querySelector('display-sync') as any; return s ? `${s.lane} ${s.status} ${s.phase} ${s.displayState.bill?.items.length ?? '-'} log:${s.eventLog.map((e: any) => e.event).join(',')}` : 'none'; }));
}
await browser.close(); await site.close();
