/** Percentiles for reported (never asserted) timings. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summarize(values: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    // reduce, not Math.max(...values): spreading 150 000 samples overflows the call stack.
    max: round(values.reduce((a, b) => Math.max(a, b), -Infinity)),
  };
}
