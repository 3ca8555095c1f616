/** The `display-hub` CLI as a shop runs it: flags, errors, logging, graceful shutdown, persistence. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readStateFile } from '../../src/hub/store/memory/state-journal.js';
import { billWith, SEED_BILL } from '../support/fixtures.js';
import { runCli, startHubProcess } from '../support/hub-process.js';
import { openSse, postJson } from '../support/sse-client.js';

const API = '/api/customer-display';
const tempDir = () => mkdtemp(join(tmpdir(), 'display-hub-'));

describe('display-hub CLI', () => {
  it('prints help and version', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const flag of ['--port', '--host', '--token', '--allow-origin', '--state-file', '--heartbeat', '--max-body', '--log-level', '--version']) {
      assert.match(help.stdout, new RegExp(flag), flag);
    }
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  it('rejects bad flags with a clear message and exit code 2', async () => {
    for (const [args, message] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--port', 'http'], /--port expects a whole number/],
      [['--port', '70000'], /--port expects a whole number from 0 to 65535/],
      [['--max-body', 'lots'], /--max-body expects a size/],
      [['--log-level', 'loud'], /--log-level expects one of silent, error, warn, info, debug/],
      [['--heartbeat=-5'], /--heartbeat expects a whole number/],
      [['--token', ''], /--token must not be empty/],
    ] as const) {
      const result = await runCli([...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
    }
  });

  it('a state file in a folder that does not exist stops the hub at start (exit 1), before it accepts a post', async () => {
    const result = await runCli(['--port', '0', '--state-file', '/nonexistent/dir/state.json']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /state file \/nonexistent\/dir\/state\.json/);
    assert.doesNotMatch(result.stdout, /listening/);
  });

  it('logs a refused browser origin with the flag that allows it', async () => {
    const hub = await startHubProcess(['--log-level', 'warn']);
    try {
      const refused = await fetch(`${hub.url}${API}/update-bill`, { method: 'OPTIONS', headers: { Origin: 'http://pos.example:8000', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(refused.status, 403);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(hub.output(), /origin http:\/\/pos\.example:8000.*--allow-origin http:\/\/pos\.example:8000/);
    } finally {
      hub.child.kill('SIGKILL');
    }
  });

  it('says so when the port is in use, and exits 1', async () => {
    const first = await startHubProcess(['--log-level', 'silent']);
    try {
      const second = await runCli(['--port', String(first.port)]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`port ${first.port} is already in use`));
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('says so when the state file is unusable, and exits 1', async () => {
    const dir = await tempDir();
    const stateFile = join(dir, 'state.json');
    await writeFile(stateFile, '{"version": 1, "last_event_id": "x"');
    const result = await runCli(['--port', '0', '--state-file', stateFile]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /state file .* is not valid JSON/);
  });

  it('logs one line per request at info level, none at warn', async () => {
    const hub = await startHubProcess([]);
    await postJson(`${hub.url}${API}/update-bill`, SEED_BILL);
    await postJson(`${hub.url}${API}/update-bill`, { nope: 1 });
    hub.child.kill('SIGTERM');
    await hub.exited;
    const lines = hub.output().split('\n').filter((line) => line.startsWith('[POST]'));
    assert.deepEqual(
      lines.map((line) => line.replace(/\(.*\)$/, '').trim()),
      ['[POST] /api/customer-display/update-bill - 127.0.0.1 → 200', '[POST] /api/customer-display/update-bill - 127.0.0.1 → 400'],
    );
    const quiet = await startHubProcess(['--log-level', 'warn']);
    await postJson(`${quiet.url}${API}/update-bill`, SEED_BILL);
    quiet.child.kill('SIGTERM');
    await quiet.exited;
    assert.equal(quiet.output(), '');
  });

  it('takes the token from DISPLAY_HUB_TOKEN', async () => {
    const hub = await startHubProcess(['--log-level', 'silent'], { DISPLAY_HUB_TOKEN: 'from-env' });
    try {
      assert.equal((await postJson(`${hub.url}${API}/clear`, {})).status, 401);
      assert.equal((await postJson(`${hub.url}${API}/clear`, {}, { headers: { Authorization: 'Bearer from-env' } })).status, 200);
    } finally {
      hub.child.kill('SIGKILL');
    }
  });

  it('applies --max-body', async () => {
    const hub = await startHubProcess(['--log-level', 'silent', '--max-body', '2k']);
    try {
      assert.equal((await postJson(`${hub.url}${API}/update-bill`, billWith(10))).status, 200);
      assert.equal((await postJson(`${hub.url}${API}/update-bill`, billWith(60))).status, 413);
    } finally {
      hub.child.kill('SIGKILL');
    }
  });

  it('on SIGTERM tells streams to retry soon, saves state, exits 0; restarts into the same bill', async () => {
    const dir = await tempDir();
    const stateFile = join(dir, 'state.json');
    const hub = await startHubProcess(['--state-file', stateFile, '--log-level', 'silent']);
    const reply = await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(3, { bill_number: 'KEEP-ME' }));
    const stream = await openSse(`${hub.url}${API}/stream?lane=till-2`);
    await stream.waitFor((e) => e.event === 'bill-update');
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
    await stream.ended;
    assert.equal(stream.events.at(-1)?.retry, 1000, 'the stream was told to come back in 1 s');
    const saved = readStateFile(stateFile)!;
    assert.equal(saved.lastEventId, reply.body.event_id);
    assert.equal(saved.lanes['till-2']!.bill!.bill_number, 'KEEP-ME');
    assert.deepEqual(await readdir(dir), ['state.json'], 'no temp file left behind');

    const again = await startHubProcess(['--state-file', stateFile, '--log-level', 'silent']);
    try {
      const fresh = await openSse(`${again.url}${API}/stream?lane=till-2`);
      const bill = await fresh.waitFor((e) => e.event === 'bill-update');
      assert.equal((bill.data as { bill_number: string }).bill_number, 'KEEP-ME');
      const resumed = await openSse(`${again.url}${API}/stream?lane=till-2`, { 'Last-Event-ID': String(reply.body.event_id) });
      const greeting = await resumed.waitFor((e) => e.event === 'connected');
      assert.equal((greeting.data as { mode: string }).mode, 'resume', 'an up-to-date display resumes with nothing to replay');
      const next = await postJson(`${again.url}${API}/clear?lane=till-2`, {});
      assert.ok(next.body.event_id > reply.body.event_id, 'ids never go backwards across restarts');
      fresh.close();
      resumed.close();
    } finally {
      again.child.kill('SIGKILL');
    }
  });
});
