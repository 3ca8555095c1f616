// Preloaded into a hub process the scale benchmarks start (`node --expose-gc --import
// bench/hub-probe.mjs dist/hub/cli.js …`, forked with an IPC channel): answers the bench
// with the process's own figures, which /proc cannot give: heap after a full GC, and the
// event-loop delay since the last reset. Never keeps the hub alive by itself.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;

process.on('message', (message) => {
  if (message?.type === 'reset-loop') {
    loop.reset();
    process.send({ type: 'reset-loop' });
  } else if (message?.type === 'loop') {
    process.send({ type: 'loop', loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) } });
  } else if (message?.type === 'sample') {
    // The delay first: the full GC below stalls the loop itself.
    const delay = { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) };
    globalThis.gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ type: 'sample', heapUsed, rss, loop: delay });
  }
});
process.channel?.unref();
