/**
 * Limits sized by memory, not by a fixed count: how many lanes a hub process can hold is
 * what its heap allows. Node only (the in-page hubs of the mock keep the fixed default).
 */
import { getHeapStatistics } from 'node:v8';

/** What a busy lane costs at most: a 40-line bill with its dialog and payment, and its streams' share. */
export const LANE_BYTES = 64 * 1024;
/** Part of the heap lanes' state may take; replay history has its own budget (`--history-budget`). */
const STATE_SHARE = 0.25;

/** Lanes that fit in a quarter of the heap at {@link LANE_BYTES} each, between 1 000 and 100 000. */
export function defaultMaxLanes(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.max(1000, Math.min(100_000, Math.floor((heapLimitBytes * STATE_SHARE) / LANE_BYTES)));
}
