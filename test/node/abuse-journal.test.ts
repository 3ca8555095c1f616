/**
 * Item 1, the disk side: whatever the state file (or the pairings file beside it) holds,
 * the built hub starts, serves, and logs what it dropped; restarted, it starts clean: never
 * a `Restart=on-failure` loop. The files are small, the limits too (`--lane-budget 4k`,
 * `--state-budget 64k`): the same code paths a gigabyte file takes (too many records for
 * the budget, a line longer than any record could be, garbage), in a second each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBuilt, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { readStateFile } from '../../src/hub/store/memory/state-journal.js';

const API = '/api/customer-display';
const LIMITS = ['--lane-budget', '4k', '--state-budget', '64k', '--log-level', 'warn'];
const HEADER = JSON.stringify({ format: 'pos-customer-display/state', version: 2, last_event_id: 1000 });

/** A bill of `items` lines: about 75 bytes a line. */
function bill(number: string, items = 1) {
  const lines = Array.from({ length: items }, (_, i) => ({ id: String(i + 1), name: `Item ${i + 1}`, quantity: 1, unit_price: 1000, subtotal: 1000 }));
  return { bill_id: number, bill_number: number, items: lines, subtotal: 1000 * items, tax: 0, discount: 0, total: 1000 * items };
}
const record = (id: number, lane: string, number: string, items = 1) => `${JSON.stringify({ id, lane, state: { bill: bill(number, items), modal: null, payment: null } })}\n`;

const running: HubProcess[] = [];

/** Starts the built CLI on `stateFile`; resolves once /health answers. */
async function start(stateFile: string): Promise<HubProcess> {
  const hub = await startHubProcess(['--state-file', stateFile, ...LIMITS]);
  running.push(hub);
  return hub;
}

/** SIGTERM, exit 0 (its close compacts the file: what the next start reads). */
async function stop(hub: HubProcess): Promise<void> {
  hub.child.kill('SIGTERM');
  assert.equal(await hub.exited, 0, hub.output());
}

async function lanes(hub: HubProcess): Promise<string[]> {
  const body = (await (await fetch(`${hub.url}${API}/lanes`)).json()) as { lanes: { lane: string; has_bill: boolean }[] };
  return body.lanes.filter((lane) => lane.has_bill).map((lane) => lane.lane).sort();
}

/** Starts on the file, checks it serves and logged `expected`; then restarts: no warning, same lanes. */
async function startsDespite(stateFile: string, expected: RegExp[]): Promise<{ lanes: string[]; hub: HubProcess }> {
  const began = Date.now();
  const hub = await start(stateFile);
  assert.ok(Date.now() - began < 10_000);
  assert.equal((await fetch(`${hub.url}${API}/health`)).status, 200);
  for (const pattern of expected) assert.match(hub.output(), pattern);
  const served = await lanes(hub);
  await stop(hub);
  const again = await start(stateFile);
  assert.doesNotMatch(again.output(), /state file|pairings file/, 'the second start finds a clean file: nothing to report');
  assert.deepEqual(await lanes(again), served, 'what the first start restored was kept');
  await stop(again);
  return { lanes: served, hub };
}

