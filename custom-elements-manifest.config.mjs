// custom-elements.json: the elements' public API (attributes, properties, events, slots,
// parts, CSS properties) from their JSDoc. Storybook's controls and docs come from it.
export default {
  globs: ['src/components/**/*.ts', 'src/sync/display-sync.ts', 'src/sync/display-sync-element.ts'],
  exclude: ['src/**/*.stories.ts', 'src/**/*.styles.ts', 'src/components/format.ts', 'src/components/strings.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
