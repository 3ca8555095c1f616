/**
 * Persists lanes to one file as a journal: a header line, then one line per change with
 * the lane's whole state. A change is appended (one `write`) before any display sees it,
 * so after a crash (even `kill -9`) the file holds every event a display could have seen:
 * the restarted hub shows the till's latest post and never hands out an id again. The cost
 * of a change follows its size, not the number of lanes; the file is compacted (rewritten
 * atomically, one line per lane) when it has grown well past its compacted size, off the
 * event loop, so displays never wait for the disk. A compaction writes record by record in
 * chunks of 64 KiB, never the whole file as one string (a string has a length limit: a
 * state of 900 MB could not be saved, then not be read back). Reading back, record by
 * record and within the state budget, is state-file-reader.ts.
 */
import { closeSync, fdatasync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isEmptyLaneState, type LaneState } from '../../lane-state.js';
import type { ChangeJournal, RestoredState } from './memory-store.js';
import { StateFileError } from './state-file-reader.js';

export { readStateFile, restoreStateFile, StateFileError } from './state-file-reader.js';

export interface StateJournalOptions {
  /** Reports write failures (a full disk): publishing goes on, the failure is logged. */
  onError?: (error: Error) => void;
  /** Compact when this many bytes were appended since the last compaction (at least). Default 1 MiB. */
  compactAfterBytes?: number;
  /** How soon appended lines are forced to disk (power cuts; a crash loses nothing written). Default 100 ms. */
  syncDelayMs?: number;
}

const FORMAT = 'pos-customer-display/state';
/** A compaction writes this much at a time: the file is never one string, whatever the number of lanes. */
const WRITE_CHUNK_CHARS = 64 * 1024;

/** One journal line: a lane's state as of an event (the state already as JSON). */
function recordLine(id: number, lane: string, stateJson: string): string {
  return `{"id":${id},"lane":${JSON.stringify(lane)},"state":${stateJson}}\n`;
}

/** A compaction under way, off the event loop. */
interface Compaction {
  /** Lines recorded since its snapshot: added to the new file before it replaces the journal. */
  readonly later: string[];
  readonly done: Promise<void>;
}

export class StateJournal implements ChangeJournal {
  private fd: number;
  /** Each lane's state as JSON: a compaction joins these and serialises nothing. */
  private readonly lanes = new Map<string, string>();
  private lastEventId: number;
  private appendedBytes = 0;
  private compactedBytes = 0;
  private compaction: Compaction | undefined;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  /** The descriptor an `fdatasync` is running on, and whether it is to be closed after. */
  private syncing: { fd: number; retire: boolean } | undefined;
  private closed = false;

  /**
   * Opens (or creates) the journal at `path`, after removing temp files a crash left
   * beside it, and compacts what it read. Throws {@link StateFileError} when the file
   * cannot be written (its folder is missing or read-only): that is the operator's
   * configuration, never a client's doing, and better refused at start than every change
   * lost. Whatever the file held, by contrast, never stops the hub (state-file-reader.ts).
   */
  constructor(
    private readonly path: string,
    restored: RestoredState | null,
    private readonly options: StateJournalOptions = {},
  ) {
    removeLeftoverTempFiles(path);
    this.lastEventId = restored?.lastEventId ?? 0;
    for (const [lane, state] of Object.entries(restored?.lanes ?? {})) this.lanes.set(lane, JSON.stringify(state));
    try {
      this.fd = this.compactNow();
    } catch (error) {
      throw new StateFileError(`cannot write state file ${this.path}: ${(error as Error).message}`);
    }
  }

