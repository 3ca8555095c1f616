import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/index.js';
import './story-helpers.js';

// Controls and docs for every element come from its JSDoc, through the manifest.
setCustomElementsManifest(manifest);

/**
 * The screens shops use, for the viewport toolbar and for stories that need one (the
 * layout follows the screen's orientation, so a portrait story needs a portrait viewport,
 * not a portrait box in a landscape page). Half size where the full one would not fit.
 */
const DISPLAY_VIEWPORTS = {
  landscape: { name: 'Landscape 1920×1080 (half size)', styles: { width: '960px', height: '540px' }, type: 'desktop' },
  portrait: { name: 'Portrait 1080×1920 (half size)', styles: { width: '540px', height: '960px' }, type: 'tablet' },
  small: { name: 'Small 1280×800', styles: { width: '1280px', height: '800px' }, type: 'desktop' },
} as const;

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    viewport: { options: DISPLAY_VIEWPORTS },
    controls: { expanded: true },
    backgrounds: { disable: true },
  },
  globalTypes: {
    lang: {
      description: 'Language of the display',
      toolbar: { title: 'Language', icon: 'globe', items: ['id', 'en'], dynamicTitle: true },
    },
  },
  initialGlobals: { lang: 'id' },
  decorators: [
    (story, context) => {
      document.documentElement.lang = context.globals.lang ?? 'id';
      return story();
    },
  ],
};
export default preview;
