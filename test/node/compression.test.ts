/**
 * What the hub sends compressed, over real HTTP: brotli or gzip by Accept-Encoding
 * (q-values, brotli first), `Vary: Accept-Encoding` on every compressible answer, the coded
 * length, an ETag per coding with its 304, HEAD, Range from the identity file, the build's
 * precompressed copies used only when fresh, long-lived caching for versioned names and
 * revalidation for the page; media already compressed (images, video) sent as it is, SVG
 * compressed; the admin page's script compressed.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseCoding } from '../../src/hub/display-app/content-encoding.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { makeShop, slideSvg } from '../support/display-app.js';

const DIST = new URL('../../dist/', import.meta.url).pathname;
const ADMIN = 'admin-token-compression-01';
const BOTH = { 'Accept-Encoding': 'br, gzip' };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw bytes as sent (fetch would decode them). */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    req.end();
  });
}

function decoded(reply: Reply): Buffer {
  const coding = reply.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(reply.body);
  if (coding === 'gzip') return gunzipSync(reply.body);
  assert.equal(coding, undefined);
  return reply.body;
}

describe('Accept-Encoding negotiation', () => {
  it('prefers brotli, honours q-values and q=0, and falls back to identity', () => {
    assert.equal(chooseCoding('gzip, deflate, br'), 'br');
    assert.equal(chooseCoding('br;q=0.5, gzip'), 'gzip');
    assert.equal(chooseCoding('br;q=0, gzip;q=0.1'), 'gzip');
    assert.equal(chooseCoding('gzip;q=0, br;q=0'), 'identity');
    assert.equal(chooseCoding('*'), 'br');
    assert.equal(chooseCoding('*;q=0.2, br;q=0'), 'gzip');
    assert.equal(chooseCoding('identity'), 'identity');
    assert.equal(chooseCoding('deflate'), 'identity');
    assert.equal(chooseCoding(''), 'identity');
    assert.equal(chooseCoding(undefined), 'identity');
  });
});

