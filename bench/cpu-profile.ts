/**
 * Reads a V8 .cpuprofile (written by `node --cpu-prof`) and lists where the time went:
 * self time per function, heaviest first. This is the "profile" behind a slow figure.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  /** `name (file:line)`, paths shortened to the package or the project. */
  where: string;
  selfMs: number;
  /** Share of the non-idle time. */
  share: number;
}

function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  const dist = path.indexOf('/dist/');
  if (dist >= 0) return path.slice(dist + 1);
  return path.replace(/^.*\/work\/main\//, '');
}

/** Who the time belongs to: native code (system calls: writev…), Node's own JS, a package, or ours. */
function origin(url: string, name: string): string {
  if (name === '(garbage collector)') return 'garbage collector';
  if (!url) return 'native (system calls, V8 builtins)';
  if (url.startsWith('node:')) return "Node's JS (http, streams, net)";
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  return 'the hub (dist/hub/cli.js)';
}

/**
 * Top `limit` functions by self time, excluding the idle and program pseudo-nodes.
 * `window` (µs of CLOCK_MONOTONIC, i.e. `process.hrtime.bigint() / 1000n` in any process
 * on the machine: V8 stamps its samples on the same clock) keeps only samples inside it.
 */
export function hotFunctions(
  file: string,
  limit = 12,
  window?: { fromUs: number; toUs: number },
): { busyMs: number; windowMs: number; top: HotFunction[]; byOrigin: Array<{ origin: string; selfMs: number; share: number }> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  const originUs = new Map<string, number>();
  let busyUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const name = frame.functionName || '(anonymous)';
    const key = frame.url ? `${name} (${shorten(frame.url)}:${frame.lineNumber + 1})` : name;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    const from = origin(frame.url, name);
    originUs.set(from, (originUs.get(from) ?? 0) + delta);
    busyUs += delta;
  });
  const top = [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([where, us]) => ({ where, selfMs: us / 1000, share: us / busyUs }));
  const byOrigin = [...originUs]
    .sort((a, b) => b[1] - a[1])
    .map(([from, us]) => ({ origin: from, selfMs: us / 1000, share: us / busyUs }));
  const windowMs = ((window?.toUs ?? profile.endTime) - (window?.fromUs ?? profile.startTime)) / 1000;
  return { busyMs: busyUs / 1000, windowMs, top, byOrigin };
}
