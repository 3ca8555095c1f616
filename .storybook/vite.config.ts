// Storybook's own Vite config: not the project's (which builds the drop-in bundle and
// embeds the hub). Stories need neither: MSW stands in for the hub.
import { defineConfig } from 'vite';

export default defineConfig({});
