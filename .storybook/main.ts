import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } } },
  // public/ holds the MSW worker; demo/media the slides and logo the stories use.
  staticDirs: ['../public', { from: '../demo/media', to: '/media' }, { from: '../demo', to: '/demo' }],
  core: { disableTelemetry: true },
};
export default config;
