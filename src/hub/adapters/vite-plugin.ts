/**
 * `displayHub()`: mounts the hub's request handler on Vite's dev and preview servers, so
 * `vite` alone serves the display pages and the hub from one origin, and the ready display
 * app at `/display/` (`displayApp: { configFile, mediaDir }`; it serves the built bundle).
 */
import type { Plugin } from 'vite';
import { createHubHandler, type HubHandler, type HubHandlerOptions } from '../node/http-handler.js';

export function displayHub(options: HubHandlerOptions = {}): Plugin {
  const handlers: HubHandler[] = [];
  const mount = (server: { middlewares: { use(fn: HubHandler): unknown } }) => {
    // Vite refuses unknown Host names before any middleware (server.allowedHosts), so the
    // demo pages it serves may publish as the hub's own origin.
    // The display app (/display/) comes along unless `displayApp: false`.
    const handler = createHubHandler({ hostVerified: true, displayApp: {}, ...options });
    handlers.push(handler);
    // Registered directly (not in a returned hook) so it runs before Vite's own middlewares.
    server.middlewares.use(handler);
  };
  return {
    name: 'pos-customer-display:hub',
    configureServer: mount,
    configurePreviewServer: mount,
    // Vite calls this when its server closes: end the open streams so it can.
    closeBundle() {
      for (const handler of handlers.splice(0)) handler.close();
    },
  };
}
