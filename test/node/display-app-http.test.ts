/**
 * The display app's HTTP side over real HTTP: the page and its files, `GET /` for browsers,
 * the configuration (schema, errors naming the field, edits picked up), the media folder
 * (types, ETag/Last-Modified, Range, no traversal, no listing), HTTPS, the Vite plugin,
 * and the systemd unit (the CLI flags: cli-options.test.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findAssetDir, MissingBuildError, validateDisplayConfig } from '../../src/hub/display-app/index.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { makeShop, slideSvg, type ShopFolder } from '../support/display-app.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const VIDEO = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function raw(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawReply> {
  const url = new URL(base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({ host: url.hostname, port: url.port, path, method, headers, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('display app over HTTP', () => {
  let shop: ShopFolder;
  let hub: RunningHub;
  const configErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(join(DIST, 'display-app/sw.js')), 'dist/display-app is missing: run `npm run build` first (npm test does)');
    shop = await makeShop(
      { shopName: 'Toko Uji', theme: 'dark', logo: 'logo.svg', mirrorStylesheet: 'cashier.css', lanes: { 'till-2': { theme: 'light', footer: 'Kasir 2' } } },
      { 'logo.svg': slideSvg('L', '#000'), 'promo-10.jpg': 'jpeg', 'promo-2.png': 'png', 'clip.mp4': VIDEO, 'clip.webm': 'webm', '.hidden.png': 'x', 'notes.txt': 'x', 'cashier.css': '.modal { color: red }' },
    );
    await mkdir(join(shop.media, 'sub'));
    await writeFile(join(shop.media, 'sub', 'inner.png'), 'inner');
    await writeFile(join(shop.dir, 'secret.png'), 'SECRET');
    await symlink(join(shop.dir, 'secret.png'), join(shop.media, 'escape.png'));
    await symlink(join(shop.media, 'promo-2.png'), join(shop.media, 'alias.png'));
    hub = await startHubServer({
      port: 0,
      displayApp: { configFile: shop.config, mediaDir: shop.media, onConfigError: (error) => configErrors.push(error.message) },
    });
  });

  after(() => hub?.close());

  it('sends a browser asking for / to /display/; other GET / keep the health JSON', async () => {
    const browser = await raw(hub.url, '/?lane=till-1', { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    assert.equal(browser.status, 302);
    assert.equal(browser.headers.location, '/display/?lane=till-1');
    const tool = await raw(hub.url, '/');
    assert.equal(tool.status, 200);
    assert.equal(JSON.parse(tool.body.toString()).status, 'ok');
    const json = await raw(hub.url, '/', { Accept: 'application/json' });
    assert.equal(JSON.parse(json.body.toString()).status, 'ok');
    assert.equal((await raw(hub.url, '/display?lane=x')).headers.location, '/display/?lane=x');
  });

  it('serves the page, its script, the bundle, the manifest and the icon', async () => {
    const page = await raw(hub.url, '/display/?lane=till-1');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    const html = page.body.toString();
    assert.match(html, /<meta charset="utf-8"/);
    // Named by version (a digest of the content): cached for good, a new build is a new URL.
    assert.match(html, /<script src="customer-display(\.auto)?\.js\?v=[\w-]{12}"( defer)?><\/script>/);
    assert.match(html, /<script src="display-page.js\?v=[\w-]{12}" defer><\/script>/);
    assert.match(html, /<link rel="manifest" href="manifest.webmanifest"/);
    // An icon (no /favicon.ico 404) and a description (Lighthouse's SEO audit).
    assert.match(html, /<link rel="icon" href="icon.svg"/);
    assert.match(html, /<meta name="description" content="[^"]{20,}"/);
    // The same URL: a lane's page carries that lane's state, so another lane's page has another ETag.
    const revalidated = await raw(hub.url, '/display/?lane=till-1', { 'If-None-Match': String(page.headers.etag) });
    assert.equal(revalidated.status, 304);
    for (const [path, type] of [
      ['/display/display-page.js', 'text/javascript; charset=utf-8'],
      ['/display/customer-display.js', 'text/javascript; charset=utf-8'],
      ['/display/sw.js', 'text/javascript; charset=utf-8'],
      ['/display/icon.svg', 'image/svg+xml'],
    ]) {
      const reply = await raw(hub.url, path!);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.headers['content-type'], type, path);
    }
    const manifest = await raw(hub.url, '/display/manifest.webmanifest?lane=till-2');
    assert.equal(manifest.headers['content-type'], 'application/manifest+json; charset=utf-8');
    const parsed = JSON.parse(manifest.body.toString());
    assert.equal(parsed.display, 'fullscreen');
    assert.equal(parsed.start_url, './?lane=till-2');
    assert.equal(parsed.name, 'Toko Uji · display');
    assert.ok(parsed.icons.some((icon: { purpose: string }) => icon.purpose === 'maskable'));
    assert.equal((await raw(hub.url, '/display/nothing-here.js')).status, 404);
    assert.equal((await raw(hub.url, '/display/', {}, 'POST')).status, 405);
  });

  it('serves the configuration with media URLs, and the media folder in name order as slides', async () => {
    const config = JSON.parse((await raw(hub.url, '/display/config.json')).body.toString());
    assert.equal(config.shopName, 'Toko Uji');
    assert.equal(config.logo, '/media/logo.svg');
    assert.deepEqual(
      config.slides.map((s: { src: string }) => s.src.split('?')[0]),
      // Natural order (2 before 10); logo, hidden, .txt, the folder and the escaping link left out.
      ['/media/alias.png', '/media/clip.mp4', '/media/clip.webm', '/media/promo-2.png', '/media/promo-10.jpg'],
    );
    assert.equal(config.slides[1].type, 'video');
    assert.deepEqual(config.lanes['till-2'], { theme: 'light', footer: 'Kasir 2' });
    assert.equal(config.mirrorStylesheet, '/media/cashier.css');
    assert.ok(config.offlineMedia.includes('/media/logo.svg'));
    assert.ok(config.offlineMedia.includes('/media/cashier.css'));
  });

  it('serves media with its content type, ETag and Last-Modified, and answers 304 to a current copy', async () => {
    for (const [name, type] of [['promo-10.jpg', 'image/jpeg'], ['promo-2.png', 'image/png'], ['clip.mp4', 'video/mp4'], ['clip.webm', 'video/webm'], ['logo.svg', 'image/svg+xml'], ['cashier.css', 'text/css; charset=utf-8']]) {
      const reply = await raw(hub.url, `/media/${name}`);
      assert.equal(reply.status, 200, name);
      assert.equal(reply.headers['content-type'], type, name);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    }
    const svg = await raw(hub.url, '/media/logo.svg');
    assert.match(String(svg.headers['content-security-policy']), /sandbox/, 'an SVG opened on its own runs no script');
    const first = await raw(hub.url, '/media/promo-2.png');
    assert.ok(first.headers.etag && first.headers['last-modified']);
    assert.equal((await raw(hub.url, '/media/promo-2.png', { 'If-None-Match': String(first.headers.etag) })).status, 304);
    assert.equal((await raw(hub.url, '/media/promo-2.png', { 'If-Modified-Since': String(first.headers['last-modified']) })).status, 304);
    await utimes(join(shop.media, 'promo-2.png'), new Date(), new Date(Date.now() + 5000));
    const changed = await raw(hub.url, '/media/promo-2.png', { 'If-None-Match': String(first.headers.etag) });
    assert.equal(changed.status, 200, 'a changed file is sent again');
    assert.notEqual(changed.headers.etag, first.headers.etag);
    const head = await raw(hub.url, '/media/clip.mp4', {}, 'HEAD');
    assert.equal(head.headers['content-length'], '1000');
    assert.equal(head.body.length, 0);
  });

  it('answers byte ranges (videos seek with them)', async () => {
    const part = await raw(hub.url, '/media/clip.mp4', { Range: 'bytes=100-199' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], 'bytes 100-199/1000');
    assert.deepEqual(part.body, VIDEO.subarray(100, 200));
    const open = await raw(hub.url, '/media/clip.mp4', { Range: 'bytes=990-' });
    assert.deepEqual(open.body, VIDEO.subarray(990));
    const suffix = await raw(hub.url, '/media/clip.mp4', { Range: 'bytes=-10' });
    assert.equal(suffix.headers['content-range'], 'bytes 990-999/1000');
    const beyond = await raw(hub.url, '/media/clip.mp4', { Range: 'bytes=5000-' });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */1000');
    const stale = await raw(hub.url, '/media/clip.mp4', { Range: 'bytes=0-9', 'If-Range': 'W/"old"' });
    assert.equal(stale.status, 200, 'If-Range of another version: the whole file');
    assert.equal(stale.body.length, 1000);
  });

  it('refuses directory traversal: .., encoded, double-encoded, backslashes, symlinks out of the folder', async () => {
    for (const path of [
      '/media/../secret.png',
      '/media/%2e%2e/secret.png',
      '/media/%2E%2E/secret.png',
      '/media/..%2fsecret.png',
      '/media/sub/..%2f..%2fsecret.png',
      '/media/..%5csecret.png',
      '/media/sub/../../secret.png',
      '/media/escape.png',
      '/media/%252e%252e/secret.png',
      '/media/%252e%252e%252fsecret.png',
      '/media/secret.png%00.png',
    ]) {
      const reply = await raw(hub.url, path);
      assert.ok(reply.status === 403 || reply.status === 404, `${path} → ${reply.status}`);
      assert.doesNotMatch(reply.body.toString(), /SECRET/, path);
    }
    assert.equal((await raw(hub.url, '/media/escape.png')).status, 403, 'a symlink out of the folder');
    assert.equal((await raw(hub.url, '/media/alias.png')).status, 200, 'a symlink within the folder is fine');
    assert.equal((await raw(hub.url, '/media/sub/inner.png')).status, 200);
  });

  it('lists nothing and serves only media files', async () => {
    for (const path of ['/media/', '/media/sub', '/media/sub/', '/media/.hidden.png', '/media/notes.txt', '/media/missing.png']) {
      const reply = await raw(hub.url, path);
      assert.equal(reply.status, 404, path);
      assert.doesNotMatch(reply.body.toString(), /promo|inner/, path);
    }
    assert.equal((await raw(hub.url, '/media/promo-2.png', {}, 'DELETE')).status, 405);
  });

  it('picks up a changed configuration and a new media file on the next request, and keeps the last good one on a bad edit', async () => {
    await writeFile(join(shop.media, 'promo-1.png'), 'new');
    await writeFile(shop.config, JSON.stringify({ shopName: 'Toko Baru', slideInterval: 9000 }));
    const changed = JSON.parse((await raw(hub.url, '/display/config.json')).body.toString());
    assert.equal(changed.shopName, 'Toko Baru');
    assert.equal(changed.slideInterval, 9000);
    assert.ok(changed.slides.some((s: { src: string }) => s.src.startsWith('/media/promo-1.png?v=')));
    await writeFile(shop.config, JSON.stringify({ shopName: 'Toko Rusak', theme: 'purple' }));
    const kept = JSON.parse((await raw(hub.url, '/display/config.json')).body.toString());
    assert.equal(kept.shopName, 'Toko Baru');
    assert.match(configErrors.at(-1)!, /theme: must be "light", "dark" or "auto"/);
  });
});

