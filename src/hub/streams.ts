/**
 * What every hub does with its open streams, whatever holds its state: heartbeats, and
 * ending them all (telling browsers when to come back).
 */
import type { Subscriber } from './hub.js';
import { formatSseFrame, formatSseRetry } from '../protocol/index.js';

/** Ends each stream; with `retryMs`, first tells the browser to come back after that long. */
export function endStreams(subscribers: Iterable<Subscriber>, retryMs?: number): void {
  const farewell = retryMs === undefined ? undefined : formatSseRetry(retryMs);
  for (const subscriber of [...subscribers]) {
    if (farewell) subscriber.send(farewell);
    subscriber.close();
  }
}

/**
 * Sends a `ping` (no id: not replayable) to every stream every `intervalMs`, so displays
 * and proxies know the stream is alive. Started lazily, never keeps Node alive by itself.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly streams: () => Iterable<Subscriber>,
  ) {}

  start(): void {
    if (this.timer || this.stopped || this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      const frame = formatSseFrame({ event: 'ping', data: { timestamp: this.now() / 1000 } });
      for (const subscriber of this.streams()) subscriber.send(frame);
    }, this.intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
