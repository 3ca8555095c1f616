/**
 * Stories and the simulator show schedules at any hour without faking the clock: a fixed-offset
 * zone (`Etc/GMT-7` is UTC+7) whose wall clock reads `hour` now. The minutes stay the real ones.
 */
export function zoneAtHour(hour: number, now = new Date()): string {
  let offset = (((hour - now.getUTCHours()) % 24) + 24) % 24; // 0..23 hours ahead of UTC
  if (offset > 14) offset -= 24; // Etc zones span UTC-12..UTC+14
  // The Etc names count the other way round (POSIX): Etc/GMT-7 is seven hours ahead.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
