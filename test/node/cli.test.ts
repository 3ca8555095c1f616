/**
 * The `display-hub` CLI as a shop runs it. Spawned: one smoke test (start, announce, serve,
 * SIGTERM, exit 0) and the exit codes, which only a process shows. Every flag and check is
 * a unit in cli-options.test.ts; the server the CLI starts is tested here in process, built
 * from parsed flags the way cli.ts builds it.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCli, USAGE } from '../../src/hub/cli/cli-options.js';
import { serverOptions } from '../../src/hub/cli/cli-start.js';
import { createLogger, type LogLevel } from '../../src/hub/node/logger.js';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { readStateFile } from '../../src/hub/store/memory/state-journal.js';
import { billWith, SEED_BILL } from '../support/fixtures.js';
import { runCli, startHubProcess } from '../support/hub-process.js';
import { openSse, postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const tempDir = () => mkdtemp(join(tmpdir(), 'display-hub-'));

describe('display-hub CLI, spawned', () => {
  it('smoke: starts, announces its URLs, serves a publish and a stream; on SIGTERM tells streams to retry soon, saves state, exits 0', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const dir = await tempDir();
    const stateFile = join(dir, 'state.json');
    const hub = await startHubProcess(['--state-file', stateFile]);
    const reply = await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(3, { bill_number: 'KEEP-ME' }));
    assert.equal(reply.status, 200);
    const stream = await openSse(`${hub.url}${API}/stream?lane=till-2`);
    await stream.waitFor((e) => e.event === 'bill-update');

    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
    await stream.ended;
    assert.equal(stream.events.at(-1)?.retry, 1000, 'the stream was told to come back in 1 s');
    const lines = hub.output().split('\n');
    // Line starts: the state's event id is time-based, a request line ends with its duration.
    for (const line of [
      `display-hub ${version} listening on ${hub.url}`,
      `  stream: ${hub.url}${API}/stream`,
      `  screen: ${hub.url}/display/?lane=<till id>`,
      `  state:  ${stateFile} (last event id `,
      `[POST] ${API}/update-bill - 127.0.0.1 → 200 (`,
      `SIGTERM: closing streams (displays retry in 1 s); saving state to ${stateFile}`,
    ]) {
      assert.ok(lines.some((logged) => logged.startsWith(line)), `missing "${line}" in:\n${hub.output()}`);
    }
    const saved = readStateFile(stateFile)!;
    assert.equal(saved.lastEventId, reply.body.event_id);
    assert.equal(saved.lanes['till-2']!.bill!.bill_number, 'KEEP-ME');
    assert.deepEqual(await readdir(dir), ['state.json'], 'no temp file left behind');
  });

  it('start-up tells the truth: missing media named with its config key, pairing pointed to under --private-streams, no "saving state" without a state file', async () => {
    const dir = await tempDir();
    const media = join(dir, 'media');
    await mkdir(media);
    await writeFile(join(media, 'promo-1.jpg'), 'jpg');
    const config = join(dir, 'display-hub.json');
    const slides = [{ src: 'promo-1.jpg' }, { src: 'promo-2.jpg' }, { src: 'https://cdn.example/remote.jpg' }];
    await writeFile(config, JSON.stringify({ logo: 'logo.svg', slides, lanes: { 'till-2': { logo: 'till-2.png' } } }));
    const admin = 'admin-token-0123456789';
    const hub = await startHubProcess(['--config', config, '--media', media, '--private-streams', '--admin-token', admin]);
    // The admin sees the same in /health's details; a stranger under --private-streams does not.
    const health = (await (await fetch(`${hub.url}${API}/health`, { headers: { Authorization: `Bearer ${admin}` } })).json()) as { missing_media: unknown };
    const stranger = (await (await fetch(`${hub.url}${API}/health`)).json()) as Record<string, unknown>;
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
    const lines = hub.output().split('\n');
    for (const line of [
      `  screen: ${hub.url}/display/ shows a pairing code: enter it on ${hub.url}/admin/ to give the screen its lane`,
      `  missing media: config "logo" names logo.svg, not found in ${media} (screens show without it)`,
      `  missing media: config "slides.1.src" names promo-2.jpg, not found in ${media} (screens show without it)`,
      `  missing media: config "lanes.till-2.logo" names till-2.png, not found in ${media} (screens show without it)`,
      'SIGTERM: closing streams (displays retry in 1 s); the state was in memory only (--state-file keeps it)',
    ]) {
      assert.ok(lines.some((logged) => logged.endsWith(line)), `missing "${line}" in:\n${hub.output()}`);
    }
    assert.doesNotMatch(hub.output(), /\?lane=<till id>|promo-1\.jpg|remote\.jpg|saving state/);
    assert.deepEqual(health.missing_media, [
      { key: 'logo', file: 'logo.svg' },
      { key: 'slides.1.src', file: 'promo-2.jpg' },
      { key: 'lanes.till-2.logo', file: 'till-2.png' },
    ]);
    assert.equal(stranger.missing_media, undefined, 'no file names for a stranger under --private-streams');
  });

  it('exit codes: 0 with the help, 2 for a bad flag (one line, no stack), 1 for a state file in a folder that is not there', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, USAGE);

    const usage = await runCli(['--port', 'http']);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, 'display-hub: --port expects a whole number from 0 to 65535, got "http"\nRun "display-hub --help" for the options.\n');
    assert.equal(usage.stdout, '');

    // The operator's configuration only: whatever the file holds, the hub starts (abuse-journal.test.ts).
    const stateFile = join(await tempDir(), 'missing-folder', 'state.json');
    const unusable = await runCli(['--port', '0', '--state-file', stateFile]);
    assert.equal(unusable.code, 1);
    assert.match(unusable.stderr, /^display-hub: cannot use state file .*missing-folder\/state\.json: ENOENT/);
    assert.doesNotMatch(unusable.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.doesNotMatch(unusable.stdout, /listening/);
  });
});

/** The server `display-hub <argv>` starts (cli.ts: parseCli → serverOptions → startHubServer), its log lines collected. */
async function startAsCli(argv: string[]): Promise<{ hub: RunningHub; log: string[] }> {
  const config = parseCli(['--port', '0', ...argv], {});
  const log: string[] = [];
  const hub = await startHubServer(serverOptions(config, createLogger(config.logLevel, (line) => log.push(line), config.logFormat)));
  return { hub, log };
}

