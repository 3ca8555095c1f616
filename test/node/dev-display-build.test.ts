/**
 * `npm start` serves the display app without a prior `npm run build`: the dev server builds
 * what /display/ serves when it is missing (or older than src/), before it answers. Built
 * into a temporary folder here, so the checkout's dist/ is left alone.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createServer } from 'vite';
import { displayHub } from '../../src/hub/adapters/vite-plugin.js';
// @ts-expect-error a plain ES module of the build scripts, without types
import { buildDisplayAppOnStart, SERVED_FILES, staleReason } from '../../scripts/dev-display-build.mjs';

describe('the dev server (npm start) and the display app', () => {
  it('builds the display app at start when it is not built, then serves /display/ and its script', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'dev-display-'));
    assert.equal(staleReason(outdir), 'customer-display.js is not built');
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      root: outdir,
      server: { host: '127.0.0.1', port: 0, strictPort: false, ws: false },
      plugins: [buildDisplayAppOnStart({ outdir }), displayHub({ displayApp: { assetDir: outdir } })],
    });
    await server.listen();
    try {
      const base = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
      const page = await fetch(`${base}/display/?lane=till-1`);
      assert.equal(page.status, 200, await page.clone().text());
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      const script = /src="([^"]*display-page\.js[^"]*)"/.exec(await page.text())?.[1];
      assert.ok(script, 'the page names its script');
      const served = await fetch(new URL(script, `${base}/display/`));
      assert.equal(served.status, 200);
      assert.match(served.headers.get('content-type')!, /javascript/);
      assert.equal(staleReason(outdir), undefined, 'every served file built');
    } finally {
      await server.close();
    }
    // A source edited after the build makes it stale again (the next start rebuilds).
    const old = new Date(Date.now() - 3_600_000);
    for (const name of SERVED_FILES as string[]) utimesSync(join(outdir, name), old, old);
    assert.equal(staleReason(outdir), 'src/ changed since the last build');
  });
});