  record(lane: string, eventId: number, state: LaneState): void {
    if (this.closed) return;
    this.lastEventId = eventId;
    const json = JSON.stringify(state);
    if (isEmptyLaneState(state)) this.lanes.delete(lane);
    else this.lanes.set(lane, json);
    const line = recordLine(eventId, lane, json);
    try {
      // The journal in use gets every line: whatever becomes of a compaction, it is complete.
      this.appendedBytes += writeSync(this.fd, line);
      if (this.compaction) this.compaction.later.push(line);
      else if (this.appendedBytes > this.compactThreshold()) this.compaction = this.compactInBackground();
      this.scheduleSync();
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  /** Resolves once no compaction is under way (tests; a clean shutdown does not need it). */
  async settled(): Promise<void> {
    while (this.compaction) await this.compaction.done;
  }

  /**
   * Compacts once more if anything changed since the last compaction, and closes the file
   * (a clean shutdown leaves one line per lane). Nothing changed: the file is already
   * compact, and a shutdown does not rewrite a large state for nothing (the CLI gives a
   * shutdown 5 s).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.syncTimer);
    try {
      if (this.compaction || this.appendedBytes === 0) {
        // The journal is complete without it: made durable as it is; a compaction's temp file is removed when it ends.
        this.compaction = undefined;
        fsyncSync(this.fd);
        closeSync(this.fd);
      } else {
        closeSync(this.compactNow(this.fd));
      }
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }

  private compactThreshold(): number {
    return Math.max(this.options.compactAfterBytes ?? 1024 * 1024, 2 * this.compactedBytes);
  }

  /**
   * The compacted file as of now, in chunks of about {@link WRITE_CHUNK_CHARS}: a header and
   * one line per lane, all as of the last event. The lanes are taken at once (their JSON
   * strings, shared, not copied), so the chunks may be written later while changes go on.
   */
  private snapshotChunks(): Iterable<string> {
    return snapshotChunks(this.lastEventId, [...this.lanes]);
  }

  private tempPath(): string {
    return `${this.path}.${process.pid}.tmp`;
  }

  /** At start and at close: the whole state to a temp file, chunk by chunk, made durable, renamed over the journal; returns the new append descriptor. */
  private compactNow(previousFd?: number): number {
    const temp = this.tempPath();
    let bytes = 0;
    try {
      const fd = openSync(temp, 'w');
      try {
        for (const chunk of this.snapshotChunks()) bytes += writeFully(fd, chunk);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    if (previousFd !== undefined) closeSync(previousFd);
    this.compactedBytes = bytes;
    this.appendedBytes = 0;
    return openSync(this.path, 'a');
  }

  /**
   * While the hub runs: the snapshot is written chunk by chunk and made durable off the
   * event loop (a large state's fsync would stall every display for its duration); lines
   * recorded meanwhile go to the journal in use and are added to the new file, which then
   * replaces it in one rename. A crash at any point leaves a complete journal.
   */
  private compactInBackground(): Compaction {
    const later: string[] = [];
    const chunks = this.snapshotChunks();
    const temp = this.tempPath();
    const write = async () => {
      let bytes = 0;
      const file = await open(temp, 'w');
      try {
        for (const chunk of chunks) {
          const buffer = Buffer.from(chunk);
          await file.write(buffer);
          bytes += buffer.length;
        }
        await file.sync();
      } finally {
        await file.close();
      }
      return bytes;
    };
    const compaction: Compaction = {
      later,
      done: write().then(
        (bytes) => this.replaceJournal(compaction, temp, bytes),
        (error: Error) => this.abandon(compaction, temp, error),
      ),
    };
    return compaction;
  }

  private replaceJournal(compaction: Compaction, temp: string, snapshotBytes: number): void {
    if (this.compaction !== compaction) return this.abandon(compaction, temp); // closed meanwhile
    try {
      // What came meanwhile, line by line (never joined: a busy spell can be large).
      let tailBytes = 0;
      const fd = openSync(temp, 'a');
      try {
        for (const chunk of inChunks(compaction.later)) tailBytes += writeFully(fd, chunk);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      const appendFd = openSync(this.path, 'a');
      this.retire(this.fd);
      this.fd = appendFd;
      this.compactedBytes = snapshotBytes;
      this.appendedBytes = tailBytes;
      this.compaction = undefined;
      this.scheduleSync();
      // Busy enough that what came meanwhile is already too much: once more.
      if (this.appendedBytes > this.compactThreshold()) this.compaction = this.compactInBackground();
    } catch (error) {
      this.abandon(compaction, temp, error as Error);
    }
  }

  private abandon(compaction: Compaction, temp: string, error?: Error): void {
    if (this.compaction === compaction) this.compaction = undefined;
    rmSync(temp, { force: true });
    if (error) this.options.onError?.(error);
  }

  /** Closes a replaced journal's descriptor, after the `fdatasync` running on it, if any. */
  private retire(fd: number): void {
    if (this.syncing?.fd === fd) this.syncing.retire = true;
    else closeSync(fd);
  }

  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      if (this.closed) return;
      if (this.syncing) return this.scheduleSync(); // the previous one is still running
      const syncing = { fd: this.fd, retire: false };
      this.syncing = syncing;
      fdatasync(syncing.fd, (error) => {
        this.syncing = undefined;
        if (syncing.retire) closeSync(syncing.fd);
        else if (error) this.options.onError?.(error);
      });
    }, this.options.syncDelayMs ?? 100);
    this.syncTimer.unref();
  }
}

/** The compacted file's text in chunks: a header, then one line per lane, each as of `lastEventId`. */
function* snapshotChunks(lastEventId: number, lanes: ReadonlyArray<readonly [string, string]>): Generator<string> {
  yield* inChunks(
    (function* () {
      yield `${JSON.stringify({ format: FORMAT, version: 2, last_event_id: lastEventId })}\n`;
      for (const [lane, json] of lanes) yield recordLine(lastEventId, lane, json);
    })(),
  );
}

/** Lines gathered into chunks of about {@link WRITE_CHUNK_CHARS} (a longer line is a chunk by itself). */
function* inChunks(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    if (chunk.length > 0 && chunk.length + line.length > WRITE_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
    chunk += line;
  }
  if (chunk.length > 0) yield chunk;
}

/** Writes all of `text` (a write may take only part of it); returns its bytes. */
function writeFully(fd: number, text: string): number {
  const buffer = Buffer.from(text);
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written);
  return buffer.length;
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
