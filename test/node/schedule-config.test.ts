/** The configuration's schedules, sleep hours and time zone: what is accepted, what each mistake says, and what the page is served. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveConfig, validateDisplayConfig } from '../../src/hub/display-app/index.js';

describe('display app configuration: schedules, sleep hours, time zone', () => {
  it('accepts scheduled slides, sleep hours (top level and per lane) and a time zone', () => {
    const result = validateDisplayConfig({
      timeZone: 'Asia/Jakarta',
      slides: [
        { src: 'breakfast.jpg', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' },
        { src: 'late.jpg', days: ['fri', 'sat'], from: '22:00', to: '02:00' },
        { src: 'evening.jpg', from: '18:00' },
        { src: 'all-day.jpg', from: '00:00', to: '24:00' },
        { src: 'always.jpg' },
      ],
      sleep: { from: '22:00', to: '07:00' },
      lanes: { 'till-2': { sleep: { from: '21:00', to: '08:00', days: ['sun'] } } },
    });
    assert.equal(result.ok, true, result.ok ? '' : result.message);
  });

  it('names each bad field with what was expected', () => {
    for (const [config, field, message] of [
      [{ slides: [{ src: 'a.jpg', from: '6:00' }] }, 'slides.0.from', /^slides\.0\.from: expected HH:MM \(24 h\), such as 06:00$/],
      [{ slides: [{ src: 'a.jpg', to: '25:00' }] }, 'slides.0.to', /expected HH:MM \(24 h\), such as 06:00/],
      [{ slides: [{ src: 'a.jpg', from: '24:00' }] }, 'slides.0.from', /expected HH:MM/],
      [{ slides: [{ src: 'a.jpg', from: 600 }] }, 'slides.0.from', /expected HH:MM/],
      [{ slides: [{ src: 'a.jpg', days: ['mon', 'thurs'] }] }, 'slides.0.days.1', /unknown day "thurs" \(did you mean "thu"\?\); days are mon, tue, wed, thu, fri, sat, sun/],
      [{ slides: [{ src: 'a.jpg', days: ['Monday'] }] }, 'slides.0.days.0', /unknown day "Monday" \(did you mean "mon"\?\)/],
      [{ slides: [{ src: 'a.jpg', days: ['xyz'] }] }, 'slides.0.days.0', /unknown day "xyz"; days are/],
      [{ slides: [{ src: 'a.jpg', days: [] }] }, 'slides.0.days', /at least one day/],
      [{ slides: [{ src: 'a.jpg', days: 'mon' }] }, 'slides.0.days', /list of days/],
      [{ slides: [{ src: 'a.jpg', from: '08:00', to: '08:00' }] }, 'slides.0.to', /must differ from "from"/],
      [{ slides: [{ src: 'a.jpg', to: '00:00' }] }, 'slides.0.to', /must differ from "from"/],
      [{ slides: [{ src: 'a.jpg', form: '08:00' }] }, 'slides.0.form', /unknown field \(did you mean "from"\?\)/],
      [{ sleep: { from: '22:00' } }, 'sleep.to', /is required/],
      [{ sleep: { from: '22:00', to: '7:00' } }, 'sleep.to', /expected HH:MM/],
      [{ sleep: { from: '22:00', to: '22:00' } }, 'sleep.to', /must differ/],
      [{ sleep: { from: '22:00', to: '07:00', dayz: ['mon'] } }, 'sleep.dayz', /unknown field \(did you mean "days"\?\)/],
      // The missing "from" first, then the typo that explains it.
      [{ lanes: { 'till-2': { sleep: { form: '22:00', to: '07:00' } } } }, 'lanes.till-2.sleep.from', /is required.*lanes\.till-2\.sleep\.form: unknown field \(did you mean "from"\?\)/],
      [{ lanes: { 'till-2': { sleep: { from: '22:00', to: '07:00', days: ['sunday'] } } } }, 'lanes.till-2.sleep.days.0', /did you mean "sun"/],
      [{ sleep: '22:00-07:00' }, 'sleep', /expected \{"from": "HH:MM", "to": "HH:MM"\}/],
      [{ timeZone: 'Asia/Jakata' }, 'timeZone', /IANA time zone such as "Asia\/Jakarta"/],
      [{ timeZone: '' }, 'timeZone', /IANA time zone/],
      [{ timezone: 'Asia/Jakarta' }, 'timezone', /unknown field \(did you mean "timeZone"\?\)/],
      [{ lanes: { 'till-2': { timeZone: 'Asia/Jakarta' } } }, 'lanes.till-2.timeZone', /unknown field/],
    ] as const) {
      const result = validateDisplayConfig(config);
      assert.equal(result.ok, false, JSON.stringify(config));
      if (result.ok) continue;
      assert.equal(result.field, field, JSON.stringify(config));
      assert.match(result.message, message, JSON.stringify(config));
    }
  });

  it('reports every bad field at once', () => {
    const result = validateDisplayConfig({ timeZone: 'Mars/Olympus', sleep: { from: '25:00', to: '07:00' }, slides: [{ src: 'a.jpg', days: ['mo'] }] });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.problems.map((problem) => problem.split(':')[0]).sort(), ['sleep.from', 'slides.0.days.0', 'timeZone']);
  });

  it('serves the schedule fields to the page, and always a time zone (the hub machine’s when the file names none)', () => {
    const config = {
      timeZone: 'Europe/Berlin',
      slides: [{ src: 'breakfast.jpg', days: ['mon' as const], from: '06:00', to: '11:00' }],
      sleep: { from: '22:00', to: '07:00' },
      lanes: { 'till-2': { sleep: { from: '20:00', to: '08:00', days: ['sun' as const] } } },
    };
    const served = serveConfig(config, undefined);
    assert.equal(served.timeZone, 'Europe/Berlin');
    assert.deepEqual(served.slides, [{ src: '/media/breakfast.jpg', days: ['mon'], from: '06:00', to: '11:00' }]);
    assert.deepEqual(served.sleep, { from: '22:00', to: '07:00' });
    assert.deepEqual(served.lanes['till-2']!.sleep, { from: '20:00', to: '08:00', days: ['sun'] });
    assert.equal(serveConfig({}, undefined).timeZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});
