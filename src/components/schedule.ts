/**
 * When a scheduled slide shows, and when a screen sleeps: weekly time windows read on the
 * shop's clock (an IANA time zone), not the screen's. Pure functions, no timers, no
 * dependency: the shop's local weekday and time come from `Intl.DateTimeFormat`, so daylight
 * saving time is the browser's (or Node's) own time zone data.
 *
 * A window is `from`–`to` on the listed `days` (absent: every day); `from` absent is 00:00,
 * `to` absent is 24:00. When `to` is earlier than `from` the window spans midnight, and the
 * part after midnight belongs to the day it started: `{days: ["fri"], from: "22:00", to:
 * "02:00"}` is on Friday 22:00 to Saturday 02:00, and not on Friday 01:00.
 */

import type { WeekDay } from '../protocol/display-app.js';

export type { WeekDay };

/** Monday first, as shops write their hours. */
export const WEEK_DAYS: readonly WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface TimeWindow {
  days?: readonly WeekDay[];
  /** "HH:MM", 24 h. */
  from?: string;
  /** "HH:MM", 24 h ("24:00" is the end of the day). */
  to?: string;
}

/** Minutes in a day. */
const DAY = 24 * 60;

/** How long a wait for the next change may be before it is checked again: a clock jump, a DST change or a sleeping tab can make a long timer wrong. */
export const MAX_WAIT_MS = 60_000;

/** "06:30" → 390; anything else → undefined. "24:00" → 1440. */
export function minutesOf(time: string | undefined): number | undefined {
  const match = time === undefined ? null : /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= DAY ? minutes : undefined;
}

/** Does this window have any time in it (the slides without one always show)? */
export function isScheduled(window: TimeWindow | undefined): boolean {
  return !!window && (window.days !== undefined || window.from !== undefined || window.to !== undefined);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    // hour12: false, not hourCycle (Chrome 73+): old WebViews would read 10 PM as 10.
    const parts: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
    try {
      formatter = new Intl.DateTimeFormat('en-US', { ...parts, timeZone });
    } catch {
      // An unknown zone (an old browser's time zone data): the screen's own clock rather than nothing.
      formatter = new Intl.DateTimeFormat('en-US', parts);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** Seconds into the minute. */
  seconds: number;
}

/** The weekday and time of day at `now` on the clock of `timeZone` (absent: this machine's). */
export function localTime(now: Date, timeZone?: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) parts[part.type] = part.value;
  const day = WEEK_DAYS.indexOf(parts.weekday!.toLowerCase().slice(0, 3) as WeekDay);
  // Some engines write midnight as "24" with hour12: false.
  const hour = Number(parts.hour) % 24;
  return { day, minutes: hour * 60 + Number(parts.minute), seconds: Number(parts.second) };
}

const onDay = (window: TimeWindow, day: number) => !window.days || window.days.includes(WEEK_DAYS[(day + 7) % 7]!);

/** Is `window` on at local `time`? */
export function isActiveAt(window: TimeWindow, time: LocalTime): boolean {
  const from = minutesOf(window.from) ?? 0;
  const to = minutesOf(window.to) ?? DAY;
  if (from === to) return onDay(window, time.day); // refused by the schema; read as the whole day
  if (from < to) return onDay(window, time.day) && time.minutes >= from && time.minutes < to;
  // Spans midnight: the evening part on its own day, the small hours on the day after it.
  return (onDay(window, time.day) && time.minutes >= from) || (onDay(window, time.day - 1) && time.minutes < to);
}

/** Is `window` on at `now` in the shop's `timeZone`? A window with no times and no days always is. */
export function isActive(window: TimeWindow, now: Date, timeZone?: string): boolean {
  return isActiveAt(window, localTime(now, timeZone));
}

/**
 * When to look again: the next local minute at which any of `windows` starts or ends (or
 * midnight, where day lists turn), at most `MAX_WAIT_MS` away. Checked again when it comes:
 * a DST change or a clock jump in between only means one more check.
 */
export function nextChange(windows: readonly (TimeWindow | undefined)[], now: Date, timeZone?: string): Date {
  const time = localTime(now, timeZone);
  const boundaries = new Set<number>([0]);
  for (const window of windows) {
    if (!isScheduled(window)) continue;
    boundaries.add((minutesOf(window!.from) ?? 0) % DAY);
    boundaries.add((minutesOf(window!.to) ?? DAY) % DAY);
  }
  let minutesAhead = DAY;
  for (const boundary of boundaries) {
    const ahead = (boundary - time.minutes + DAY) % DAY || DAY;
    minutesAhead = Math.min(minutesAhead, ahead);
  }
  const msIntoMinute = time.seconds * 1000 + now.getMilliseconds();
  const wait = Math.min(minutesAhead * 60_000 - msIntoMinute, MAX_WAIT_MS);
  return new Date(now.getTime() + Math.max(wait, 0));
}

