/**
 * Time that moves only when a test moves it: a clock (`now`) and the timeouts set on it
 * (`scheduleTimeout`, the shape the hub's prompt desk takes). Nothing waits for real.
 */
export class FakeClock {
  private current: number;
  private readonly timeouts = new Set<{ at: number; callback: () => void }>();

  constructor(start = 0) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  readonly scheduleTimeout = (callback: () => void, ms: number): (() => void) => {
    const timeout = { at: this.current + Math.max(0, ms), callback };
    this.timeouts.add(timeout);
    return () => this.timeouts.delete(timeout);
  };

  /** Timeouts set and neither run nor cancelled. */
  get pending(): number {
    return this.timeouts.size;
  }

  /** Moves time on by `ms`, running each timeout that falls due on the way, at its time, in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      this.timeouts.delete(next);
      this.current = next.at;
      next.callback();
    }
    this.current = end;
  }

  /** The earliest timeout due by `end`; of equal ones, the first set. */
  private nextDue(end: number): { at: number; callback: () => void } | undefined {
    let next: { at: number; callback: () => void } | undefined;
    for (const timeout of this.timeouts) if (timeout.at <= end && (!next || timeout.at < next.at)) next = timeout;
    return next;
  }
}
