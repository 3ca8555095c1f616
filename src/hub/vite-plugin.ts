/**
 * `displayHub()`: mounts the hub's request handler on Vite's dev and preview servers, so
 * `vite` alone serves the display pages and the hub from one origin.
 */
import type { Plugin } from 'vite';
import { createHubHandler, type HubHandler, type HubHandlerOptions } from './http-handler.js';

export function displayHub(options: HubHandlerOptions = {}): Plugin {
  const handlers: HubHandler[] = [];
  const mount = (server: { middlewares: { use(fn: HubHandler): unknown } }) => {
    // Vite refuses unknown Host names before any middleware (server.allowedHosts), so the
    // demo pages it serves may publish as the hub's own origin.
    const handler = createHubHandler({ hostVerified: true, ...options });
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