describe('display-hub CLI, the server it starts (in process)', () => {
  it('logs one line per request at info level, none at warn', async () => {
    const lines: Record<string, string[]> = {};
    for (const level of ['info', 'warn'] satisfies LogLevel[]) {
      const { hub, log } = await startAsCli(['--log-level', level]);
      await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
      await postJson(`${hub.url}${API}/update-bill`, { nope: 1 });
      await hub.close();
      lines[level] = log.map((line) => line.replace(/\(.*\)$/, '').trim());
    }
    assert.deepEqual(lines, {
      info: ['[POST] /api/customer-display/update-bill - 127.0.0.1 → 200', '[POST] /api/customer-display/update-bill - 127.0.0.1 → 400'],
      warn: [],
    });
  });

  it('logs a refused browser origin with the flag that allows it; JSON lines with --log-format json', async () => {
    const { hub, log } = await startAsCli(['--log-level', 'warn', '--log-format', 'json']);
    try {
      const refused = await fetch(`${hub.url}${API}/update-bill`, { method: 'OPTIONS', headers: { Origin: 'http://pos.example:8000', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(refused.status, 403);
      const entries = log.map((line) => JSON.parse(line) as { level: string; msg: string });
      assert.deepEqual(
        entries.map(({ level, msg }) => ({ level, msg })),
        [{ level: 'warn', msg: 'refused a publish from origin http://pos.example:8000: allow it with --allow-origin http://pos.example:8000' }],
      );
    } finally {
      await hub.close();
    }
  });

  it('after the close SIGTERM does, a restart from the state file serves the same bill; ids never go backwards', async () => {
    const stateFile = join(await tempDir(), 'state.json');
    const first = await startAsCli(['--state-file', stateFile, '--log-level', 'silent']);
    const reply = await postJson(`${first.hub.url}${API}/update-bill?lane=till-2`, billWith(3, { bill_number: 'KEEP-ME' }));
    await first.hub.close({ retryMs: 1000 });

    const again = await startAsCli(['--state-file', stateFile, '--log-level', 'silent']);
    try {
      const fresh = await openSse(`${again.hub.url}${API}/stream?lane=till-2`);
      const bill = await fresh.waitFor((e) => e.event === 'bill-update');
      assert.equal((bill.data as { bill_number: string }).bill_number, 'KEEP-ME');
      const resumed = await openSse(`${again.hub.url}${API}/stream?lane=till-2`, { 'Last-Event-ID': String(reply.body.event_id) });
      const greeting = await resumed.waitFor((e) => e.event === 'connected');
      assert.equal((greeting.data as { mode: string }).mode, 'resume', 'an up-to-date display resumes with nothing to replay');
      const next = await postJson(`${again.hub.url}${API}/clear?lane=till-2`, {});
      assert.ok(next.body.event_id > reply.body.event_id, 'ids never go backwards across restarts');
      fresh.close();
      resumed.close();
    } finally {
      await again.hub.close();
    }
  });
});
