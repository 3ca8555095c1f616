/**
 * How the in-memory hub numbers its events: milliseconds since the epoch, one more than the
 * last when several fall in one millisecond. Ids follow the clock, so a hub restarted
 * without its state file still gives out ids above any a display holds, and one restarted
 * from a file that is behind never hands out an id it gave out before the crash.
 */
export class EventIdClock {
  private last: number;

  constructor(
    private readonly now: () => number,
    /** The newest id given out before (a state file's), if any. */
    previous = 0,
  ) {
    this.last = Math.max(previous, Math.floor(now()));
  }

  get head(): number {
    return this.last;
  }

  next(): number {
    this.last = Math.max(this.last + 1, Math.floor(this.now()));
    return this.last;
  }
}
