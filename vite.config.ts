import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { defineConfig, type Plugin, type ViteDevServer } from 'vite';
import { displayHub } from './src/hub/adapters/vite-plugin.js';
// @ts-expect-error a plain ES module of the build scripts, without types
import { buildDisplayAppOnStart } from './scripts/dev-display-build.mjs';

/**
 * The demo shop as the dev server's admin page may change it (uploads, order, schedules):
 * a copy of demo/'s configuration and media in .dev-shop/ (ignored by git), made on the
 * first start, so what the admin page writes never lands in the checkout's demo/.
 */
const DEV_SHOP = '.dev-shop';
function devShop(): { configFile: string; mediaDir: string } {
  const shop = { configFile: `${DEV_SHOP}/display-hub.json`, mediaDir: `${DEV_SHOP}/media` };
  if (!existsSync(shop.configFile)) {
    mkdirSync(DEV_SHOP, { recursive: true });
    cpSync('demo/media', shop.mediaDir, { recursive: true });
    copyFileSync('demo/display-hub.json', shop.configFile);
  }
  return shop;
}

/** The admin page's token on the dev server: `$DISPLAY_HUB_ADMIN_TOKEN`, else a new one each start (printed). */
const devAdminToken = process.env.DISPLAY_HUB_ADMIN_TOKEN || randomBytes(12).toString('base64url');

/** After Vite's own banner, print the pages a newcomer wants. */
function printDemoUrls(mock: boolean): Plugin {
  return {
    name: 'pos-customer-display:demo-urls',
    configureServer(server: ViteDevServer) {
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
        server.config.logger.info(
          (mock
            ? [
                '',
                '  Offline: MSW answers the hub endpoints in the pages (no hub), tabs share one state.',
                `  Customer display:   ${base}demo/display.html`,
                `  Cashier simulator:  ${base}demo/cashier.html`,
                `  A scenario:         ${base}demo/display.html?scenario=cash-sale&loop`,
                '',
              ]
            : [
                '',
                `  Customer display:   ${base}demo/display.html`,
                `  Cashier simulator:  ${base}demo/cashier.html`,
                `  Hub (same origin):  ${base}api/customer-display/health`,
                `  Display app:        ${base}display/?lane=default  (the hub's ready page)`,
                `  Admin page:         ${base}admin/  (token ${devAdminToken}; the shop's files: ${DEV_SHOP}/, a copy of demo/)`,
                '',
              ]
          ).join('\n'),
        );
      };
    },
  };
}

export default defineConfig(({ mode }) => ({
  // `vite --mode mock` (npm run dev:mock): no hub at all, the pages use MSW.
  plugins: [
    // The hub, and its ready display app at /display/ with the demo shop's config and media.
    // The admin page (/admin/) manages the demo shop's copy in .dev-shop/ from a phone or a tab.
    mode === 'mock' ? [] : displayHub({ adminToken: devAdminToken, displayApp: devShop() }),
    // Its page scripts and the admin page, built now when dist/ lacks them or is older than src/.
    mode === 'mock' ? [] : buildDisplayAppOnStart(),
    printDemoUrls(mode === 'mock'),
  ],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  // The drop-in bundles are built by scripts/build-bundle.mjs (esbuild: several classic
  // scripts, a legacy build, pure ASCII), not by `vite build`.
}));
