/** The demo display page: query options, and the offline mock when asked (before connecting). */
import { zoneAtHour } from '../src/scenarios/shop-clock.js';
import { startMockIfAsked } from './mock-mode.js';

await startMockIfAsked();
await import('../src/display.js');

const params = new URLSearchParams(location.search);
const sync = document.getElementById('sync')!;
const display = document.getElementById('display')!;
if (params.get('hub')) sync.setAttribute('src', params.get('hub')!);
if (params.get('lane')) sync.setAttribute('lane', params.get('lane')!);
if (params.get('theme')) display.setAttribute('theme', params.get('theme')!);
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
if (params.has('debug')) display.toggleAttribute('debug', true);
// ?sleep: the screen in its sleep hours now (22:00-07:00 on a shop clock reading 23:00), to
// see it dim and a bill from the simulator wake it; ?sleep=HH:MM-HH:MM: those hours on this device's clock.
const sleep = params.get('sleep');
if (sleep !== null) {
  const [from, to] = /^\d\d:\d\d-\d\d:\d\d$/.test(sleep) ? sleep.split('-') : ['22:00', '07:00'];
  display.setAttribute('sleep', JSON.stringify({ from, to }));
  if (!sleep) display.setAttribute('time-zone', zoneAtHour(23));
}
