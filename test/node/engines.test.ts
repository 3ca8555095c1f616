/**
 * The Node versions package.json promises are the ones every installed package supports:
 * `npm ci` on any of them (this machine and CI run Node 20) prints no EBADENGINE warning.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import semver from 'semver';

const ROOT = new URL('../../', import.meta.url).pathname;
const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };

/** name@version → its `engines.node`, for every package under node_modules (nested too). */
function installedEngines(dir = join(ROOT, 'node_modules'), found = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedEngines(path, found);
      continue;
    }
    try {
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { name?: string; version?: string; engines?: { node?: unknown } };
      if (typeof manifest.engines?.node === 'string') found.set(`${manifest.name}@${manifest.version}`, manifest.engines.node);
    } catch {
      // not a package (a folder of a package's own files)
    }
    if (readdirSync(path).includes('node_modules')) installedEngines(join(path, 'node_modules'), found);
  }
  return found;
}

describe('supported Node versions', () => {
  const promised = ours.engines.node.split('||').map((range) => semver.minVersion(range)!.version);

  it(`every installed package supports the oldest of each range package.json promises (${ours.engines.node})`, () => {
    const engines = installedEngines();
    assert.ok(engines.size > 20, 'node_modules was read');
    const unsupported = [...engines]
      .flatMap(([name, range]) => promised.filter((version) => !semver.satisfies(version, range)).map((version) => `${name} needs ${range}, not ${version}`));
    assert.deepEqual(unsupported, []);
  });

  it('the Node running the tests is one of them', () => {
    assert.ok(semver.satisfies(process.version, ours.engines.node), `${process.version} vs ${ours.engines.node}`);
  });
});
