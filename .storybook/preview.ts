import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/index.js';
import './story-helpers.js';

// Controls and docs for every element come from its JSDoc, through the manifest.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
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