describe('display app configuration schema', () => {
  it('accepts a full configuration and names the field of a bad one', () => {
    const good = validateDisplayConfig({
      $schema: './x.json',
      shopName: 'Warung',
      logo: 'logo.svg',
      tagline: 't',
      footer: 'f',
      theme: 'auto',
      language: 'en',
      locale: 'en-US',
      currency: 'USD',
      slideInterval: 6000,
      thanksDuration: 4000,
      slides: [{ src: 'a.jpg', duration: 8000, alt: 'A' }, { src: 'https://cdn.example/b.mp4', type: 'video' }],
      offlineCacheMB: 100,
      lanes: { 'till-2': { theme: 'dark' } },
    });
    assert.equal(good.ok, true);
    for (const [config, field, message] of [
      [{ theme: 'blue' }, 'theme', /must be "light", "dark" or "auto"/],
      [{ shopname: 'x' }, 'shopname', /unknown field \(did you mean "shopName"\?\)/],
      [{ lanes: { 'till-2': { footr: 'x' } } }, 'lanes.till-2.footr', /unknown field \(did you mean "footer"\?\)/],
      [{ slides: [{ src: 'a.jpg', duraton: 8000 }] }, 'slides.0.duraton', /unknown field \(did you mean "duration"\?\)/],
      [{ colourScheme: 'dark' }, 'colourScheme', /^colourScheme: unknown field \(see/],
      [{ lanes: { 'till 2': {} } }, 'lanes.till 2', /lane ids/],
      [{ slides: [{ src: 'a.jpg', duration: 'long' }] }, 'slides.0.duration', /whole number of milliseconds/],
      [{ slideInterval: 10 }, 'slideInterval', /at least 1000/],
      [{ currency: 'rupiah' }, 'currency', /ISO 4217/],
      [{ locale: 'not a locale!' }, 'locale', /locale such as/],
      [[], '(body)', /expected object/],
    ] as const) {
      const result = validateDisplayConfig(config);
      assert.equal(result.ok, false, JSON.stringify(config));
      if (result.ok) continue;
      assert.equal(result.field, field);
      assert.match(result.message, message);
    }
  });
});

describe('display-hub --tls-cert / --tls-key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'display-flags-'));

  // Their checks, messages and help lines are units (cli-options.test.ts); exit 2 is in cli.test.ts.
  it('serves everything over HTTPS with --tls-cert/--tls-key', async (t) => {
    if (spawnSync('openssl', ['version']).status !== 0) return t.skip('openssl is not installed');
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const { readFileSync } = await import('node:fs');
    const secure = await startHubServer({ port: 0, tls: { cert: readFileSync(cert), key: readFileSync(key) }, displayApp: {} });
    try {
      assert.match(secure.url, /^https:\/\//);
      assert.equal((await raw(secure.url, '/display/')).status, 200);
      assert.equal((await raw(secure.url, '/api/customer-display/health')).status, 200);
      await assert.rejects(raw(secure.url.replace('https:', 'http:'), '/display/'), 'no plain HTTP on the TLS port');
    } finally {
      await secure.close();
    }
  });
});

describe('display app without a build', () => {
  it('says to run `npm run build`, and answers 503 instead of a broken page', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'display-nobuild-'));
    assert.throws(() => findAssetDir(undefined, new URL(`file://${empty}/src/hub/display-app/assets.ts`).href), (error: Error) =>
      error instanceof MissingBuildError && /run `npm run build` first/.test(error.message),
    );
    const hub = await startHubServer({ port: 0, displayApp: { assetDir: empty } });
    try {
      const reply = await raw(hub.url, '/display/');
      assert.equal(reply.status, 503);
      assert.match(reply.body.toString(), /npm run build/);
    } finally {
      await hub.close();
    }
  });

  it('versions the service worker by the built files: a new bundle is a new worker', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'display-assets-'));
    cpSync(join(DIST, 'customer-display.js'), join(copy, 'customer-display.js'));
    cpSync(join(DIST, 'display-app'), join(copy, 'display-app'), { recursive: true });
    const hub = await startHubServer({ port: 0, displayApp: { assetDir: copy } });
    try {
      const version = async () => /"version":"([0-9a-f]+)"/.exec((await raw(hub.url, '/display/sw.js')).body.toString())![1];
      const before = await version();
      assert.equal(await version(), before, 'same files, same worker');
      await writeFile(join(copy, 'customer-display.js'), '/* a new release */');
      assert.notEqual(await version(), before);
    } finally {
      await hub.close();
    }
  });
});

