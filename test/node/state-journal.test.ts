/** The state file: a journal written before displays see a change, read back after any crash. */
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { EMPTY_LANE_STATE, type LaneState } from '../../src/hub/lane-state.js';
import { MemoryStore } from '../../src/hub/store/memory/memory-store.js';
import { readStateFile, restoreStateFile, StateFileError, StateJournal } from '../../src/hub/store/memory/state-journal.js';
import { fileLines, type FileLine } from '../../src/hub/store/memory/file-lines.js';
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

  it('a torn last line (power cut mid-write) is dropped and reported; a broken line before others is skipped, reported, and the rest kept', () => {
    const path = join(dir(), 'state.json');
    new StateJournal(path, null).record('till-1', 5, withBill('KEPT'));
    appendFileSync(path, '{"id":6,"lane":"till-1","state":{"bi');
    const problems: string[] = [];
    const torn = readStateFile(path, { onProblem: (line) => problems.push(line) })!;
    assert.equal(torn.lanes['till-1']!.bill!.bill_number, 'KEPT');
    assert.equal(torn.lastEventId, 5);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /last line was cut short/);
    appendFileSync(path, `\n${JSON.stringify({ id: 7, lane: 'till-2', state: withBill('AFTER') })}\n`);
    problems.length = 0;
    const broken = readStateFile(path, { onProblem: (line) => problems.push(line) })!;
    assert.equal(broken.lastEventId, 7);
    assert.equal(broken.lanes['till-1']!.bill!.bill_number, 'KEPT');
    assert.equal(broken.lanes['till-2']!.bill!.bill_number, 'AFTER', 'the records after the broken line are kept');
    assert.deepEqual(problems, [`state file ${path}: 1 line(s) that are not JSON skipped (first at line 3)`]);
  });

  it('an invalid header or record is skipped and reported with the line and field named; the rest is read', () => {
    const path = join(dir(), 'state.json');
    const problems: string[] = [];
    const onProblem = (line: string) => problems.push(line);
    writeFileSync(path, `{"format":"pos-customer-display/state","version":2,"last_event_id":"x"}\n${JSON.stringify({ id: 9, lane: 'a', state: withBill('A') })}\n`);
    const headless = readStateFile(path, { onProblem })!;
    assert.equal(headless.lastEventId, 9, 'the last id is taken from the records');
    assert.equal(headless.lanes.a!.bill!.bill_number, 'A');
    assert.match(problems.join('\n'), /line 1 is not a state file header \(last_event_id/);
    problems.length = 0;
    writeFileSync(
      path,
      '{"format":"pos-customer-display/state","version":2,"last_event_id":1}\n{"id":2,"lane":"a","state":{"bill":{"items":[]},"modal":null}}\n' +
        '{"id":3,"lane":"a","state":{"bill":{"items":[]},"modal":null}}\n{"id":4,"lane":"../x","state":{"bill":null,"modal":null}}\n',
    );
    const invalid = readStateFile(path, { onProblem })!;
    assert.deepEqual(invalid.lanes, {});
    assert.equal(invalid.lastEventId, 4, 'ids never go backwards, even past a record whose lane is skipped');
    assert.match(problems[0]!, /2 invalid record\(s\) skipped \(first at line 2: state\.bill\.bill_id/);
    assert.match(problems[1]!, /1 record\(s\) for an invalid lane id skipped \(first at line 4\)/);
  });

  it('within the state budget: lanes beyond it are dropped and reported, never an older (stale) state of them', () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null);
    const big = (n: string) => ({ ...EMPTY_LANE_STATE, bill: { ...billWith(40), bill_number: n } as never });
    // As the reader counts a lane: its record's line (the state as JSON, and a little more) and 1 KiB.
    const laneBytes = Buffer.byteLength(JSON.stringify({ id: 1, lane: 'till-1', state: big('X-1') })) + 1024;
    journal.record('till-1', 1, big('A-1'));
    journal.record('till-2', 2, big('B-1'));
    journal.record('till-3', 3, big('C-1'));
    journal.record('till-1', 4, { ...big('A-2'), bill: { ...billWith(120), bill_number: 'A-2' } as never }); // grew past what is left
    journal.close();
    const problems: string[] = [];
    const restored = readStateFile(path, { maxBytes: 2 * laneBytes + 10, onProblem: (line) => problems.push(line) })!;
    assert.equal(restored.lastEventId, 4);
    assert.deepEqual(Object.keys(restored.lanes).sort(), ['till-2', 'till-3'], 'till-1 does not fit: dropped, not shown as A-1');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, new RegExp(`1 lane\\(s\\) dropped \\(\\d+ bytes\\): restored state is limited to ${2 * laneBytes + 10} bytes \\(--state-budget\\)`));
    assert.equal(Object.keys(readStateFile(path, { maxBytes: laneBytes })!.lanes).length, 1, 'as many as fit');
  });

  it('a line longer than a record can be is skipped without being held, and reported; the lines around it are kept', () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null);
    journal.record('till-1', 1, withBill('BEFORE'));
    appendFileSync(path, `{"id":2,"lane":"till-2","state":{"bill":${JSON.stringify({ ...billWith(1), note: 'x'.repeat(200_000) })},"modal":null}}\n`);
    journal.record('till-3', 3, withBill('AFTER'));
    // No close(): it would compact the line away.
    const problems: string[] = [];
    const restored = readStateFile(path, { maxLineBytes: 64 * 1024, onProblem: (line) => problems.push(line) })!;
    assert.deepEqual(Object.keys(restored.lanes).sort(), ['till-1', 'till-3']);
    assert.match(problems.join('\n'), /1 line\(s\) longer than 65536 bytes .* skipped, .* \(first at line 3: 2\d{5} bytes\)/);
  });

  it('a lane whose latest record is too long to read is dropped, never shown as it was before; its id still counts', () => {
    const path = join(dir(), 'state.json');
    const journal = new StateJournal(path, null);
    journal.record('till-1', 1, withBill('OLD'));
    journal.record('till-2', 2, withBill('KEPT'));
    journal.record('till-1', 3, { ...EMPTY_LANE_STATE, bill: { ...billWith(1), bill_number: 'NEW', note: 'x'.repeat(100_000) } as never });
    const restored = readStateFile(path, { maxLineBytes: 64 * 1024 })!;
    assert.deepEqual(Object.keys(restored.lanes), ['till-2'], 'till-1 is not shown with its OLD bill');
    assert.equal(restored.lastEventId, 3);
  });

  it('a file of garbage or a torn header is set aside (never deleted) and the hub starts empty; an empty or header-only file is fine', () => {
    const folder = dir();
    const path = join(folder, 'state.json');
    const garbage = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
    writeFileSync(path, garbage);
    const problems: string[] = [];
    assert.equal(restoreStateFile(path, { maxLineBytes: 64 * 1024, onProblem: (line) => problems.push(line) }), null);
    assert.match(problems.at(-1)!, /nothing in it could be read: starting empty; the file as it was is kept as .*state\.json\.corrupt-/);
    const aside = readdirSync(folder).find((name) => name.startsWith('state.json.corrupt-'))!;
    assert.deepEqual(readFileSync(join(folder, aside)), garbage, 'kept byte for byte');
    new StateJournal(path, null).close();
    assert.equal(readStateFile(path)!.lastEventId, 0);
    assert.deepEqual(readFileSync(join(folder, aside)), garbage, 'the journal rewriting the file leaves the copy alone');

    for (const [text, expected] of [
      ['', null],
      ['\n\n', null],
      ['{"format":"pos-customer-display/state","version":2,"last_event_id":42}\n', 42],
    ] as const) {
      const quiet = join(dir(), 'state.json');
      writeFileSync(quiet, text);
      const said: string[] = [];
      assert.equal(restoreStateFile(quiet, { onProblem: (line) => said.push(line) })?.lastEventId ?? null, expected);
      assert.deepEqual(said, [], `nothing to report for ${JSON.stringify(text)}`);
      assert.deepEqual(readdirSync(dirname(quiet)), ['state.json'], 'nothing set aside');
    }
  });

  it('a file with some damage starts with what it can and keeps the original beside it', () => {
    const folder = dir();
    const path = join(folder, 'state.json');
    const journal = new StateJournal(path, null);
    journal.record('till-1', 1, withBill('ONE'));
    appendFileSync(path, 'not json\n');
    journal.record('till-2', 2, withBill('TWO'));
    const original = readFileSync(path, 'utf8');
    const problems: string[] = [];
    const restored = restoreStateFile(path, { onProblem: (line) => problems.push(line) })!;
    assert.deepEqual(Object.keys(restored.lanes).sort(), ['till-1', 'till-2']);
    assert.match(problems.at(-1)!, /started with what could be read; the file as it was is kept as/);
    const aside = readdirSync(folder).find((name) => name.startsWith('state.json.corrupt-'))!;
    assert.equal(readFileSync(join(folder, aside), 'utf8'), original);
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
    assert.throws(() => readStateFile(folder), /cannot read state file .*: it is a folder/);
    assert.throws(() => readStateFile('/dev/zero'), /cannot read state file \/dev\/zero: it is not a regular file/, 'never read forever');
  });

  it('compacts record by record: a state larger than one write chunk is rewritten whole, at start, in the background and at close', async () => {
    const path = join(dir(), 'state.json');
    const lanes = 300;
    const restoredLanes = Object.fromEntries(Array.from({ length: lanes }, (_, i) => [`till-${i}`, withBill(`R-${i}-${'x'.repeat(1000)}`)]));
    const journal = new StateJournal(path, { lastEventId: 10, lanes: restoredLanes }, { compactAfterBytes: 64 * 1024 });
    assert.ok(statSync(path).size > 4 * 64 * 1024, `several chunks (${statSync(path).size} bytes)`);
    assert.equal(Object.keys(readStateFile(path)!.lanes).length, lanes, 'the start compaction wrote every lane');
    let id = 10;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < lanes; i++) journal.record(`till-${i}`, ++id, withBill(`N-${id}-${'y'.repeat(1000)}`));
      await journal.settled();
    }
    const restored = readStateFile(path)!;
    assert.equal(restored.lastEventId, id);
    assert.equal(Object.keys(restored.lanes).length, lanes);
    assert.match(String(restored.lanes[`till-${lanes - 1}`]!.bill!.bill_number), new RegExp(`^N-${id}-`));
    journal.close();
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, lanes + 1, 'closed: a header and one line per lane');
  });

  it('a close with no change since the last compaction does not rewrite the file (a large state would outlast the shutdown)', () => {
    const path = join(dir(), 'state.json');
    new StateJournal(path, { lastEventId: 5, lanes: { 'till-1': withBill('ONE') } }).close();
    // A second name for the file as it is: a rewrite (a rename over it) leaves the file with one name.
    const rewritten = () => {
      const names = statSync(path).nlink;
      rmSync(`${path}.seen`, { force: true });
      return names === 1;
    };
    const idle = new StateJournal(path, readStateFile(path));
    linkSync(path, `${path}.seen`);
    idle.close();
    assert.equal(rewritten(), false, 'closed as it was');
    const busy = new StateJournal(path, readStateFile(path));
    busy.record('till-2', 6, withBill('TWO'));
    linkSync(path, `${path}.seen`);
    busy.close();
    assert.equal(rewritten(), true, 'a change since: compacted at close');
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 3);
  });

  it('reads lines across chunk boundaries; a line over its limit is skipped whole, its length counted; a last line may lack its newline', () => {
    const path = join(dir(), 'lines.txt');
    writeFileSync(path, `short\n${'L'.repeat(50)}\n\nmiddle line\nend`);
    const fd = openSync(path, 'r');
    let lines: FileLine[];
    try {
      lines = [...fileLines(fd, { maxLineBytes: (number) => (number === 1 ? 3 : 20), chunkBytes: 7 })];
    } finally {
      closeSync(fd);
    }
    assert.deepEqual(lines, [
      { kind: 'too-long', number: 1, bytes: 5, head: 'short' },
      { kind: 'too-long', number: 2, bytes: 50, head: 'L'.repeat(22) }, // what was read when it passed its limit
      { kind: 'line', number: 3, text: '', ended: true, bytes: 0 },
      { kind: 'line', number: 4, text: 'middle line', ended: true, bytes: 11 },
      { kind: 'line', number: 5, text: 'end', ended: false, bytes: 3 },
    ]);
  });

  it('the memory store writes a change to the journal before any display can see it', () => {
    const order: string[] = [];
    const store = new MemoryStore({ journal: { record: (lane, id) => order.push(`journal ${lane} ${id}`) } });
    store.listen((lane, appended) => order.push(`display ${lane} ${appended.events.at(-1)!.id}`));
    const { events } = store.append('till-1', { command: 'update-bill', body: billWith(1) as never }, 1);
    assert.deepEqual(order, [`journal till-1 ${events[0]!.id}`, `display till-1 ${events[0]!.id}`]);
  });
});
