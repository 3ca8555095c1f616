/** Scheduled slides and sleep hours on the shop's clock: local weekday and time via Intl, midnight spans, DST. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isActive, localTime, MAX_WAIT_MS, minutesOf, nextChange, type TimeWindow } from '../../src/components/schedule.js';
import { zoneAtHour } from '../../src/scenarios/shop-clock.js';

const at = (iso: string) => new Date(iso);
const JAKARTA = 'Asia/Jakarta'; // UTC+7 all year
const BREAKFAST: TimeWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' };

/** [instant (UTC), expected] for one window in one zone. */
function check(window: TimeWindow, timeZone: string, cases: Array<[string, boolean]>): void {
  for (const [instant, expected] of cases) assert.equal(isActive(window, at(instant), timeZone), expected, `${JSON.stringify(window)} at ${instant} in ${timeZone}`);
}

describe('schedule', () => {
  it('reads the weekday and time of day on the shop clock, not the machine clock', () => {
    // Monday 7 December 2026 00:30 in Jakarta is still Sunday 17:30 in UTC.
    assert.deepEqual(localTime(at('2026-12-06T17:30:15Z'), JAKARTA), { day: 0, minutes: 30, seconds: 15 });
    assert.deepEqual(localTime(at('2026-12-06T17:30:15Z'), 'UTC'), { day: 6, minutes: 17 * 60 + 30, seconds: 15 });
    assert.deepEqual(localTime(at('2026-12-07T00:00:00Z'), 'UTC'), { day: 0, minutes: 0, seconds: 0 }, 'midnight is 00, not 24');
  });

  it('a weekday breakfast menu 06:00-11:00: from included, to excluded, weekends off', () => {
    check(BREAKFAST, JAKARTA, [
      ['2026-12-06T22:59:59Z', false], // Mon 05:59:59
      ['2026-12-06T23:00:00Z', true], // Mon 06:00
      ['2026-12-07T03:59:59Z', true], // Mon 10:59:59
      ['2026-12-07T04:00:00Z', false], // Mon 11:00
      ['2026-12-11T01:00:00Z', true], // Fri 08:00
      ['2026-12-12T01:00:00Z', false], // Sat 08:00
      ['2026-12-13T01:00:00Z', false], // Sun 08:00
    ]);
    // The same instant is breakfast in Jakarta and not in London (00:00 there).
    assert.equal(isActive(BREAKFAST, at('2026-12-07T00:00:00Z'), 'Europe/London'), false);
  });

  it('a window across midnight belongs to the day it started', () => {
    const lateFriday: TimeWindow = { days: ['fri'], from: '22:00', to: '02:00' };
    check(lateFriday, 'UTC', [
      ['2026-12-10T23:00:00Z', false], // Thu 23:00
      ['2026-12-11T01:00:00Z', false], // Fri 01:00: the small hours of Thursday's night
      ['2026-12-11T21:59:00Z', false], // Fri 21:59
      ['2026-12-11T22:00:00Z', true], // Fri 22:00
      ['2026-12-11T23:59:59Z', true], // Fri 23:59:59
      ['2026-12-12T00:00:00Z', true], // Sat 00:00
      ['2026-12-12T01:59:00Z', true], // Sat 01:59
      ['2026-12-12T02:00:00Z', false], // Sat 02:00
      ['2026-12-12T22:30:00Z', false], // Sat 22:30
    ]);
    // Sleep every night 22:00-07:00: on at 03:00 on any day, off at noon.
    const night: TimeWindow = { from: '22:00', to: '07:00' };
    check(night, JAKARTA, [
      ['2026-12-06T20:00:00Z', true], // Mon 03:00
      ['2026-12-07T05:00:00Z', false], // Mon 12:00
      ['2026-12-07T14:59:00Z', false], // Mon 21:59
      ['2026-12-07T15:00:00Z', true], // Mon 22:00
      ['2026-12-06T23:59:00Z', true], // Mon 06:59
      ['2026-12-07T00:00:00Z', false], // Mon 07:00
    ]);
    // Weeknights only: Saturday 03:00 is Friday's night (on), Sunday 03:00 is Saturday's (off), Monday 03:00 Sunday's (off).
    const weeknights: TimeWindow = { ...night, days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
    check(weeknights, 'UTC', [
      ['2026-12-12T03:00:00Z', true],
      ['2026-12-13T03:00:00Z', false],
      ['2026-12-14T03:00:00Z', false],
      ['2026-12-15T03:00:00Z', true],
    ]);
  });

  it('absent from is 00:00, absent to is 24:00, no times and no days is always', () => {
    check({ to: '10:00' }, 'UTC', [['2026-12-07T00:00:00Z', true], ['2026-12-07T09:59:00Z', true], ['2026-12-07T10:00:00Z', false]]);
    check({ from: '20:00' }, 'UTC', [['2026-12-07T19:59:00Z', false], ['2026-12-07T23:59:59Z', true], ['2026-12-08T00:00:00Z', false]]);
    check({ days: ['sun'] }, 'UTC', [['2026-12-13T00:00:00Z', true], ['2026-12-13T23:59:00Z', true], ['2026-12-14T00:00:00Z', false]]);
    check({ from: '00:00', to: '24:00' }, 'UTC', [['2026-12-07T23:59:59Z', true]]);
    check({}, 'UTC', [['2026-12-07T12:00:00Z', true]]);
  });

  it('follows daylight saving time: 08:00-09:00 stays 08:00-09:00 local across the change', () => {
    const morning: TimeWindow = { from: '08:00', to: '09:00' };
    check(morning, 'Europe/Berlin', [
      ['2026-03-28T07:30:00Z', true], // Sat 08:30 CET (+1)
      ['2026-03-28T06:30:00Z', false], // Sat 07:30 CET
      ['2026-03-29T06:30:00Z', true], // Sun 08:30 CEST (+2), the day clocks went forward
      ['2026-03-29T07:30:00Z', false], // Sun 09:30 CEST
    ]);
    check(morning, 'America/New_York', [
      ['2026-10-31T12:30:00Z', true], // Sat 08:30 EDT (-4)
      ['2026-11-01T12:30:00Z', false], // Sun 07:30 EST (-5), the day clocks went back
      ['2026-11-01T13:30:00Z', true], // Sun 08:30 EST
    ]);
    // A window starting in the hour that does not exist (02:30 on the spring-forward night) is on after the jump.
    check({ from: '02:30', to: '04:00' }, 'Europe/Berlin', [['2026-03-29T00:59:00Z', false], ['2026-03-29T01:00:00Z', true]]);
  });

  it('nextChange: the exact boundary when it is near, otherwise a check within a minute', () => {
    const wait = (windows: TimeWindow[], iso: string, timeZone: string) => nextChange(windows, at(iso), timeZone).getTime() - at(iso).getTime();
    assert.equal(wait([BREAKFAST], '2026-12-06T22:59:30.250Z', JAKARTA), 29_750, 'to 06:00:00.000 Jakarta');
    assert.equal(wait([BREAKFAST], '2026-12-06T22:00:00Z', JAKARTA), MAX_WAIT_MS, 'an hour away: checked within a minute');
    assert.equal(wait([BREAKFAST], '2026-12-06T23:00:00Z', JAKARTA), MAX_WAIT_MS, 'at the boundary: the next one, not this one again');
    assert.equal(wait([BREAKFAST], '2026-12-07T03:59:59.900Z', JAKARTA), 100, 'to 11:00');
    assert.equal(wait([{ days: ['sat'] }], '2026-12-11T23:59:45Z', 'UTC'), 15_000, 'midnight, where a day list turns');
    assert.equal(wait([], '2026-12-11T23:59:45Z', 'UTC'), 15_000);
    // Berlin 01:59:50 CET on the spring-forward night: the wall clock jumps at 02:00; a short wait, then checked again.
    const dst = wait([{ from: '03:00' }], '2026-03-29T00:59:50Z', 'Europe/Berlin');
    assert.ok(dst > 0 && dst <= MAX_WAIT_MS, `${dst}`);
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const instant = new Date(Date.UTC(2026, 11, 7, 0, minute, 13));
      const next = nextChange([BREAKFAST, { from: '22:00', to: '07:00' }], instant, 'America/New_York').getTime() - instant.getTime();
      assert.ok(next > 0 && next <= MAX_WAIT_MS, `${instant.toISOString()}: ${next}`);
    }
  });

  it('minutesOf reads HH:MM (24 h) only', () => {
    assert.equal(minutesOf('06:30'), 390);
    assert.equal(minutesOf('24:00'), 1440);
    for (const bad of ['6:30', '24:01', '12:60', '12:3', 'noon', '', undefined]) assert.equal(minutesOf(bad), undefined, String(bad));
  });

  it('zoneAtHour (stories, simulator): a zone whose clock reads the given hour now', () => {
    for (const iso of ['2026-12-07T00:10:00Z', '2026-12-07T13:59:00Z', '2026-06-30T23:30:00Z']) {
      for (let hour = 0; hour < 24; hour++) {
        const now = at(iso);
        assert.equal(Math.floor(localTime(now, zoneAtHour(hour, now)).minutes / 60), hour, `${iso} → ${hour}: ${zoneAtHour(hour, now)}`);
      }
    }
  });
});
