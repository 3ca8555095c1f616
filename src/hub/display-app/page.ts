/**
 * The display app's page, manifest and icon. The page is the same for every screen and
 * lane (so one cached copy serves them all offline); `display-page.js` reads `?lane=`,
 * `?theme=`, `?lang=`, `?debug` and the configuration, and builds
 * `<display-sync><customer-display>` from them.
 */
import { CONFIG_ELEMENT_ID, INITIAL_STATE_ELEMENT_ID, scriptSafeJson, type DisplaySeed } from '../../protocol/initial-state.js';
import type { DisplayAppConfig } from './config-schema.js';

/**
 * What the page may carry so its first screen needs no request: the served configuration
 * (theme, currency, slides) and the lane's state. Neither is in the page the service
 * worker keeps (it drops the state: see `service-worker.ts`), nor in its version digest.
 */
export interface PageData {
  config?: unknown;
  seed?: DisplaySeed | null;
  /** The first bill as HTML (`first-paint.ts`), shown before any script runs. */
  firstPaint?: string;
}

/** `<script type="application/json">`: data, never run, escaped so no text in it ends it. */
function jsonScript(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${scriptSafeJson(value)}</script>`;
}

/** The page; `bundle` is the drop-in script's URL, `pageScript` the page script's (both may carry a `?v=` version). */
export function displayPageHtml(bundle: string, pageScript = 'display-page.js', data: PageData = {}): string {
  const inline = [
    data.config === undefined ? '' : `\n    ${jsonScript(CONFIG_ELEMENT_ID, data.config)}`,
    data.seed ? `\n    ${jsonScript(INITIAL_STATE_ELEMENT_ID, data.seed)}` : '',
  ].join('');
  return `<!doctype html>
<html lang="id">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="description" content="The shop's customer display: the bill, the payment and the shop's news for the shopper at the till." />
    <title>Customer display</title>
    <link rel="manifest" href="manifest.webmanifest" />
    <link rel="icon" href="icon.svg" type="image/svg+xml" />
    <style>
      html, body { height: 100%; margin: 0; overflow: hidden; }
      body { font-family: 'Segoe UI', Roboto, system-ui, sans-serif; cursor: none; }
      display-sync { display: block; height: 100%; }
    </style>
    <!-- Both deferred, in this order: nothing blocks the first paint. -->
    <script src="${bundle}" defer></script>
    <script src="${pageScript}" defer></script>
  </head>
  <body>
    <noscript>This customer display needs JavaScript.</noscript>${data.firstPaint ? `\n    ${data.firstPaint}` : ''}${inline}
  </body>
</html>
`;
}

/** Full screen, the shop's name; `start_url` keeps the lane the page was opened with. */
export function webManifest(config: DisplayAppConfig, lane: string | null): string {
  const name = config.shopName ? `${config.shopName} · display` : 'Customer display';
  const dark = config.theme === 'dark';
  return JSON.stringify({
    name,
    short_name: config.shopName?.slice(0, 12) || 'Display',
    start_url: lane ? `./?lane=${encodeURIComponent(lane)}` : './',
    scope: './',
    display: 'fullscreen',
    display_override: ['fullscreen', 'standalone'],
    orientation: 'any',
    background_color: dark ? '#0f172a' : '#f8fafc',
    theme_color: dark ? '#0f172a' : '#0f766e',
    icons: [
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
    ],
  });
}

/** A screen on a stand, on the accent colour; safe as a maskable icon (art within 80 %). */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" fill="#0f766e"/>
  <rect x="116" y="136" width="280" height="184" rx="18" fill="#f8fafc"/>
  <rect x="148" y="170" width="120" height="16" rx="8" fill="#0f766e"/>
  <rect x="148" y="206" width="200" height="12" rx="6" fill="#94a3b8"/>
  <rect x="148" y="234" width="170" height="12" rx="6" fill="#94a3b8"/>
  <rect x="148" y="272" width="90" height="22" rx="8" fill="#0f766e"/>
  <rect x="238" y="320" width="36" height="40" fill="#f8fafc"/>
  <rect x="190" y="356" width="132" height="18" rx="9" fill="#f8fafc"/>
</svg>
`;
