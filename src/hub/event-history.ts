/**
 * A bounded buffer of a lane's recent frames, for resuming a stream by `Last-Event-ID`.
 * Ids are hub-wide and increasing, so a lane's ids have gaps (other lanes' events); what
 * matters is whether the buffer still holds everything after the client's id.
 */

export interface HistoryEntry {
  id: number;
  frame: string;
}

export class EventHistory {
  private readonly entries: HistoryEntry[] = [];
  /** Every event of this lane with an id above this one is in the buffer. */
  private coveredAfter: number;

  constructor(
    private readonly capacity: number,
    /** The hub's last id when this lane started: the lane had no earlier events to keep. */
    startId: number,
  ) {
    this.coveredAfter = startId;
  }

  push(entry: HistoryEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.coveredAfter = this.entries.shift()!.id;
  }

  /**
   * The entries a client that last saw `lastId` has missed, or `null` when they cannot be
   * known: the gap is older than the buffer, or the id is ahead of the hub (another run).
   */
  since(lastId: number, headId: number): HistoryEntry[] | null {
    if (!Number.isSafeInteger(lastId) || lastId < this.coveredAfter || lastId > headId) return null;
    // Usually the gap is a few events at the end: scan from the back.
    let start = this.entries.length;
    while (start > 0 && this.entries[start - 1]!.id > lastId) start--;
    return this.entries.slice(start);
  }
}