describe('the hub compresses what it serves', () => {
  let hub: RunningHub;
  let assets: string;
  let script: Buffer;

  before(async () => {
    assert.ok(existsSync(join(DIST, 'customer-display.js.br')), 'dist has no precompressed files: run `npm run build` first');
    // A copy of dist/, so the test may age and replace precompressed files.
    assets = mkdtempSync(join(tmpdir(), 'compression-dist-'));
    cpSync(DIST, assets, { recursive: true, preserveTimestamps: true, filter: (path) => !path.endsWith('.map') && !path.includes('/esm') && !path.includes('/types') });
    script = readFileSync(join(assets, 'customer-display.js'));
    const shop = await makeShop(
      // Enough configuration to be worth compressing (over 256 bytes).
      { shopName: 'Toko Kompres', logo: 'logo.svg', lanes: { 'till-1': { footer: 'Terima kasih telah berbelanja di Toko Kompres, sampai jumpa lagi!' }, 'till-2': { footer: 'Kasir 2: pembayaran tunai dan QRIS' } } },
      { 'logo.svg': slideSvg('L', '#000').repeat(4), 'promo.png': Buffer.alloc(4096, 7), 'clip.mp4': Buffer.alloc(4096, 1) },
    );
    hub = await startHubServer({ port: 0, heartbeatMs: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media, assetDir: assets } });
  });

  after(() => hub?.close());

  it('sends the display script in brotli, gzip or as it is, each with its length, Vary and its own ETag', async () => {
    const br = await get(hub.url, '/display/customer-display.js', BOTH);
    const gzip = await get(hub.url, '/display/customer-display.js', { 'Accept-Encoding': 'gzip' });
    const plain = await get(hub.url, '/display/customer-display.js');
    const refused = await get(hub.url, '/display/customer-display.js', { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    assert.deepEqual([br, gzip, plain, refused].map((r) => r.headers['content-encoding']), ['br', 'gzip', undefined, undefined]);
    for (const reply of [br, gzip, plain, refused]) {
      assert.equal(reply.status, 200);
      assert.equal(reply.headers.vary, 'Accept-Encoding');
      assert.equal(reply.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(Number(reply.headers['content-length']), reply.body.length);
      assert.deepEqual(decoded(reply), script);
    }
    // The build's precompressed copy, as it is on disk.
    assert.deepEqual(br.body, readFileSync(join(assets, 'customer-display.js.br')));
    assert.ok(br.body.length < script.length / 3, `brotli ${br.body.length} B of ${script.length} B`);
    assert.ok(br.body.length < gzip.body.length);
    const tags = new Set([br, gzip, plain].map((r) => r.headers.etag));
    assert.equal(tags.size, 3, 'an ETag per coding');
    assert.equal(plain.headers.etag, refused.headers.etag);
  });

  it('HEAD gives the coded length and no body', async () => {
    const head = await get(hub.url, '/display/customer-display.js', BOTH, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(Number(head.headers['content-length']), statSync(join(assets, 'customer-display.js.br')).size);
    assert.equal(head.body.length, 0);
  });

  it('answers 304 to each coding’s own ETag, and the other coding’s body to another’s', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const first = await get(hub.url, '/display/customer-display.js', { 'Accept-Encoding': accept });
      const again = await get(hub.url, '/display/customer-display.js', { 'Accept-Encoding': accept, 'If-None-Match': String(first.headers.etag) });
      assert.equal(again.status, 304, accept);
      assert.equal(again.headers.etag, first.headers.etag);
      assert.equal(again.headers.vary, 'Accept-Encoding');
      assert.equal(again.body.length, 0);
    }
    const gzipTag = (await get(hub.url, '/display/customer-display.js', { 'Accept-Encoding': 'gzip' })).headers.etag;
    const other = await get(hub.url, '/display/customer-display.js', { ...BOTH, 'If-None-Match': String(gzipTag) });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'br');
  });

  it('serves a Range from the identity file, whatever the client accepts', async () => {
    const part = await get(hub.url, '/display/customer-display.js', { ...BOTH, Range: 'bytes=100-199' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-encoding'], undefined);
    assert.equal(part.headers['content-range'], `bytes 100-199/${script.length}`);
    assert.deepEqual(part.body, script.subarray(100, 200));
  });

  it('ignores a precompressed copy older than its file, and uses a fresh one', async () => {
    const file = join(assets, 'customer-display.qr.js');
    const copy = `${file}.br`;
    const marker = Buffer.from('/* a previous build */');
    writeFileSync(copy, brotliCompressSync(marker));
    const past = new Date(statSync(file).mtimeMs - 60_000);
    utimesSync(copy, past, past);
    const stale = await get(hub.url, '/display/customer-display.qr.js', BOTH);
    assert.equal(stale.headers['content-encoding'], 'br');
    assert.deepEqual(decoded(stale), readFileSync(file), 'compressed here from the file, not the stale copy');
    const future = new Date(statSync(file).mtimeMs + 60_000);
    utimesSync(copy, future, future);
    assert.deepEqual(decoded(await get(hub.url, '/display/customer-display.qr.js', BOTH)), marker, 'a fresh copy is sent as it is');
  });

  it('compresses the page and the configuration on the fly, revalidated (no-cache + ETag, 304 per coding)', async () => {
    for (const path of ['/display/', '/display/config.json']) {
      for (const [accept, coding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
        const reply = await get(hub.url, path, { 'Accept-Encoding': accept });
        assert.equal(reply.status, 200, path);
        assert.equal(reply.headers['content-encoding'], coding, `${path} ${accept}`);
        assert.equal(reply.headers.vary, 'Accept-Encoding');
        assert.equal(reply.headers['cache-control'], 'no-cache');
        assert.equal(Number(reply.headers['content-length']), reply.body.length);
        const again = await get(hub.url, path, { 'Accept-Encoding': accept, 'If-None-Match': String(reply.headers.etag) });
        assert.equal(again.status, 304, `${path} ${accept} revalidated`);
      }
      const [br, plain] = [await get(hub.url, path, BOTH), await get(hub.url, path)];
      assert.deepEqual(decoded(br), plain.body);
      assert.notEqual(br.headers.etag, plain.headers.etag);
    }
    assert.match(decoded(await get(hub.url, '/display/config.json', BOTH)).toString(), /Toko Kompres/);
  });

  it('caches the page’s versioned scripts for good, and a name without (or with an old) version only with revalidation', async () => {
    const html = (await get(hub.url, '/display/')).body.toString();
    const versioned = [...html.matchAll(/<script src="([^"]+\?v=[^"]+)"/g)].map((match) => match[1]!);
    assert.equal(versioned.length, 2, html);
    for (const src of versioned) {
      const reply = await get(hub.url, `/display/${src}`, BOTH);
      assert.equal(reply.status, 200, src);
      assert.equal(reply.headers['cache-control'], 'public, max-age=31536000, immutable', src);
      assert.equal(reply.headers['content-encoding'], 'br', src);
    }
    const bare = versioned[0]!.split('?')[0]!;
    assert.equal((await get(hub.url, `/display/${bare}`)).headers['cache-control'], 'no-cache');
    assert.equal((await get(hub.url, `/display/${bare}?v=an-old-build`)).headers['cache-control'], 'no-cache');
  });

  it('never compresses images or video from the media folder, and compresses SVG', async () => {
    for (const name of ['promo.png', 'clip.mp4']) {
      const reply = await get(hub.url, `/media/${name}`, BOTH);
      assert.equal(reply.status, 200, name);
      assert.equal(reply.headers['content-encoding'], undefined, name);
      assert.equal(reply.headers.vary, undefined, name);
      assert.equal(reply.body.length, 4096);
    }
    const svg = await get(hub.url, '/media/logo.svg', BOTH);
    assert.equal(svg.headers['content-encoding'], 'br');
    assert.equal(svg.headers.vary, 'Accept-Encoding');
    assert.match(String(svg.headers['content-security-policy']), /sandbox/);
    assert.match(decoded(svg).toString(), /<svg/);
  });

  it('compresses the admin page’s script', async () => {
    const plain = await get(hub.url, '/admin/admin.js');
    for (const [accept, coding] of [['br, gzip', 'br'], ['gzip', 'gzip']] as const) {
      const reply = await get(hub.url, '/admin/admin.js', { 'Accept-Encoding': accept });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['content-encoding'], coding);
      assert.equal(reply.headers.vary, 'Accept-Encoding');
      assert.equal(reply.headers['x-frame-options'], 'DENY');
      assert.deepEqual(decoded(reply), plain.body);
      assert.ok(reply.body.length < plain.body.length / 2, `${coding}: ${reply.body.length} B of ${plain.body.length} B`);
    }
  });
});

describe('compression under the Vite plugin', () => {
  it('serves the built display script and the page compressed from Vite’s dev and preview servers', async () => {
    const { createServer, preview } = await import('vite');
    const { displayHub } = await import('../../src/hub/adapters/vite-plugin.js');
    const shop = await makeShop({ shopName: 'Toko Vite' });
    const dist = mkdtempSync(join(tmpdir(), 'compression-vite-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    const plugins = [displayHub({ displayApp: { configFile: shop.config } })];
    const dev = await createServer({ configFile: false, logLevel: 'silent', root: shop.dir, server: { host: '127.0.0.1', port: 0, ws: false }, plugins });
    await dev.listen();
    const previewed = await preview({ configFile: false, logLevel: 'silent', root: shop.dir, build: { outDir: dist }, preview: { host: '127.0.0.1', port: 0 }, plugins });
    try {
      for (const url of [dev.resolvedUrls!.local[0]!, previewed.resolvedUrls!.local[0]!]) {
        const script = await get(url, '/display/customer-display.js', BOTH);
        assert.equal(script.headers['content-encoding'], 'br', url);
        assert.equal(script.headers.vary, 'Accept-Encoding', url);
        assert.deepEqual(decoded(script), readFileSync(join(DIST, 'customer-display.js')), url);
        const page = await get(url, '/display/', BOTH);
        assert.equal(page.headers['content-encoding'], 'br', url);
        assert.match(decoded(page).toString(), /display-page\.js\?v=/, url);
      }
    } finally {
      await dev.close();
      await previewed.close();
    }
  });
});
