/**
 * The admin media and config write API over real HTTP (a hub on 127.0.0.1): uploads,
 * replace, rename, delete, order, every refusal (credential, name, type, size, traversal),
 * an interrupted upload, concurrent uploads of one name, the config's ETag and atomic
 * write, and the `config-changed` push on open display streams. The display page picking
 * the change up in a browser: admin-media-display.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { makeShop, slideSvg, type ShopFolder } from '../support/display-app.js';
import { openSse, type SseStream } from '../support/sse-client.js';

const ADMIN = 'admin-token-for-media-0001';
const TILL = 'till-token-for-media-0001';
const API = '/api/customer-display';
const auth = { Authorization: `Bearer ${ADMIN}` };
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown> & { error?: string; message?: string };
}

/** One request with the path exactly as written (fetch would normalise `..`); body sent whole, or as `chunks` (chunked). */
function send(base: string, method: string, path: string, { headers = {}, body, chunks }: { headers?: Record<string, string | number>; body?: Buffer | string; chunks?: Buffer[] } = {}): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : {} });
      });
    });
    req.once('error', reject);
    if (chunks) {
      for (const chunk of chunks) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

const put = (hub: RunningHub, name: string, body: Buffer | string, type: string, headers: Record<string, string> = auth) =>
  send(hub.url, 'PUT', `${API}/admin/media/${name}`, { headers: { ...headers, 'Content-Type': type }, body });
const list = async (hub: RunningHub) => (await send(hub.url, 'GET', `${API}/admin/media`, { headers: auth })).json as {
  media: { name: string; type: string; bytes: number; modified: number; order: number | null }[];
  used_bytes: number;
  budget_bytes: number;
  file_max_bytes: number;
};
const getConfig = (hub: RunningHub) => send(hub.url, 'GET', `${API}/admin/config`, { headers: auth });
const putConfig = (hub: RunningHub, config: unknown, etag: string) =>
  send(hub.url, 'PUT', `${API}/admin/config`, { headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': etag }, body: JSON.stringify(config) });

/** What the folder holds, hidden files included (a temp file left behind would show here). */
const folder = (shop: ShopFolder) => readdirSync(shop.media).sort();

describe('admin media API', () => {
  let shop: ShopFolder;
  let hub: RunningHub;
  const logLines: string[] = [];

  before(async () => {
    shop = await makeShop({ shopName: 'Toko Media', logo: 'logo.svg' }, { 'logo.svg': slideSvg('L', '#000'), 'a.png': PNG });
    // A crash's leftover: removed at start, never listed.
    writeFileSync(join(shop.media, '.upload-deadbeef'), 'half a file');
    const logger = { error() {}, warn() {}, debug() {}, info: (line: string) => logLines.push(line) };
    hub = await startHubServer({
      port: 0,
      adminToken: ADMIN,
      laneTokens: { 'till-1': TILL },
      displayApp: { configFile: shop.config, mediaDir: shop.media },
      mediaBudgetBytes: 64 * 1024,
      mediaFileMaxBytes: 16 * 1024,
      logger,
    });
  });
  after(() => hub.close());
  beforeEach(() => (logLines.length = 0));

  it('lists the folder with sizes and the budget; a crash leftover was swept at start', async () => {
    assert.ok(!existsSync(join(shop.media, '.upload-deadbeef')));
    const listed = await list(hub);
    assert.deepEqual(listed.media.map((m) => [m.name, m.type, m.order]), [['a.png', 'image/png', null], ['logo.svg', 'image/svg+xml', null]]);
    assert.equal(listed.budget_bytes, 64 * 1024);
    assert.equal(listed.file_max_bytes, 16 * 1024);
    assert.equal(listed.used_bytes, PNG.length + slideSvg('L', '#000').length);
  });

  it('uploads, replaces (one file, the new bytes), logs name and size only', async () => {
    const first = await put(hub, 'promo-1.jpg', 'first version', 'image/jpeg');
    assert.equal(first.status, 201);
    assert.deepEqual(first.json, { status: 'ok', name: 'promo-1.jpg', type: 'image/jpeg', bytes: 13 });
    const second = await put(hub, 'promo-1.jpg', 'second', 'image/jpeg');
    assert.equal(second.status, 201);
    assert.equal(readFileSync(join(shop.media, 'promo-1.jpg'), 'utf8'), 'second');
    assert.deepEqual(folder(shop), ['a.png', 'logo.svg', 'promo-1.jpg']);
    assert.ok(logLines.some((line) => /media: uploaded promo-1\.jpg \(13 bytes\)/.test(line)), logLines.join('\n'));
    assert.ok(!logLines.some((line) => line.includes('first version')), 'contents are never logged');
    // Served at /media/ at once.
    const served = await fetch(`${hub.url}/media/promo-1.jpg`);
    assert.equal(await served.text(), 'second');
  });

  it('refuses without the admin token (401) and with a till token (403), before reading the body', async () => {
    const none = await put(hub, 'x.jpg', 'x', 'image/jpeg', {});
    assert.equal(none.status, 401);
    assert.equal(none.json.error, 'unauthorized');
    const till = await put(hub, 'x.jpg', 'x', 'image/jpeg', { Authorization: `Bearer ${TILL}` });
    assert.equal(till.status, 403);
    for (const [method, path] of [['GET', 'admin/media'], ['DELETE', 'admin/media/a.png'], ['GET', 'admin/config'], ['PATCH', 'admin/media/a.png']]) {
      assert.equal((await send(hub.url, method!, `${API}/${path}`)).status, 401, `${method} ${path}`);
    }
    assert.ok(!existsSync(join(shop.media, 'x.jpg')));
    assert.ok(existsSync(join(shop.media, 'a.png')));
  });

  it('bad names are 400, an unlisted type 415, a name not matching its type 400: nothing written', async () => {
    const before = folder(shop);
    for (const name of ['.hidden.png', 'a%20b.png', 'no-extension', 'notes.txt', 'x.jpg', `${'x'.repeat(101)}.png`, 'caf%C3%A9.png', '%00.png']) {
      const reply = await put(hub, name, 'x', 'image/png');
      assert.equal(reply.status, 400, name);
      assert.equal(reply.json.error, 'invalid_name', name);
      assert.equal(reply.json.field, 'name');
    }
    const wrongType = await put(hub, 'page.html', '<script>', 'text/html');
    assert.equal(wrongType.status, 415);
    assert.match(String(wrongType.json.message), /image\/jpeg.*video\/webm/);
    assert.equal((await put(hub, 'b.png', 'x', 'image/jpeg')).status, 400);
    assert.equal((await put(hub, 'b.png', 'x', 'application/octet-stream')).status, 415);
    const empty = await put(hub, 'b.png', '', 'image/png');
    assert.deepEqual([empty.status, empty.json.error], [400, 'empty_file']);
    const emptyChunked = await send(hub.url, 'PUT', `${API}/admin/media/b.png`, { headers: { ...auth, 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' }, chunks: [] });
    assert.deepEqual([emptyChunked.status, emptyChunked.json.error], [400, 'empty_file']);
    assert.deepEqual(folder(shop), before);
  });

  it('refuses traversal in every spelling (400) and touches nothing outside or inside', async () => {
    const before = folder(shop);
    for (const name of ['..%2fescape.png', '%2e%2e%2fescape.png', '..%5cescape.png', '%2fetc%2fescape.png', 'sub%2fescape.png', '..%2f..%2f..%2ftmp%2fescape.png']) {
      const reply = await put(hub, name, 'x', 'image/png');
      assert.equal(reply.status, 400, name);
    }
    // A literal `../` is resolved by URL parsing before routing: it never reaches the media route.
    for (const name of ['../escape.png', '..', '%2e%2e', '%2e%2e/escape.png']) assert.notEqual((await put(hub, name, 'x', 'image/png')).status, 201, name);
    assert.equal((await send(hub.url, 'DELETE', `${API}/admin/media/..%2fdisplay-hub.json`, { headers: auth })).status, 400);
    assert.ok(!existsSync(join(shop.dir, 'escape.png')));
    assert.ok(existsSync(shop.config));
    assert.deepEqual(folder(shop), before);
  });

  it('over the per-file max or the folder budget is 413 naming the limit, from Content-Length or while streaming', async () => {
    const big = Buffer.alloc(16 * 1024 + 1, 1);
    const declared = await put(hub, 'big.png', big, 'image/png');
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error, 'file_too_large');
    assert.match(String(declared.json.message), /--media-file-max-mb/);
    // Chunked (no Content-Length): counted while it streams, cut at the limit.
    const chunked = await send(hub.url, 'PUT', `${API}/admin/media/big.png`, {
      headers: { ...auth, 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' },
      chunks: [big.subarray(0, 8000), big.subarray(8000)],
    }).catch((error: Error) => ({ status: 0, error }));
    if (chunked.status !== 0) assert.equal(chunked.status, 413);
    assert.ok(!folder(shop).some((name) => name.startsWith('big') || name.startsWith('.upload-')), folder(shop).join());
    // Fill the budget (64 KiB) with files under the per-file max, then one more is refused.
    const used = (await list(hub)).used_bytes;
    const fill = Buffer.alloc(15 * 1024, 2);
    let n = 0;
    while ((await list(hub)).used_bytes + fill.length <= 64 * 1024) assert.equal((await put(hub, `fill-${n++}.png`, fill, 'image/png')).status, 201);
    assert.ok(n >= 3 && used < 64 * 1024);
    const over = await put(hub, 'one-more.png', fill, 'image/png');
    assert.equal(over.status, 413);
    assert.equal(over.json.error, 'media_budget_exceeded');
    assert.match(String(over.json.message), /--media-budget-mb/);
    // Replacing a file counts only the difference.
    assert.equal((await put(hub, 'fill-0.png', fill, 'image/png')).status, 201);
    for (let i = 0; i < n; i++) assert.equal((await send(hub.url, 'DELETE', `${API}/admin/media/fill-${i}.png`, { headers: auth })).status, 204);
  });

  it('an upload cut off mid-body leaves no file: not in the listing, not in the folder', async () => {
    const url = new URL(hub.url);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: `${API}/admin/media/cut.png`, method: 'PUT', headers: { ...auth, 'Content-Type': 'image/png', 'Content-Length': 10_000 } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(4000, 3));
      // Some bytes in, then the connection dies.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    // The hub notices the close; give it its turn.
    for (let i = 0; i < 50 && folder(shop).some((name) => name.startsWith('.upload-')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(!folder(shop).includes('cut.png'));
    assert.ok(!folder(shop).some((name) => name.startsWith('.upload-')), folder(shop).join());
    assert.ok(!(await list(hub)).media.some((m) => m.name === 'cut.png'));
  });

  it('concurrent uploads of one name end with one whole file (one of them, never a mix)', async () => {
    const bodies = ['a', 'b', 'c', 'd'].map((letter) => Buffer.alloc(12 * 1024, letter));
    const replies = await Promise.all(bodies.map((body) => put(hub, 'race.png', body, 'image/png')));
    assert.deepEqual(replies.map((r) => r.status), [201, 201, 201, 201]);
    const kept = readFileSync(join(shop.media, 'race.png'));
    assert.ok(bodies.some((body) => body.equals(kept)), 'the file is one upload whole');
    assert.ok(!folder(shop).some((name) => name.startsWith('.upload-')));
    assert.equal((await send(hub.url, 'DELETE', `${API}/admin/media/race.png`, { headers: auth })).status, 204);
  });

  it('rename and delete follow into the configuration (slides and logo, top level and lanes)', async () => {
    await put(hub, 'old.png', 'o', 'image/png');
    await put(hub, 'gone.png', 'g', 'image/png');
    const { json } = await getConfig(hub);
    const saved = await putConfig(
      hub,
      { shopName: 'Toko Media', logo: 'old.png', slides: [{ src: 'old.png' }, { src: 'gone.png' }, { src: 'a.png' }], lanes: { 'till-1': { slides: [{ src: 'gone.png' }, { src: 'old.png' }] } } },
      String(json.etag),
    );
    assert.equal(saved.status, 200);
    const renamed = await send(hub.url, 'PATCH', `${API}/admin/media/old.png`, { headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'new.png' }) });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.json, { status: 'ok', name: 'new.png', type: 'image/png', bytes: 1 });
    assert.ok(existsSync(join(shop.media, 'new.png')) && !existsSync(join(shop.media, 'old.png')));
    assert.equal((await send(hub.url, 'DELETE', `${API}/admin/media/gone.png`, { headers: auth })).status, 204);
    const config = JSON.parse(readFileSync(shop.config, 'utf8'));
    assert.equal(config.logo, 'new.png');
    assert.deepEqual(config.slides, [{ src: 'new.png' }, { src: 'a.png' }]);
    assert.deepEqual(config.lanes['till-1'].slides, [{ src: 'new.png' }]);
    assert.deepEqual((await list(hub)).media.filter((m) => m.order !== null).map((m) => [m.name, m.order]), [['a.png', 1], ['new.png', 0]]);
    // Refusals: a taken name, another type, a missing file.
    await put(hub, 'taken.png', 't', 'image/png');
    const patch = (from: string, to: string) => send(hub.url, 'PATCH', `${API}/admin/media/${from}`, { headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: to }) });
    assert.equal((await patch('new.png', 'taken.png')).status, 409);
    assert.equal((await patch('new.png', 'new.jpg')).status, 400);
    assert.equal((await patch('new.png', '../x.png')).status, 400);
    assert.equal((await patch('missing.png', 'other.png')).status, 404);
    assert.equal((await send(hub.url, 'DELETE', `${API}/admin/media/missing.png`, { headers: auth })).status, 404);
    assert.ok(logLines.some((line) => line === 'media: renamed old.png to new.png (1 bytes)'), logLines.join('\n'));
    assert.ok(logLines.some((line) => line === 'media: deleted gone.png (1 bytes)'));
  });
});

describe('uploads and the request deadline', () => {
  let shop: ShopFolder;
  let hub: RunningHub;

  before(async () => {
    shop = await makeShop({});
    hub = await startHubServer({ port: 0, adminToken: ADMIN, displayApp: { mediaDir: shop.media }, requestTimeoutMs: 1000, mediaUploadIdleMs: 2500 });
  });
  after(() => hub.close());

  /** A PUT whose body comes in two halves, `pauseMs` apart; the reply, or the error that ended it. */
  const slowPut = (headers: Record<string, string>, pauseMs: number, second = true) =>
    new Promise<{ status: number } | { error: string }>((resolve) => {
      const url = new URL(hub.url);
      const req = request({ host: url.hostname, port: url.port, path: `${API}/admin/media/slow.png`, method: 'PUT', headers: { ...headers, 'Content-Type': 'image/png', 'Content-Length': 8 } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode! }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      req.write('1234');
      if (second) setTimeout(() => req.end('5678'), pauseMs);
    });

  it("an admin's upload may take longer than --request-timeout (a phone's slow link), while it keeps sending", async () => {
    // 1.8 s between the halves: past the 1 s request deadline (checked every 250 ms), within the 2.5 s silence allowed.
    assert.deepEqual(await slowPut(auth, 1800), { status: 201 });
    assert.equal(readFileSync(join(shop.media, 'slow.png'), 'utf8'), '12345678');
  });

  it('an upload that goes silent is cut and leaves nothing; without the token the request deadline stands', async () => {
    const silent = await slowPut(auth, 0, false);
    assert.ok('error' in silent || silent.status >= 400, JSON.stringify(silent));
    // The hub removes the temporary file once the socket is gone: give it its turn.
    const leftovers = () => readdirSync(shop.media).filter((name) => name.startsWith('.upload-'));
    for (let i = 0; i < 50 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(leftovers(), []);
    const stranger = await slowPut({}, 1800);
    // 401 at once (the body is never read), the connection closed.
    assert.ok('status' in stranger ? stranger.status === 401 : true, JSON.stringify(stranger));
  });
});

describe('admin config API', () => {
  let shop: ShopFolder;
  let hub: RunningHub;

  before(async () => {
    shop = await makeShop({ shopName: 'Toko Config' });
    hub = await startHubServer({ port: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media } });
  });
  after(() => hub.close());

  it('reads the file with its ETag; saves with If-Match, atomically (no temp file left), served at once', async () => {
    const read = await getConfig(hub);
    assert.equal(read.status, 200);
    assert.deepEqual(read.json.config, { shopName: 'Toko Config' });
    assert.equal(read.json.file, shop.config);
    assert.equal(read.json.hub_time_zone, Intl.DateTimeFormat().resolvedOptions().timeZone, 'the zone screens keep when the file names none');
    assert.equal(read.headers.etag, read.json.etag);
    const saved = await putConfig(hub, { shopName: 'Toko Baru', theme: 'dark' }, String(read.json.etag));
    assert.equal(saved.status, 200);
    assert.notEqual(saved.json.etag, read.json.etag);
    assert.deepEqual(JSON.parse(readFileSync(shop.config, 'utf8')), { shopName: 'Toko Baru', theme: 'dark' });
    assert.deepEqual(readdirSync(shop.dir).filter((name) => name.startsWith('.')), [], 'no temp file remains');
    const served = (await (await fetch(`${hub.url}/display/config.json`)).json()) as { shopName: string };
    assert.equal(served.shopName, 'Toko Baru');
    assert.equal((await getConfig(hub)).json.etag, saved.json.etag);
  });

  it('412 on a stale ETag (the file was edited meanwhile), 428 without If-Match; the file unchanged', async () => {
    const { json } = await getConfig(hub);
    writeFileSync(shop.config, JSON.stringify({ shopName: 'Edited by hand' }));
    const stale = await putConfig(hub, { shopName: 'Mine' }, String(json.etag));
    assert.equal(stale.status, 412);
    assert.equal(stale.json.error, 'config_changed');
    const noMatch = await send(hub.url, 'PUT', `${API}/admin/config`, { headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
    assert.equal(noMatch.status, 428);
    assert.deepEqual(JSON.parse(readFileSync(shop.config, 'utf8')), { shopName: 'Edited by hand' });
  });

  it('400 naming every bad field; an invalid file on disk can still be replaced by a valid one', async () => {
    const { json } = await getConfig(hub);
    const bad = await putConfig(hub, { theme: 'pink', slideInterval: 5, lanes: { 'till-1': { footr: 'x' } } }, String(json.etag));
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'invalid_config');
    assert.equal(bad.json.field, 'theme');
    const problems = (bad.json.problems as string[]).join('\n');
    for (const field of ['theme', 'slideInterval', 'lanes.till-1.footr']) assert.ok(problems.includes(field), `${field} in ${problems}`);
    writeFileSync(shop.config, '{"theme": "pink"}');
    const broken = await getConfig(hub);
    assert.equal(broken.json.config, null);
    assert.equal((broken.json.problem as { field: string }).field, 'theme');
    const fixed = await putConfig(hub, { theme: 'light' }, String(broken.json.etag));
    assert.equal(fixed.status, 200);
    assert.deepEqual(JSON.parse(readFileSync(shop.config, 'utf8')), { theme: 'light' });
  });

  it('a hub without --config is 409 no_config_file; without --media 409 no_media_folder; a --config not created yet starts empty', async () => {
    const bare = await startHubServer({ port: 0, adminToken: ADMIN });
    try {
      const config = await getConfig(bare);
      assert.equal(config.status, 409);
      assert.equal(config.json.error, 'no_config_file');
      assert.match(String(config.json.message), /--config FILE/);
      const media = await send(bare.url, 'GET', `${API}/admin/media`, { headers: auth });
      assert.equal(media.status, 409);
      assert.equal(media.json.error, 'no_media_folder');
      assert.match(String(media.json.message), /--media DIR/);
      assert.equal((await put(bare, 'a.png', 'x', 'image/png')).status, 409);
    } finally {
      await bare.close();
    }
    const file = join(shop.dir, 'later.json');
    const fresh = await startHubServer({ port: 0, adminToken: ADMIN, displayApp: { configFile: file } });
    try {
      const read = await getConfig(fresh);
      assert.deepEqual([read.status, read.json.config], [200, {}]);
      assert.equal((await putConfig(fresh, { shopName: 'Created' }, String(read.json.etag))).status, 200);
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { shopName: 'Created' });
    } finally {
      await fresh.close();
    }
  });
});

describe('config-changed push', () => {
  let shop: ShopFolder;
  let hub: RunningHub;
  let stream: SseStream;

  before(async () => {
    shop = await makeShop({ shopName: 'Toko Push' });
    hub = await startHubServer({ port: 0, adminToken: ADMIN, displayApp: { configFile: shop.config, mediaDir: shop.media } });
    stream = await openSse(`${hub.url}${API}/stream?lane=till-1`);
    await stream.waitFor((event) => event.event === 'connected');
  });
  after(async () => {
    stream.close();
    await hub.close();
  });

  const nextChange = (from = stream.events.length) => stream.waitFor((event) => event.event === 'config-changed', 3000, from);

  it('every open stream hears an upload, a delete and a config save: no id, so never replayed', async () => {
    const other = await openSse(`${hub.url}${API}/stream?lane=till-2`);
    await other.waitFor((event) => event.event === 'connected');
    let from = stream.events.length;
    await put(hub, 'p.png', 'p', 'image/png');
    const changed = await nextChange(from);
    assert.equal(changed.id, undefined);
    assert.match(String((changed.data as { version: string }).version), /\S/);
    await other.waitFor((event) => event.event === 'config-changed');
    other.close();
    from = stream.events.length;
    await send(hub.url, 'DELETE', `${API}/admin/media/p.png`, { headers: auth });
    await nextChange(from);
    from = stream.events.length;
    const { json } = await getConfig(hub);
    await putConfig(hub, { shopName: 'Saved' }, String(json.etag));
    const saved = await nextChange(from);
    assert.notEqual((saved.data as { version: string }).version, (changed.data as { version: string }).version);
    // A reconnect resuming from the last id gets no config-changed replayed.
    const lastId = stream.events.filter((event) => event.id !== undefined).at(-1)?.id;
    const resumed = await openSse(`${hub.url}${API}/stream?lane=till-1&lastEventId=${lastId}`);
    await resumed.waitFor((event) => event.event === 'connected');
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(!resumed.events.some((event) => event.event === 'config-changed'));
    resumed.close();
  });

  it('an edit of the file by hand, and a file dropped in the folder, are pushed too (the stamp check)', async () => {
    let from = stream.events.length;
    writeFileSync(shop.config, JSON.stringify({ shopName: 'By hand', theme: 'light' }));
    await nextChange(from);
    from = stream.events.length;
    writeFileSync(join(shop.media, 'dropped.png'), 'png');
    await nextChange(from);
  });
});
