/**
 * The README's JavaScript cashier example, run as written in Node against a real hub (only
 * the hub's address is replaced): a display's stream sees the bill, the payment and the
 * clear, in that order. It imports the package by its name, as a till would (a package
 * resolves its own name from inside it: the built dist/esm, so `npm run build` first).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { openSse } from '../support/sse-client.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const DOCUMENTED_HUB = 'http://localhost:5000';
const SCRATCH = new URL('../../test-results/', import.meta.url);

function publisherExample(): string {
  const section = README.slice(README.indexOf('## The cashier side'));
  const block = /```js\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a js block under "The cashier side"');
  return block[1]!;
}

describe("the README's publisher example", () => {
  let hub: RunningHub;
  const script = new URL(`readme-publisher-${process.pid}.mjs`, SCRATCH);

  before(async () => {
    hub = await startHubServer({ port: 0, heartbeatMs: 60_000 });
    mkdirSync(SCRATCH, { recursive: true });
  });
  after(() => {
    rmSync(script, { force: true });
    return hub?.close();
  });

  it('is about five lines and imports the package by its name', () => {
    const example = publisherExample();
    assert.ok(example.trim().split('\n').length <= 6, example);
    assert.match(example, /from 'pos-customer-display'/);
    assert.ok(example.includes(DOCUMENTED_HUB), `it addresses ${DOCUMENTED_HUB}`);
  });

  it('runs as written: the lane sees the bill, the payment, then the clear', async () => {
    const stream = await openSse(`${hub.url}/api/customer-display/stream?lane=till-1`);
    try {
      writeFileSync(script, publisherExample().replaceAll(DOCUMENTED_HUB, hub.url));
      const run = spawnSync(process.execPath, [script.pathname], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
      await stream.waitFor((event) => event.event === 'clear', 5000);
      const shown = stream.events.filter((event) => event.event !== 'connected' && event.event !== 'ping');
      assert.deepEqual(shown.map((event) => event.event), ['bill-update', 'payment-update', 'clear']);
      assert.equal((shown[0]!.data as { total: number }).total, 55500);
      assert.equal((shown[1]!.data as { amount_due: number }).amount_due, 55500);
    } finally {
      stream.close();
    }
  });
});
