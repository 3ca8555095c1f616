/**
 * Keeps silent streams alive (displays and proxies learn the stream still works) at a cost
 * that does not grow in bursts: each tick visits only a slice of the streams, so every
 * stream is visited at least once per interval, and only those silent for most of an
 * interval get a `ping` (silence never exceeds 1.5 intervals). A stream that receives
 * events gets no pings at all.
 */
import { Frame, formatSseFrame } from '../protocol/index.js';

/** A stream as the heartbeat sees it. */
export interface Beating {
  /** When something was last written to it (ms since the epoch); null until its opening. */
  lastSentAt: number | null;
  sendPing(frame: Frame, now: number): void;
}

/** Ticks per interval: with 20 000 streams and 15 s, ~330 pings a tick at most, 100 ms apart. */
const TICKS_PER_INTERVAL = 150;

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private cursor: Iterator<Beating> | undefined;
  private stopped = false;
  readonly tickMs: number;

  constructor(
    private readonly intervalMs: number,
    private readonly streams: Set<Beating>,
    private readonly now: () => number = Date.now,
  ) {
    this.tickMs = Math.max(10, Math.floor(intervalMs / TICKS_PER_INTERVAL));
  }

  /** Starts ticking (lazily, at the first stream); never keeps Node alive by itself. */
  start(): void {
    if (this.timer || this.stopped || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One slice: visits ⌈streams × tick / interval⌉ streams, pings the silent ones. Returns how many it pinged. */
  tick(): number {
    const now = this.now();
    const slice = Math.ceil((this.streams.size * this.tickMs) / this.intervalMs);
    // A round over all streams takes up to an interval; a stream not pinged now waits a round.
    const roundMs = Math.ceil(this.streams.size / Math.max(1, slice)) * this.tickMs;
    const silentEnough = Math.max(this.intervalMs / 2, this.intervalMs - roundMs);
    let frame: Frame | undefined;
    let pinged = 0;
    for (let visited = 0; visited < slice; visited++) {
      const stream = this.nextStream();
      if (!stream) break;
      if (stream.lastSentAt === null || now - stream.lastSentAt < silentEnough) continue;
      frame ??= new Frame(formatSseFrame({ event: 'ping', data: { timestamp: now / 1000 } }));
      stream.sendPing(frame, now);
      pinged++;
    }
    return pinged;
  }

  /** Set iterators stay valid while streams come and go; at the end, start a new round. */
  private nextStream(): Beating | undefined {
    let step = this.cursor?.next();
    if (!step || step.done) {
      this.cursor = this.streams.values();
      step = this.cursor.next();
    }
    return step.done ? undefined : step.value;
  }
}
