// Storybook's own Vite config: not the project's (which builds the drop-in bundle and
// embeds the hub). Stories need neither: MSW stands in for the hub.
import { defineConfig } from 'vite';

export default defineConfig({
  optimizeDeps: {
    // @storybook/web-components imports lit/directive-helpers.js, which Vite would otherwise
    // serve unbundled: a second lit-html beside the pre-bundled one ("Multiple versions of
    // Lit loaded", and two template caches). Pre-bundled together, lit is loaded once.
    include: ['lit', 'lit/directive-helpers.js', 'lit/decorators.js', 'lit/directives/repeat.js', '@lit/context'],
  },
});
