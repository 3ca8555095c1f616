/**
 * What the auto loader checks before it loads the modern build: every built-in the legacy
 * build has to polyfill (see legacy-polyfills.ts), and `Promise.any`, which shipped in the
 * same releases as the ES2021 syntax the modern build keeps (`??=`, `||=`: Chrome 85,
 * Firefox 79, Safari 14), so a page that polyfilled WeakRef alone still gets the legacy build.
 */
export const MODERN_FEATURES: ReadonlyArray<() => boolean> = [
  () => typeof globalThis === 'object',
  () => typeof WeakRef === 'function',
  () => typeof Object.fromEntries === 'function',
  () => typeof Array.prototype.flat === 'function',
  () => typeof Element.prototype.toggleAttribute === 'function',
  () => typeof Promise.any === 'function',
];
