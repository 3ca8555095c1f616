/** The state file: a journal written before displays see a change, read back after any crash. */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { EMPTY_LANE_STATE, type LaneState } from '../../src/hub/lane-state.js';
import { MemoryStore } from '../../src/hub/store/memory/memory-store.js';
import { readStateFile, StateFileError, StateJournal } from '../../src/hub/store/memory/state-journal.js';
import { billWith } from '../support/fixtures.js';

const dir = () => mkdtempSync(join(tmpdir(), 'journal-'));
const withBill = (bill_number: string): LaneState => ({ ...EMPTY_LANE_STATE, bill: { ...billWith(1), bill_number } as never });

describe('state journal', () => {
  it('reads back the last state of every lane and the last id; a cleared lane is gone', () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null);
    journal.record('till-1', 101, withBill('ONE'));
    journal.record('till-2', 102, withBill('TWO'));
    journal.record('till-1', 103, withBill('ONE-B'));
    journal.record('till-2', 104, EMPTY_LANE_STATE);
    // No close(): as after kill -9, what was written is all there is.
    const restored = readStateFile(path)!;
    assert.equal(restored.lastEventId, 104);
    assert.deepEqual(Object.keys(restored.lanes), ['till-1']);
    assert.equal(restored.lanes['till-1']!.bill!.bill_number, 'ONE-B');
  });

  it('a torn last line (power cut mid-write) is dropped; a broken line before others is an error', () => {
    const path = join(dir(), 'state.json');
    new StateJournal(path, null).record('till-1', 5, withBill('KEPT'));
    appendFileSync(path, '{"id":6,"lane":"till-1","state":{"bi');
    assert.equal(readStateFile(path)!.lanes['till-1']!.bill!.bill_number, 'KEPT');
    assert.equal(readStateFile(path)!.lastEventId, 5);
    appendFileSync(path, '\n{"id":7,"lane":"till-1","state":{"bill":null,"modal":null,"payment":null}}\n');
    assert.throws(() => readStateFile(path), (error: Error) => error instanceof StateFileError && /line 3/.test(error.message));
  });

  it('an invalid header or record is refused with the line and field named', () => {
    const path = join(dir(), 'state.json');
    writeFileSync(path, '{"format":"pos-customer-display/state","version":2,"last_event_id":"x"}\n');
    assert.throws(() => readStateFile(path), /line 1: last_event_id/);
    writeFileSync(path, '{"format":"pos-customer-display/state","version":2,"last_event_id":1}\n{"id":2,"lane":"a","state":{"bill":{"items":[]},"modal":null}}\n');
    assert.throws(() => readStateFile(path), /line 2: state\.bill\.bill_id/);
  });

  it('reads the 0.1 whole-file snapshot and rewrites it as a journal', () => {
    const path = join(dir(), 'state.json');
    writeFileSync(path, JSON.stringify({ version: 1, last_event_id: 77, lanes: { 'till-9': { bill: billWith(2), modal: null } } }));
    const restored = readStateFile(path)!;
    assert.equal(restored.lastEventId, 77);
    assert.equal(restored.lanes['till-9']!.payment, null);
    new StateJournal(path, restored).close();
    assert.match(readFileSync(path, 'utf8').split('\n')[0]!, /"version":2/);
    assert.equal(readStateFile(path)!.lanes['till-9']!.bill!.items.length, 2);
  });

  it('compacts once it has grown past twice its compacted size: the file follows the state, not the history', async () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null, { compactAfterBytes: 4096 });
    for (let id = 1; id <= 500; id++) {
      journal.record(`till-${id % 3}`, id, withBill(`N-${id}`));
      if (id % 50 === 0) await journal.settled(); // a till posts now and then, the disk keeps up
    }
    await journal.settled();
    assert.ok(statSync(path).size < 3 * 4096, `compacted (${statSync(path).size} bytes)`);
    const restored = readStateFile(path)!;
    assert.equal(restored.lastEventId, 500);
    assert.deepEqual(Object.keys(restored.lanes).sort(), ['till-0', 'till-1', 'till-2']);
    assert.equal(restored.lanes['till-2']!.bill!.bill_number, 'N-500');
    journal.close();
  });

  it('compacts off the event loop: the journal in use stays complete meanwhile, and what came meanwhile is kept', async () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null, { compactAfterBytes: 4096 });
    let id = 0;
    const grown = () => statSync(path).size;
    // Past the threshold (4096 bytes appended) and on, without letting the event loop turn:
    // a compaction may start but not make the hub wait for it, so the file keeps growing.
    while (grown() <= 6000 && id < 1000) journal.record(`till-${++id % 3}`, id, withBill(`N-${id}`));
    const beforeCompaction = grown();
    assert.ok(beforeCompaction > 6000, `not compacted while the hub waits (${beforeCompaction} bytes after ${id} changes)`);
    for (let more = 0; more < 5; more++) journal.record(`till-${++id % 3}`, id, withBill(`N-${id}`));
    journal.record('till-late', ++id, withBill('DURING'));
    assert.equal(readStateFile(path)!.lastEventId, id, 'a crash during the compaction loses nothing');
    await journal.settled();
    assert.ok(grown() < beforeCompaction, `compacted (${grown()} bytes)`);
    const restored = readStateFile(path)!;
    assert.equal(restored.lastEventId, id);
    assert.equal(restored.lanes['till-late']!.bill!.bill_number, 'DURING', 'a change recorded during the compaction is in the compacted file');
    assert.deepEqual(Object.keys(restored.lanes).sort(), ['till-0', 'till-1', 'till-2', 'till-late']);
    journal.record('till-late', ++id, withBill('AFTER'));
    journal.close();
    assert.equal(readStateFile(path)!.lanes['till-late']!.bill!.bill_number, 'AFTER');
    assert.deepEqual(readdirSync(dirname(path)), ['state.json'], 'no temp file left');
  });

  it('at start: temp files a crash left are removed; an unusable path refuses to start', () => {
    const folder = dir();
    const path = join(folder, 'state.json');
    writeFileSync(join(folder, 'state.json.12345.tmp'), 'half');
    writeFileSync(join(folder, 'other.json.1.tmp'), 'not ours');
    new StateJournal(path, null).close();
    assert.deepEqual(readdirSync(folder).sort(), ['other.json.1.tmp', 'state.json']);
    assert.throws(() => new StateJournal('/nonexistent/dir/state.json', null), StateFileError);
  });

  it('the memory store writes a change to the journal before any display can see it', () => {
    const order: string[] = [];
    const store = new MemoryStore({ journal: { record: (lane, id) => order.push(`journal ${lane} ${id}`) } });
    store.listen((lane, appended) => order.push(`display ${lane} ${appended.events.at(-1)!.id}`));
    const { events } = store.append('till-1', { command: 'update-bill', body: billWith(1) as never }, 1);
    assert.deepEqual(order, [`journal till-1 ${events[0]!.id}`, `display till-1 ${events[0]!.id}`]);
  });
});
