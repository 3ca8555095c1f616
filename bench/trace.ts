/**
 * Sums a Chrome trace (puppeteer `page.tracing`) into time per event name on the page's
 * main thread: where a display update spends its time (script, style, layout, paint).
 * Nested events each count in full, so the figures are inclusive and do not add up.
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** The trace events that tell a display update's story, in the order they happen. */
const PARTS: Array<[name: string, label: string]> = [
  ['RunTask', 'main thread busy (all tasks)'],
  ['ResponseBodyLoader::OnStateChange', 'SSE data in → listeners done (incl. below)'],
  ['RunMicrotasks', 'microtasks (Lit updates)'],
  ['Blink.ForcedStyleAndLayout.UpdateTime', 'forced style + layout (in script)'],
  ['WebFrameWidgetImpl::UpdateLifecycle', 'frame: style, layout, paint'],
];

export function summarizeTrace(
  file: string,
  limit = 10,
): { top: Array<{ name: string; totalMs: number; count: number }>; parts: Array<{ name: string; label: string; totalMs: number; count: number }> } {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const totals = new Map<string, { totalMs: number; count: number }>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined || !mainThreads.has(`${event.pid}:${event.tid}`)) continue;
    const entry = totals.get(event.name) ?? { totalMs: 0, count: 0 };
    entry.totalMs += event.dur / 1000;
    entry.count++;
    totals.set(event.name, entry);
  }
  const top = [...totals]
    .map(([name, entry]) => ({ name, ...entry }))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, limit);
  const parts = PARTS.map(([name, label]) => ({ name, label, ...(totals.get(name) ?? { totalMs: 0, count: 0 }) }));
  return { top, parts };
}
