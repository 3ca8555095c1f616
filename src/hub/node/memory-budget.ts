/**
 * Limits sized by memory, not by a fixed count: how many bytes of lanes' state a hub
 * process may hold is what its heap allows. Node only (the in-page hubs of the mock keep
 * the fixed default).
 */
import { getHeapStatistics } from 'node:v8';

/**
 * Part of the heap lanes' state (counted as JSON bytes) may take. A parsed bill takes two to
 * three times its JSON in the heap, the state file's compaction and the start-up read each
 * hold another copy for a moment, and replay history has its own budget (`--history-budget`,
 * 64 MiB): an eighth leaves the rest of the heap for all of that and for the streams.
 */
const STATE_SHARE = 1 / 8;
/** Below this a shop's few lanes would not fit (a 256 MB heap still gets 32 MiB). */
const MIN_STATE_BUDGET_BYTES = 16 * 1024 * 1024;
/**
 * A bigger heap does not raise it further: measured with 250 KB posts (bench/abuse-state.ts),
 * a full budget costs about 3.5 times itself in RSS (history frames, parsed copies) and a
 * restart reads the state file at roughly 15 MB/s on a busy 2-core box, so 128 MiB means
 * under half a gigabyte and about ten seconds at worst. A shop's real lanes take kilobytes
 * each: 128 MiB is still thousands of full lanes (fleets beyond that share Redis).
 */
const MAX_STATE_BUDGET_BYTES = 128 * 1024 * 1024;

/** The default `--state-budget`: an eighth of the heap, between 16 MiB and 128 MiB. */
export function defaultStateBudget(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.max(MIN_STATE_BUDGET_BYTES, Math.min(MAX_STATE_BUDGET_BYTES, Math.floor(heapLimitBytes * STATE_SHARE)));
}
