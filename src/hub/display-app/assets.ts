/**
 * Finds the built files the display app serves: the drop-in bundle (`customer-display.js`)
 * and the page's own scripts (`display-app/display-page.js`, `display-app/sw.js`). They are
 * in `dist/`: next to the bundled CLI in the npm package (`dist/hub/cli.js`), under
 * `dist/esm/…` for the library entry, and `dist/` of the checkout when the hub runs from
 * source with tsx (which needs `npm run build` first).
 */
import { existsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE_FILE = 'customer-display.js';
export const PAGE_SCRIPT_FILE = 'display-app/display-page.js';
export const SERVICE_WORKER_FILE = 'display-app/sw.js';

/** Where `dist/` is, seen from this module in each of the layouts above. */
const CANDIDATES = [
  '../', // dist/hub/cli.js (bundled)
  '../../../', // dist/esm/hub/display-app/assets.js
  '../../../dist/', // src/hub/display-app/assets.ts (tsx)
  '../../dist/', // src/hub/cli.ts bundled elsewhere (vite config bundling)
];

export class MissingBuildError extends Error {
  constructor(readonly looked: string[]) {
    super(`the display app needs the built bundle (${BUNDLE_FILE} and ${PAGE_SCRIPT_FILE}); run \`npm run build\` first. Looked in: ${looked.join(', ')}`);
    this.name = 'MissingBuildError';
  }
}

const isBuilt = (dir: string) => [BUNDLE_FILE, PAGE_SCRIPT_FILE, SERVICE_WORKER_FILE].every((name) => existsSync(join(dir, name)));

/**
 * The folder holding the bundle and the page scripts (with a trailing separator): `dir`
 * when given, else the first built `dist/` seen from this module. Throws `MissingBuildError`.
 */
export function findAssetDir(dir?: string, from: string = import.meta.url): string {
  const looked = dir ? [join(dir, sep)] : CANDIDATES.map((relative) => fileURLToPath(new URL(relative, from)));
  const found = looked.find(isBuilt);
  if (!found) throw new MissingBuildError(looked);
  return found;
}

/** Size and modification time: changes whenever a file is rebuilt or replaced. */
export function fileStamp(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}
