/**
 * The curl examples of docs/wire-protocol.md ("Try it with curl"), run as written against a
 * real hub: only the hub's address is replaced. What they print is what the page promises.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { waitUntil } from '../support/display-page.js';

const PAGE = readFileSync(new URL('../../docs/wire-protocol.md', import.meta.url), 'utf8');
const DOCUMENTED_HUB = 'http://localhost:5000';

/** The `sh` blocks after the "Try it with curl" heading: the stream, then the sale. */
function curlBlocks(): { stream: string; sale: string } {
  const section = PAGE.slice(PAGE.indexOf('## Try it with curl'));
  assert.ok(section.length < PAGE.length, 'docs/wire-protocol.md has a "Try it with curl" section');
  const [stream, sale] = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
  assert.ok(stream?.includes(DOCUMENTED_HUB) && sale?.includes(DOCUMENTED_HUB), `both blocks address ${DOCUMENTED_HUB}`);
  return { stream: stream!, sale: sale! };
}

/** Runs a script without blocking this process (the hub under test lives in it). */
function bash(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { timeout: 20_000 });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('docs/wire-protocol.md curl examples', () => {
  let hub: RunningHub;
  const hasCurl = spawnSync('curl', ['--version']).status === 0;

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 60_000 });
  });
  after(() => hub?.close());

  it('run as written: the display stream sees the sale, and every reply is the documented one', { skip: !hasCurl && 'curl is not installed (apt-get install -y curl)' }, async () => {
    const { stream, sale } = curlBlocks();
    const viewer = spawn('bash', ['-c', stream.replaceAll(DOCUMENTED_HUB, hub.url)], { detached: true });
    let received = '';
    viewer.stdout.on('data', (chunk) => (received += chunk));
    try {
      await waitUntil('the curl stream connected', () => received.includes('event: connected'));
      const run = await bash(sale.replaceAll(DOCUMENTED_HUB, hub.url));
      assert.equal(run.status, 0, run.stderr);
      const replies = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        replies.map((reply) => reply.status),
        ['success', 'success', 'success', 'success', 'success', 'success', 'ok', 'ok', 'error'],
      );
      assert.equal(replies[0]!.clients, 1, 'the curl stream was counted as a display');
      assert.deepEqual(replies[6]!.lanes, [{ lane: 'till-1', clients: 1, has_bill: false, modal_visible: false, payment_status: null }]);
      assert.deepEqual({ error: replies[8]!.error, field: replies[8]!.field }, { error: 'invalid_body', field: 'bill_id' });
      await waitUntil('the stream saw the clear', () => received.includes('event: clear'));
      const events = [...received.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
      assert.deepEqual(events, ['connected', 'bill-update', 'modal-show', 'modal-hide', 'payment-update', 'payment-update', 'clear']);
    } finally {
      process.kill(-viewer.pid!, 'SIGTERM');
    }
  });
});
