/**
 * Reads the state file back at start, record by record, and keeps whatever is usable: a
 * file that is torn, corrupt, enormous or garbage never keeps the hub from starting (a
 * supervisor's `Restart=on-failure` would otherwise loop on it). Every valid record is
 * kept up to the state budget; everything else is skipped and reported, one line per kind
 * of problem with its count. Only the operator's configuration (a folder that is missing or
 * cannot be read) still stops the hub.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { setAsideFile } from '../../node/set-aside-file.js';
import { isValidLaneId, validate } from '../../../protocol/index.js';
import { isEmptyLaneState, type LaneState } from '../../lane-state.js';
// What a lane costs beyond its JSON, as the hub's state budget counts it: many tiny lanes fill a heap too.
import { LANE_OVERHEAD_BYTES } from '../../state-budget.js';
import type { RestoredState } from './memory-store.js';
import { fileLines, type FileLine } from './file-lines.js';
import { JournalHeader, JournalRecord, LegacySnapshot } from './journal-records.js';

/** The state file cannot be used for a reason of configuration (its folder, its permissions): the hub does not start. */
export class StateFileError extends Error {}

export interface ReadStateOptions {
  /** Bytes of lanes' state restored at most (the state budget); lanes beyond it are dropped and reported. Default: no limit. */
  maxBytes?: number;
  /** The longest record line read (a lane's budget plus the record's own fields); longer ones are skipped. Default 1 MiB. */
  maxLineBytes?: number;
  /** One call per kind of problem, with its count, once the whole file is read. */
  onProblem?: (message: string) => void;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** The 0.1 format kept all lanes on its one line: that line may be this long (never longer, whatever the budget: one string). */
const MAX_LEGACY_LINE_BYTES = 64 * 1024 * 1024;

/** What reading found: the state, and whether anything but a torn last line was lost. */
export interface StateFileReading {
  restored: RestoredState | null;
  /** Lines were skipped as damaged (not JSON, invalid, too long, a bad header). */
  damaged: boolean;
  /** Lanes were dropped for the budget. */
  overBudget: boolean;
  /** Something was in the file but nothing of it could be used. */
  unusable: boolean;
}

/** Reads a state file: null when there is none or nothing in it is usable. Problems go to `onProblem`; never throws for content. */
export function readStateFile(path: string, options: ReadStateOptions = {}): RestoredState | null {
  return readStateFileReporting(path, options).restored;
}

/** {@link readStateFile}, telling also what was lost. Throws {@link StateFileError} only when the file cannot be opened or read. */
export function readStateFileReporting(path: string, options: ReadStateOptions = {}): StateFileReading {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { restored: null, damaged: false, overBudget: false, unusable: false };
    throw new StateFileError(`cannot read state file ${path}: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    // A folder, a device, a pipe: the operator's configuration (and /dev/zero would never end).
    if (stat.isDirectory()) throw new StateFileError(`cannot read state file ${path}: it is a folder`);
    if (!stat.isFile()) throw new StateFileError(`cannot read state file ${path}: it is not a regular file`);
    const reader = new StateFileLines(options);
    const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const legacyMax = Math.max(maxLine, Math.min(options.maxBytes ?? Infinity, MAX_LEGACY_LINE_BYTES));
    for (const line of fileLines(fd, { maxLineBytes: (number) => (number === 1 ? legacyMax : maxLine) })) reader.take(line);
    return reader.finish(path);
  } catch (error) {
    if (error instanceof StateFileError) throw error;
    throw new StateFileError(`cannot read state file ${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** A kind of problem: how often, and where first. */
interface Problem {
  count: number;
  firstLine: number;
  detail?: string;
}

/** Folds the file's lines into the state, counting what it skips. */
class StateFileLines {
  private lastEventId: number | undefined;
  private readonly lanes = new Map<string, { state: LaneState; bytes: number }>();
  private bytes = 0;
  private readonly problems = new Map<'not-json' | 'invalid' | 'too-long' | 'bad-lane' | 'bad-header' | 'after-legacy', Problem>();
  private torn = false;
  private legacy = false;
  /** Lanes whose latest state did not fit, with its size. */
  private readonly overBudget = new Map<string, number>();
  private sawContent = false;
  private readonly maxBytes: number;

  constructor(private readonly options: ReadStateOptions) {
    this.maxBytes = options.maxBytes ?? Infinity;
  }

  take(line: FileLine): void {
    if (line.kind === 'too-long') {
      this.sawContent = true;
      this.problem('too-long', line.number, `${line.bytes} bytes`);
      return this.unknownState(line.head);
    }
    if (line.text.trim() === '') return;
    this.sawContent = true;
    if (this.legacy) return this.problem('after-legacy', line.number);
    let json: unknown;
    try {
      json = JSON.parse(line.text);
    } catch {
      // A power cut can tear the very last line: it was never acknowledged, so it is dropped.
      if (!line.ended) {
        this.torn = true;
        return;
      }
      return this.problem(line.number === 1 ? 'bad-header' : 'not-json', line.number);
    }
    if (line.number === 1) return this.header(json, line.bytes);
    this.record(json, line.number, line.bytes);
  }

  finish(path: string): StateFileReading {
    const damaged = this.problems.size > 0;
    const overBudget = this.overBudget.size > 0;
    const usable = this.lastEventId !== undefined;
    const report = this.options.onProblem ?? (() => {});
    const where = `state file ${path}`;
    const kinds = [...this.problems].map(([kind, problem]) => describe(kind, problem, this.options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES));
    for (const kind of kinds) report(`${where}: ${kind}`);
    if (this.torn) report(`${where}: its last line was cut short (a write interrupted by a crash or power cut) and was dropped`);
    if (overBudget) {
      report(
        `${where}: ${this.overBudget.size} lane(s) dropped (${sum(this.overBudget.values())} bytes): restored state is limited to ${this.maxBytes} bytes (--state-budget)`,
      );
    }
    if (!usable) {
      return { restored: null, damaged, overBudget, unusable: this.sawContent };
    }
    const lanes: Record<string, LaneState> = {};
    for (const [lane, { state }] of this.lanes) lanes[lane] = state;
    return { restored: { lastEventId: this.lastEventId!, lanes }, damaged, overBudget, unusable: false };
  }

  private header(json: unknown, bytes: number): void {
    const legacy = validate(LegacySnapshot, json);
    if (legacy.ok) {
      this.legacy = true;
      this.lastEventId = legacy.value.last_event_id;
      for (const [lane, state] of Object.entries(legacy.value.lanes)) {
        if (!isValidLaneId(lane)) this.problem('bad-lane', 1);
        else if (!isEmptyLaneState(state)) this.keep(lane, state, Buffer.byteLength(JSON.stringify(state)));
      }
      return;
    }
    const header = validate(JournalHeader, json);
    if (header.ok) {
      this.lastEventId = header.value.last_event_id;
      return;
    }
    // Not a header: the records after it are still read (its last id is theirs); a record in its place too.
    this.problem('bad-header', 1, header.message);
    if (validate(JournalRecord, json).ok) this.record(json, 1, bytes);
  }

  /** `bytes`: the record's line, which holds the state as JSON (a little more: counted as the state's size without serialising it again). */
  private record(json: unknown, number: number, bytes: number): void {
    const record = validate(JournalRecord, json);
    if (!record.ok) return this.problem('invalid', number, record.message);
    const { id, lane, state } = record.value;
    // Ids never go backwards, whatever happens to the record's lane.
    this.lastEventId = Math.max(this.lastEventId ?? 0, id);
    if (!isValidLaneId(lane)) return this.problem('bad-lane', number);
    this.remove(lane);
    this.overBudget.delete(lane);
    if (!isEmptyLaneState(state)) this.keep(lane, state, bytes);
  }

  /**
   * A record too long to read still names its lane at its start (`{"id":…,"lane":"…"`, as
   * the journal writes it): that lane's latest state is unknown, so it is dropped rather
   * than shown as it was before (a stale bill), and its id still counts.
   */
  private unknownState(head: string): void {
    const start = /^\{"id":(\d+),"lane":("(?:[^"\\]|\\.)*")/.exec(head);
    if (!start) return;
    this.lastEventId = Math.max(this.lastEventId ?? 0, Number(start[1]));
    let lane: unknown;
    try {
      lane = JSON.parse(start[2]!);
    } catch {
      return;
    }
    if (typeof lane === 'string') this.remove(lane);
  }

  /** Keeps a lane's latest state if it fits the budget; else the lane is dropped (an older state of it would be stale). */
  private keep(lane: string, state: LaneState, stateBytes: number): void {
    const bytes = stateBytes + LANE_OVERHEAD_BYTES;
    if (this.bytes + bytes > this.maxBytes) {
      this.overBudget.set(lane, bytes);
      return;
    }
    this.lanes.set(lane, { state, bytes });
    this.bytes += bytes;
  }

  private remove(lane: string): void {
    const kept = this.lanes.get(lane);
    if (!kept) return;
    this.bytes -= kept.bytes;
    this.lanes.delete(lane);
  }

  private problem(kind: Parameters<StateFileLines['problems']['get']>[0], line: number, detail?: string): void {
    const problem = this.problems.get(kind);
    if (problem) problem.count++;
    else this.problems.set(kind, { count: 1, firstLine: line, detail });
  }
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function describe(kind: string, { count, firstLine, detail }: Problem, maxLineBytes: number): string {
  const first = `first at line ${firstLine}`;
  switch (kind) {
    case 'too-long':
      return `${count} line(s) longer than ${maxLineBytes} bytes (a lane's budget plus its record) skipped, their lanes dropped rather than shown stale (${first}: ${detail})`;
    case 'not-json':
      return `${count} line(s) that are not JSON skipped (${first})`;
    case 'invalid':
      return `${count} invalid record(s) skipped (${first}: ${detail})`;
    case 'bad-lane':
      return `${count} record(s) for an invalid lane id skipped (${first})`;
    case 'bad-header':
      return `line 1 is not a state file header${detail ? ` (${detail})` : ''}: the last event id is taken from the records`;
    default:
      return `${count} line(s) after the 0.1 snapshot skipped (${first})`;
  }
}

/**
 * What `makeHub` calls at start: reads the file, reports each problem, sets a damaged or
 * over-budget file aside as `state.json.corrupt-<time>` or `state.json.over-budget-<time>`
 * (the journal then rewrites the file with what was kept: the original is not lost), and
 * returns the state to start from (null: start empty).
 */
export function restoreStateFile(path: string, options: ReadStateOptions = {}): RestoredState | null {
  const reading = readStateFileReporting(path, options);
  const report = options.onProblem ?? (() => {});
  if (reading.damaged || reading.overBudget || reading.unusable) {
    const aside = setAsideFile(path, reading.damaged || reading.unusable ? 'corrupt' : 'over-budget');
    const kept = aside ? `the file as it was is kept as ${aside}` : 'the file as it was could not be kept aside';
    if (reading.unusable) report(`state file ${path}: nothing in it could be read: starting empty; ${kept}`);
    else report(`state file ${path}: started with what could be read; ${kept}`);
  }
  return reading.restored;
}
