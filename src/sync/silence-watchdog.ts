/**
 * Notices a connection that went quiet: `onStale` at 60 % of the timeout (what is shown
 * may be old), `onSilent` at the timeout (replace the connection). Re-armed by every message.
 */
export class SilenceWatchdog {
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private silentTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private timeoutMs: number,
    private readonly onStale: () => void,
    private readonly onSilent: () => void,
  ) {}

  /** 0 disables it. */
  setTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  arm(): void {
    this.clear();
    if (!this.timeoutMs) return;
    this.staleTimer = setTimeout(this.onStale, this.timeoutMs * 0.6);
    this.silentTimer = setTimeout(this.onSilent, this.timeoutMs);
  }

  clear(): void {
    clearTimeout(this.staleTimer);
    clearTimeout(this.silentTimer);
  }
}
