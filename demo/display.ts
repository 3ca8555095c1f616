/** The demo display page: query options, and the offline mock when asked (before connecting). */
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
