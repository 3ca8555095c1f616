import { defineConfig, type Plugin, type ViteDevServer } from 'vite';
import { displayHub } from './src/hub/vite-plugin.js';

/** After Vite's own banner, print the two pages a newcomer wants. */
function printDemoUrls(): Plugin {
  return {
    name: 'pos-customer-display:demo-urls',
    configureServer(server: ViteDevServer) {
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
        server.config.logger.info(
          [
            '',
            `  Customer display:   ${base}demo/display.html`,
            `  Cashier simulator:  ${base}demo/cashier.html`,
            `  Hub (same origin):  ${base}api/customer-display/health`,
            '',
          ].join('\n'),
        );
      };
    },
  };
}

export default defineConfig({
  plugins: [displayHub(), printDemoUrls()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    // `npm run build` produces the drop-in bundle: one classic script registering every element.
    lib: {
      entry: 'src/index.ts',
      name: 'CustomerDisplay',
      formats: ['iife'],
      fileName: () => 'customer-display.js',
    },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    minify: true,
    sourcemap: true,
  },
});
