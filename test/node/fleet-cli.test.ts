/**
 * The built `display-hub` with the many-screens flags, end to end in one process: secrets
 * from files reach the server, logs are JSON lines without secrets. Their checks and
 * messages (exit 2) and the help are units in cli-options.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitUntil } from '../support/display-page.js';
import { billWith } from '../support/fixtures.js';
import { admin, API } from '../support/fleet.js';
import { startHubProcess } from '../support/hub-process.js';
import { postJson } from '../support/sse-client.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('display-hub many-screens flags', () => {
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