describe('deploy/display-hub.service', () => {
  it('passes systemd-analyze verify', (t) => {
    if (spawnSync('systemd-analyze', ['--version']).status !== 0) {
      console.log('# systemd-analyze is not installed: the unit was not verified');
      return t.skip('systemd-analyze is not installed');
    }
    const unit = new URL('../../deploy/display-hub.service', import.meta.url).pathname;
    const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    // verify exits 0 on unknown keys and bad values too; it prints them, so nothing printed is the check.
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr.trim(), '');
  });
});

describe('display app under the Vite plugin', () => {
  it('serves /display/, its configuration and /media/ from the dev server; / stays Vite\'s', async () => {
    const { createServer } = await import('vite');
    const { displayHub } = await import('../../src/hub/adapters/vite-plugin.js');
    const shop = await makeShop({ shopName: 'Toko Vite' }, { 'a.png': 'png' });
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      root: shop.dir,
      server: { host: '127.0.0.1', port: 0, strictPort: false, ws: false },
      plugins: [displayHub({ displayApp: { configFile: shop.config, mediaDir: shop.media } })],
    });
    await server.listen();
    try {
      const base = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
      const page = await raw(base, '/display/?lane=till-1');
      assert.equal(page.status, 200);
      assert.match(page.body.toString(), /display-page\.js/);
      const config = JSON.parse((await raw(base, '/display/config.json')).body.toString());
      assert.equal(config.shopName, 'Toko Vite');
      assert.match(config.slides[0].src, /^\/media\/a\.png\?v=[0-9a-z]+-[0-9a-z]+$/);
      assert.equal(config.slides.length, 1);
      assert.equal((await raw(base, '/media/a.png')).headers['content-type'], 'image/png');
      assert.equal((await raw(base, '/media/../display-hub.json')).status, 403);
      assert.notEqual((await raw(base, '/', { Accept: 'text/html' })).headers.location, '/display/', 'no redirect: / is the Vite app');
    } finally {
      await server.close();
    }
  });
});
