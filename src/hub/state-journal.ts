/**
 * Persists lanes to one file as a journal: a header line, then one line per change with
 * the lane's whole state. A change is appended (one `write`) before any display sees it,
 * so after a crash (even `kill -9`) the file holds every event a display could have seen:
 * the restarted hub shows the till's latest post and never hands out an id again. The cost
 * of a change follows its size, not the number of lanes; the file is compacted (rewritten
 * atomically, one line per lane) when it has grown well past its compacted size.
 */
import { closeSync, fdatasync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isValidLaneId, validate } from '../protocol/index.js';
import { isEmptyLaneState, type LaneState } from './lane-state.js';
import type { ChangeJournal, RestoredState } from './memory-store.js';
import { JournalHeader, JournalRecord, LegacySnapshot } from './snapshot.js';

export class StateFileError extends Error {}

export interface StateJournalOptions {
  /** Reports write failures (a full disk): publishing goes on, the failure is logged. */
  onError?: (error: Error) => void;
  /** Compact when this many bytes were appended since the last compaction (at least). Default 1 MiB. */
  compactAfterBytes?: number;
  /** How soon appended lines are forced to disk (power cuts; a crash loses nothing written). Default 100 ms. */
  syncDelayMs?: number;
}

const FORMAT = 'pos-customer-display/state';

/** Reads a state file: null when there is none. Throws {@link StateFileError} when it is unusable. */
export function readStateFile(path: string): RestoredState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StateFileError(`cannot read state file ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return null;
  const lines = text.split('\n');
  const first = parseLine(path, lines[0]!, 1);
  const legacy = validate(LegacySnapshot, first);
  if (legacy.ok) return { lastEventId: legacy.value.last_event_id, lanes: validLanes(legacy.value.lanes) };
  const header = validate(JournalHeader, first);
  if (!header.ok) throw new StateFileError(`state file ${path} is invalid: line 1: ${header.message}`);
  const restored: RestoredState = { lastEventId: header.value.last_event_id, lanes: {} };
  for (let index = 1; index < lines.length; index++) {
    if (lines[index]!.trim() === '') continue;
    // A power cut can tear the very last line: it was never acknowledged, so it is dropped.
    const isLast = lines.slice(index + 1).every((line) => line.trim() === '');
    let json: unknown;
    try {
      json = JSON.parse(lines[index]!);
    } catch (error) {
      if (isLast) break;
      throw new StateFileError(`state file ${path} is not valid JSON at line ${index + 1}: ${(error as Error).message}`);
    }
    const record = validate(JournalRecord, json);
    if (!record.ok) throw new StateFileError(`state file ${path} is invalid: line ${index + 1}: ${record.message}`);
    restored.lastEventId = Math.max(restored.lastEventId, record.value.id);
    if (!isValidLaneId(record.value.lane)) continue;
    if (isEmptyLaneState(record.value.state)) delete restored.lanes[record.value.lane];
    else restored.lanes[record.value.lane] = record.value.state;
  }
  return restored;
}

function parseLine(path: string, line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new StateFileError(`state file ${path} is not valid JSON at line ${number}: ${(error as Error).message}`);
  }
}

function validLanes(lanes: Record<string, LaneState>): Record<string, LaneState> {
  return Object.fromEntries(Object.entries(lanes).filter(([lane, state]) => isValidLaneId(lane) && !isEmptyLaneState(state)));
}

export class StateJournal implements ChangeJournal {
  private fd: number;
  private readonly lanes = new Map<string, LaneState>();
  private lastEventId: number;
  private appendedBytes = 0;
  private compactedBytes = 0;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  /**
   * Opens (or creates) the journal at `path`, after removing temp files a crash left
   * beside it, and compacts what it read. Throws {@link StateFileError} when the file
   * cannot be read or written: better to refuse to start than to lose every change.
   */
  constructor(
    private readonly path: string,
    restored: RestoredState | null,
    private readonly options: StateJournalOptions = {},
  ) {
    removeLeftoverTempFiles(path);
    this.lastEventId = restored?.lastEventId ?? 0;
    for (const [lane, state] of Object.entries(restored?.lanes ?? {})) this.lanes.set(lane, state);
    this.fd = this.compact();
  }

  record(lane: string, eventId: number, state: LaneState): void {
    if (this.closed) return;
    this.lastEventId = eventId;
    if (isEmptyLaneState(state)) this.lanes.delete(lane);
    else this.lanes.set(lane, state);
    const line = `${JSON.stringify({ id: eventId, lane, state })}\n`;
    try {
      this.appendedBytes += writeSync(this.fd, line);
      if (this.appendedBytes > Math.max(this.options.compactAfterBytes ?? 1024 * 1024, 2 * this.compactedBytes)) this.fd = this.compact(this.fd);
      this.scheduleSync();
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  /** Compacts once more and closes the file (a clean shutdown leaves one line per lane). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.syncTimer);
    try {
      closeSync(this.compact(this.fd));
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  /** Writes the whole state to a temp file, makes it durable, renames it over the journal; returns the new append descriptor. */
  private compact(previousFd?: number): number {
    const temp = `${this.path}.${process.pid}.tmp`;
    const header = JSON.stringify({ format: FORMAT, version: 2, last_event_id: this.lastEventId });
    const lines = [header, ...[...this.lanes].map(([lane, state]) => JSON.stringify({ id: this.lastEventId, lane, state }))];
    const text = `${lines.join('\n')}\n`;
    let fd: number;
    try {
      fd = openSync(temp, 'w');
      writeSync(fd, text);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temp, this.path);
      fd = openSync(this.path, 'a');
    } catch (error) {
      rmSync(temp, { force: true });
      if (previousFd === undefined) throw new StateFileError(`cannot write state file ${this.path}: ${(error as Error).message}`);
      throw error;
    }
    if (previousFd !== undefined) closeSync(previousFd);
    this.compactedBytes = Buffer.byteLength(text);
    this.appendedBytes = 0;
    return fd;
  }

  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      if (!this.closed) fdatasync(this.fd, (error) => error && this.options.onError?.(error));
    }, this.options.syncDelayMs ?? 100);
    this.syncTimer.unref();
  }
}

/** `state.json.<pid>.tmp` files are what a crash during compaction leaves. */
function removeLeftoverTempFiles(path: string): void {
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch (error) {
    throw new StateFileError(`cannot use state file ${path}: ${(error as Error).message}`);
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) rmSync(join(dirname(path), name), { force: true });
  }
}
