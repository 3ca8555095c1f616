/**
 * Issue 13's crash races, 30 rounds each, as the reliability suite in `npm test` runs them,
 * here as a table in the results:
 * kill -9 of the hub (built CLI, `--state-file`) with a display page open in Chromium,
 * restart from the file, the till posts at once. Recovered: the display showed that post,
 * and never a payment or dialog of another bill.
 */
import { runCrashRaces } from '../test/support/crash-races.js';
import type { BenchOptions, BenchResult, Row } from './util.js';

export async function benchReliability({ quick, log }: BenchOptions): Promise<BenchResult> {
  const rounds = quick ? 3 : 30;
  const { tallies, pageErrors } = await runCrashRaces(rounds);
  const rows: Row[] = tallies.map((tally) => {
    const sorted = [...tally.showMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    log(`reliability: ${tally.race}: ${tally.recovered}/${tally.total}${tally.failures.length ? ` (${tally.failures[0]})` : ''}`);
    return {
      bench: 'reliability',
      case: tally.race,
      figure: 'recovered / rounds (post on screen after restart, median)',
      value: `${tally.recovered} / ${tally.total} (${median ?? 'n/a'} ms)`,
      target: `${tally.total} / ${tally.total}`,
      verdict: tally.recovered === tally.total ? 'ok' : 'miss',
    };
  });
  if (pageErrors.length) rows.push({ bench: 'reliability', case: 'display page', figure: 'page errors', value: pageErrors[0]!, verdict: 'miss' });
  return { rows, data: { rounds, tallies, pageErrors } };
}
