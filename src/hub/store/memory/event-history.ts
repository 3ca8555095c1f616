/**
 * A lane's recent events, for resuming a stream by `Last-Event-ID`, bounded by count and by
 * bytes. Ids are hub-wide and increasing, so a lane's ids have gaps (other lanes' events);
 * what matters is whether the buffer still holds everything after the display's id.
 */
import { compareEventIds } from '../../../protocol/index.js';
import type { StoredEvent } from '../store.js';

export interface HistoryLimits {
  /** Events kept at most. */
  maxEvents: number;
  /** Bytes of frames kept at most (the newest event is always kept). */
  maxBytes: number;
}

export class EventHistory {
  private entries: StoredEvent[] = [];
  private bytes = 0;
  /** Every event of this lane with an id above this one is in the buffer. */
  private coveredAfter: string;

  constructor(
    private readonly limits: HistoryLimits,
    /** The hub's last id when this lane started: the lane had no earlier events to keep. */
    startId: string,
  ) {
    this.coveredAfter = startId;
  }

  /** Bytes held now. */
  get byteLength(): number {
    return this.bytes;
  }

  push(entry: StoredEvent): void {
    this.entries.push(entry);
    this.bytes += entry.frame.byteLength;
    while (this.entries.length > 1 && (this.entries.length > this.limits.maxEvents || this.bytes > this.limits.maxBytes)) this.dropOldest();
  }

  /** Forgets everything (memory is short): displays that were behind get a snapshot. */
  clear(): void {
    while (this.entries.length > 0) this.dropOldest();
  }

  /**
   * The entries a display that last saw `lastId` has missed, or `null` when they cannot be
   * known: the gap is older than the buffer, or the id is not one this hub gave out.
   */
  since(lastId: string, headId: string): StoredEvent[] | null {
    const fromStart = compareEventIds(lastId, this.coveredAfter);
    const beyondHead = compareEventIds(lastId, headId);
    if (fromStart === undefined || beyondHead === undefined || fromStart < 0 || beyondHead > 0) return null;
    // Usually the gap is a few events at the end: scan from the back.
    let start = this.entries.length;
    while (start > 0 && compareEventIds(this.entries[start - 1]!.id, lastId)! > 0) start--;
    return this.entries.slice(start);
  }

  private dropOldest(): void {
    const oldest = this.entries.shift()!;
    this.bytes -= oldest.frame.byteLength;
    this.coveredAfter = oldest.id;
  }
}
