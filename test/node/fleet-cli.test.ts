/**
 * The built `display-hub` with the many-screens flags: secrets from files, lane tokens
 * checked at start (exit 2 naming the flag and the lane), JSON logs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { admin, API } from '../support/fleet.js';
import { runCli, startHubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('display-hub many-screens flags', () => {
  it('--help lists them', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const flag of ['--admin-token', '--admin-token-file', '--metrics-token', '--lane-tokens', '--private-streams', '--log-format']) assert.ok(stdout.includes(flag), flag);
  });

  it('refuses unusable lane tokens and admin tokens at start with exit 2, naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--lane-tokens', join(dir, 'missing.json')], /--lane-tokens .*missing\.json/],
      [['--lane-tokens', file('bad-json.json', '{"till-1": ')], /--lane-tokens .*bad-json\.json/],
      [['--lane-tokens', file('short.json', '{"till-1": "short"}')], /lane "till-1": expected a token of at least 8 characters/],
      [['--lane-tokens', file('lane.json', '{"till 1": "long-enough-token"}')], /"till 1" is not a lane id/],
      [['--admin-token', 'short'], /--admin-token must be at least 8 characters/],
      [['--admin-token-file', file('empty.txt', '\n')], /--admin-token-file .*empty/],
      [['--log-format', 'xml'], /--log-format expects text or json/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message);
    }
  });

  it('reads the admin token from a file and lane tokens from JSON; logs JSON lines without secrets', async () => {
    const tokens = file('lanes.json', JSON.stringify({ 'till-1': 'till-1-secret-token', 'till-2': { publish: 'till-2-publish-token', read: 'till-2-read-token' } }));
    const hub = await startHubProcess(['--admin-token-file', file('admin.txt', 'admin-from-file-0001\n'), '--lane-tokens', tokens, '--log-format', 'json']);
    try {
      assert.equal((await admin(hub.url, 'admin-from-file-0001', 'GET', 'displays')).status, 200);
      const headers = { Authorization: 'Bearer till-1-secret-token' };
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(1), { headers })).status, 200);
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(1), { headers })).status, 403);
      await waitUntil('the request lines in the log', () => hub.output().includes('403'));
      const lines = hub.output().trim().split('\n');
      const entries = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
      assert.ok(entries.some((entry) => entry.level === 'info' && /listening on/.test(entry.msg)));
      assert.ok(entries.some((entry) => /update-bill .*→ 403/.test(entry.msg)));
      for (const secret of ['admin-from-file-0001', 'till-1-secret-token', 'till-2-read-token']) assert.ok(!hub.output().includes(secret));
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });
});
