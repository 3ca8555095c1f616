import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host once a second while `running`, for countdowns. Stops (no timer left)
 * when not running or when the host leaves the page.
 */
export class ClockController implements ReactiveController {
  /** Current time in ms since the epoch, refreshed every tick. */
  now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;
  private connected = false;
  private wanted = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether ticking is needed (e.g. a QR code with an expiry is on screen). */
  set running(value: boolean) {
    this.wanted = value;
    this.sync();
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  private sync(): void {
    const shouldRun = this.connected && this.wanted;
    if (shouldRun && !this.timer) {
      this.now = Date.now();
      this.timer = setInterval(() => {
        this.now = Date.now();
        this.host.requestUpdate();
      }, 1000);
    } else if (!shouldRun && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