describe('abuse: the state file never keeps the hub from starting', () => {
  let dir: string;
  before(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'abuse-journal-'));
  });
  after(() => {
    for (const hub of running) if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
  });
  const fresh = (name: string) => join(mkdtempSync(join(dir, `${name}-`)), 'state.json');

  it('more records than the state budget holds: as many lanes as fit, the rest dropped and counted, the file set aside', async () => {
    const stateFile = fresh('over-budget');
    let text = `${HEADER}\n`;
    for (let lane = 0; lane < 200; lane++) text += record(1000 + lane, `till-${lane}`, `B-${lane}`, 20); // ~1.6 KB each, 200 > 64k
    writeFileSync(stateFile, text);
    const { lanes: served } = await startsDespite(stateFile, [/state file .*: \d+ lane\(s\) dropped \(\d+ bytes\): restored state is limited to 65536 bytes \(--state-budget\)/]);
    assert.ok(served.length > 10 && served.length < 200, `${served.length} lanes restored`);
    assert.ok(statSync(stateFile).size <= 65536, `rewritten within the budget (${statSync(stateFile).size} bytes)`);
    const aside = readdirSync(join(stateFile, '..')).filter((name) => name.startsWith('state.json.over-budget-'));
    assert.equal(aside.length, 1, 'the original is kept beside it');
    assert.equal(readFileSync(join(stateFile, '..', aside[0]!), 'utf8'), text);
  });

  it('a line longer than any record can be (the lane budget plus its fields) is skipped unread; the lanes around it stay', async () => {
    const stateFile = fresh('giant-line');
    const giant = record(1001, 'till-giant', 'HUGE', 400); // ~30 KB > 4k + 4k
    writeFileSync(stateFile, `${HEADER}\n${record(1000, 'till-1', 'ONE')}${giant}${record(1002, 'till-2', 'TWO')}`);
    const { lanes: served } = await startsDespite(stateFile, [/1 line\(s\) longer than 8192 bytes .* skipped, their lanes dropped rather than shown stale \(first at line 3: \d+ bytes\)/]);
    assert.deepEqual(served, ['till-1', 'till-2']);
  });

  it('a torn last line, binary garbage, a bad header, lines that are not JSON: started with what was valid', async () => {
    const torn = fresh('torn');
    writeFileSync(torn, `${HEADER}\n${record(1000, 'till-1', 'ONE')}${record(1001, 'till-2', 'TWO').slice(0, 40)}`);
    assert.deepEqual((await startsDespite(torn, [/its last line was cut short/])).lanes, ['till-1']);

    const mixed = fresh('mixed');
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256));
    writeFileSync(mixed, Buffer.concat([Buffer.from(`{"format":"something else"}\n${record(1000, 'till-1', 'ONE')}`), noise, Buffer.from(`\n${record(1001, 'till-2', 'TWO')}`)]));
    const { lanes: served } = await startsDespite(mixed, [/line 1 is not a state file header/, /line\(s\) that are not JSON skipped/, /started with what could be read; the file as it was is kept as .*state\.json\.corrupt-/]);
    assert.deepEqual(served, ['till-1', 'till-2']);
  });

  it('a file with nothing usable (garbage, a torn header) is set aside, never deleted, and the hub starts empty', async () => {
    for (const [name, content] of [
      ['garbage', Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 251))],
      ['torn-header', Buffer.from(HEADER.slice(0, 30))],
    ] as const) {
      const stateFile = fresh(name);
      writeFileSync(stateFile, content);
      const { lanes: served } = await startsDespite(stateFile, [/nothing in it could be read: starting empty; the file as it was is kept as .*state\.json\.corrupt-/]);
      assert.deepEqual(served, []);
      const aside = readdirSync(join(stateFile, '..')).find((file) => file.startsWith('state.json.corrupt-'))!;
      assert.deepEqual(readFileSync(join(stateFile, '..', aside)), content, `${name}: kept byte for byte`);
      assert.ok(readStateFile(stateFile), `${name}: a valid journal now`);
    }
  });

  it('empty, header only, and the 0.1 whole-file snapshot start quietly', async () => {
    for (const [name, content, expected] of [
      ['empty', '', []],
      ['header-only', `${HEADER}\n`, []],
      ['legacy', JSON.stringify({ version: 1, last_event_id: 77, lanes: { 'till-9': { bill: bill('OLD'), modal: null } } }), ['till-9']],
    ] as const) {
      const stateFile = fresh(name);
      writeFileSync(stateFile, content);
      const { lanes: served, hub } = await startsDespite(stateFile, []);
      assert.doesNotMatch(hub.output(), /state file/, `${name}: nothing to report`);
      assert.deepEqual(served, expected, name);
    }
  });

  it('a corrupt or oversized pairings file: logged, set aside, the hub starts with no pairings', async () => {
    for (const [name, content, why] of [
      ['not-json', '{"format":"pos-customer-display/pairings","pairings":[{"id":', /it is not valid JSON/],
      ['not-pairings', '{"pairings":"nope"}', /it is not a pairings file/],
      ['bad-entries', JSON.stringify({ pairings: [{ id: 'd1', key_hash: 'zz', lane: 'till-1', name: 'x', paired_at: 1 }] }), /1 invalid pairing\(s\) skipped/],
    ] as const) {
      const stateFile = fresh(`pairings-${name}`);
      const pairings = join(stateFile, '..', 'state.displays.json');
      writeFileSync(pairings, content);
      const hub = await start(stateFile);
      assert.equal((await fetch(`${hub.url}${API}/health`)).status, 200);
      assert.match(hub.output(), new RegExp(`pairings file .*state\\.displays\\.json: ${why.source}`), name);
      assert.match(hub.output(), /kept as .*state\.displays\.json\.corrupt-/, name);
      await stop(hub);
      const aside = readdirSync(join(stateFile, '..')).find((file) => file.startsWith('state.displays.json.corrupt-'))!;
      assert.equal(readFileSync(join(stateFile, '..', aside), 'utf8'), content);
      const again = await start(stateFile);
      assert.doesNotMatch(again.output(), /pairings file/, `${name}: rewritten clean, the next start has nothing to report`);
      await stop(again);
    }
  });
});
