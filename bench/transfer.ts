/**
 * Compressed vs uncompressed transfer: the bytes the hub sends for the display app's first
 * load (`/display/?lane=…` in a fresh Chromium profile: the page and every file it asks
 * for before and while it shows the idle screen) and for the admin page's script, once
 * with `Accept-Encoding: br, gzip` (what browsers send) and once without (what the hub
 * sent to everyone before it compressed). Bytes are the response bodies as sent on the
 * socket (coded when coded). The hub runs in this process on 127.0.0.1; one page load,
 * then plain requests: every step ends by itself (timeouts on the page and each request).
 */
import { request } from 'node:http';
import { launchChromium } from '../test/support/chromium.js';
import { startHubServer } from '../src/hub/node/server.js';
import { kb, type BenchOptions, type BenchResult, type Row } from './util.js';

const ADMIN = 'admin-token-bench-transfer';
const LOAD_TIMEOUT_MS = 15_000;
/** The figures before: 144 KiB for the display script, 30 KiB for the admin page's, both served as they are. */
const BEFORE = { displayScript: 144 * 1024, adminScript: 30 * 1024 };

interface Sent {
  path: string;
  encoding: string;
  bytes: number;
}

/** One GET's body size as sent, and its coding. */
function bodyBytes(base: string, path: string, acceptEncoding?: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}, timeout: 10_000 }, (res) => {
      // A figure of an error page would be a wrong figure (a build under way answers 503).
      if (res.statusCode !== 200) return req.destroy(new Error(`${path}: HTTP ${res.statusCode}`));
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ path, encoding: String(res.headers['content-encoding'] ?? 'identity'), bytes }));
    });
    req.once('timeout', () => req.destroy(new Error(`${path}: no answer in 10 s`)));
    req.once('error', reject);
    req.end();
  });
}

/** The hub's paths a fresh display asks for on its first load (the service worker's own fetches aside). */
async function firstLoadPaths(base: string): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const paths = new Set<string>();
    page.on('request', (req) => {
      const url = new URL(req.url());
      // The stream stays open: it is the bill, not the load.
      if (url.origin === base && !url.pathname.startsWith('/api/')) paths.add(url.pathname + url.search);
    });
    await page.goto(`${base}/display/?lane=bench-transfer`, { waitUntil: 'networkidle2', timeout: LOAD_TIMEOUT_MS }).catch(() => undefined);
    return [...paths];
  } finally {
    await browser.close();
  }
}

async function total(base: string, paths: string[], acceptEncoding?: string): Promise<{ bytes: number; files: Sent[] }> {
  const files: Sent[] = [];
  for (const path of paths) files.push(await bodyBytes(base, path, acceptEncoding));
  return { bytes: files.reduce((sum, file) => sum + file.bytes, 0), files };
}

const ratio = (compressed: number, plain: number) => `${((compressed / plain) * 100).toFixed(0)} % of uncompressed`;

export async function benchTransfer(options: BenchOptions): Promise<BenchResult> {
  const hub = await startHubServer({ port: 0, host: '127.0.0.1', heartbeatMs: 0, adminToken: ADMIN, displayApp: {} });
  try {
    const base = hub.url;
    const paths = await firstLoadPaths(base);
    options.log(`transfer: first load asks for ${paths.join(', ')}`);
    // Chromium asks for brotli only over HTTPS: a hub on the shop's LAN over HTTP serves it gzip.
    const page = { compressed: await total(base, paths, 'br, gzip'), gzip: await total(base, paths, 'gzip, deflate'), plain: await total(base, paths) };
    const script = paths.find((path) => /^\/display\/customer-display\.js/.test(path)) ?? '/display/customer-display.js';
    const display = { compressed: await bodyBytes(base, script, 'br, gzip'), plain: await bodyBytes(base, script) };
    const admin = { compressed: await bodyBytes(base, '/admin/admin.js', 'br, gzip'), plain: await bodyBytes(base, '/admin/admin.js') };
    const rows: Row[] = [
      {
        bench: 'transfer',
        case: `/display/ first load (${paths.length} requests)`,
        figure: 'compressed vs uncompressed transfer',
        value: `${kb(page.compressed.bytes)} br (${kb(page.gzip.bytes)} gzip, over HTTP) vs ${kb(page.plain.bytes)} (${ratio(page.compressed.bytes, page.plain.bytes)})`,
        target: 'compressed',
        verdict: page.compressed.bytes < page.plain.bytes / 2 ? 'ok' : 'miss',
      },
      {
        bench: 'transfer',
        case: `display script (${script.split('?')[0]!.slice('/display/'.length)})`,
        figure: 'compressed vs uncompressed transfer',
        value: `${kb(display.compressed.bytes)} ${display.compressed.encoding} vs ${kb(display.plain.bytes)} (before: ${kb(BEFORE.displayScript)} uncompressed)`,
        target: 'compressed',
        verdict: display.compressed.encoding === 'identity' ? 'miss' : 'ok',
      },
      {
        bench: 'transfer',
        case: 'admin page script (/admin/admin.js)',
        figure: 'compressed vs uncompressed transfer',
        value: `${kb(admin.compressed.bytes)} ${admin.compressed.encoding} vs ${kb(admin.plain.bytes)} (before: ${kb(BEFORE.adminScript)} uncompressed)`,
        target: 'compressed',
        verdict: admin.compressed.encoding === 'identity' ? 'miss' : 'ok',
      },
    ];
    return { rows, data: { paths, page, display, admin, before: BEFORE } };
  } finally {
    await hub.close();
  }
}
