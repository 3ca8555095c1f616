import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isActiveAt, isScheduled, localTime, nextChange, type TimeWindow } from './schedule.js';

export { isScheduled };

/**
 * Re-renders its host when one of its time windows starts or ends (`schedule.ts`), on the
 * shop's clock. One timer at a time, to the next boundary (at most a minute away, then
 * checked again), and none while the host is off the page or has no windows.
 */
export class ScheduleController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The windows that matter now, and the shop's time zone (undefined: the device's). */
    private readonly windows: () => { windows: readonly (TimeWindow | undefined)[]; timeZone?: string },
  ) {
    host.addController(this);
  }

  /** Is `window` on now, on the shop's clock? No window: never (nothing to be on). */
  isActive(window: TimeWindow | undefined): boolean {
    return !!window && isActiveAt(window, localTime(new Date(), this.windows().timeZone));
  }

  /** Inside the sleep hours `sleep` (which must name `from` and `to`), now? */
  isSleepTime(sleep: TimeWindow | undefined): boolean {
    return typeof sleep?.from === 'string' && typeof sleep.to === 'string' && this.isActive(sleep);
  }

  /** The items of `list` whose window is on now (one reading of the clock for all). */
  active<T extends TimeWindow>(list: readonly T[]): T[] {
    if (!list.some(isScheduled)) return [...list];
    const time = localTime(new Date(), this.windows().timeZone);
    return list.filter((item) => isActiveAt(item, time));
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** After each render: wait for the next boundary of what the host shows now. */
  hostUpdated(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { windows, timeZone } = this.windows();
    if (!this.connected || !windows.some(isScheduled)) return;
    const now = new Date();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.host.requestUpdate();
    }, nextChange(windows, now, timeZone).getTime() - now.getTime());
  }
}
