/**
 * The measured figures of docs/benchmarks.md are generated from bench/results/latest.json
 * (bench/measured-table.ts), not copied by hand: they cannot drift from the results file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { END_MARKER, measuredTable, START_MARKER, withMeasuredTable, type LatestResults } from '../../bench/measured-table.js';

const PAGE = readFileSync(new URL('../../docs/benchmarks.md', import.meta.url), 'utf8');
const latest = (): LatestResults => JSON.parse(readFileSync(new URL('../../bench/results/latest.json', import.meta.url), 'utf8')) as LatestResults;

describe('docs/benchmarks.md measured table', () => {
  it('is exactly what bench/measured-table.ts makes of bench/results/latest.json', () => {
    assert.ok(PAGE.includes(START_MARKER) && PAGE.includes(END_MARKER), 'docs/benchmarks.md has the markers of the generated table');
    assert.equal(withMeasuredTable(PAGE, measuredTable(latest())), PAGE, 'run `npm run bench:docs`');
  });

  it('shows the figures of the results file: another bundle size or fan-out p99 gives another table', () => {
    const results = latest();
    results.results.bundle.dropIn.gzip = 60_000;
    const hub100 = results.results.fanout.runs.find((run) => run.server === 'hub' && run.subscribers === 100)!;
    hub100.steady.latencyMs.p99 = 123.45;
    results.results.fanout.runs.find((run) => run.server === 'hub' && run.subscribers === 1000)!.steady.deliveryRatio = 0.9;
    const table = measuredTable(results);
    assert.match(table, /\| drop-in bundle \| \d+ KB min, 58\.6 KB gzip,/);
    assert.match(table, /\| hub fan-out, publish → received, 100 displays [^|]*\| [^|]*\| 123\.5 ms \(/);
    assert.match(table, /same, 1000 displays; 90\.0 % of events delivered/);
  });

  it('shows the frames bench, when the results have it: fps against the ceiling, time to the first bill', () => {
    const results = latest();
    results.results.frames = {
      burst: 50,
      load1: [1, 2],
      'WebKitGTK, software rendering': { ceilingFps: 58.2, firstBillMs: { p50: 95, p99: 120 }, burst: { fps: 47.5 } },
      'Firefox': { skipped: 'not installed' },
    };
    const table = measuredTable(results);
    assert.match(table, /\| WebKitGTK, software rendering: fps during 50 bill updates [^|]*\| 47\.5 fps \(58\.2\) · 95\.0 ms \|/);
    assert.doesNotMatch(table, /Firefox|load1/);
  });

  it('replaces only what is between the markers, and refuses a page without them', () => {
    const page = `intro\n${START_MARKER}\nold table\n${END_MARKER}\noutro\n`;
    assert.equal(withMeasuredTable(page, 'new table'), `intro\n${START_MARKER}\nnew table\n${END_MARKER}\noutro\n`);
    assert.throws(() => withMeasuredTable('no markers here', 'x'), /markers/);
  });
});
