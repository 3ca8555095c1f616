import { dropInRoutes } from '../test/support/display-page.js';
import { webkit, chromium } from '../test/support/engines.js';
import { startHubProcess } from '../test/support/hub-process.js';
import { serveStatic } from '../test/support/static-server.js';
import { createPoster, stopChild } from '../bench/util.js';
import { measure, page, CEILING_PAGE } from '../bench/frames.js';
const hub = await startHubProcess(['--log-level', 'warn']);
const site = await serveStatic({ ...dropInRoutes(), '/': { html: page(hub.url) }, '/ceiling': { html: CEILING_PAGE } });
const poster = createPoster();
const post = (body: unknown) => poster.post(`${hub.url}/api/customer-display/update-bill`, body);
const inject = (displayCss: string, panelCss: string) => `(function(){var d=document.querySelector('customer-display').shadowRoot; var s=document.createElement('style'); s.textContent=${JSON.stringify(displayCss)}; d.appendChild(s); var p=d.querySelector('bill-panel').shadowRoot; var t=document.createElement('style'); t.textContent=${JSON.stringify(panelCss)}; p.appendChild(t); return 1;})()`;
const variants: Record<string, string> = JSON.parse(process.argv[2] ?? '{}');
const engine = process.argv[3] === 'chromium' ? chromium : webkit;
for (const [name, spec] of Object.entries({ base: '|', ...variants })) {
  const [a, b] = spec.split('|');
  const r = await measure(engine, engine === chromium ? { cpuThrottling: 4 } : {}, site.url + '/', site, post, inject(a!, b!));
  console.log(name.padEnd(14), r.burst.fps.toFixed(1), 'fps ceiling', r.ceilingFps.toFixed(1), r.burst.intervalsMs.p50, r.burst.intervalsMs.p95, 'first', r.firstBillMs.p50);
}
poster.close(); await site.close(); await stopChild(hub.child);
