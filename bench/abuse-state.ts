/**
 * The abuse issue's state and prompt bombs against the built CLI with its default budgets,
 * for the closing note and for anyone changing the budgets. Not part of `npm test` or
 * `bench/run.ts`: it moves about a gigabyte over loopback and takes a minute or two.
 *
 *   npm run build && npx tsx bench/abuse-state.ts            # 300 and 800 lanes, 2000 prompts
 *   npx tsx bench/abuse-state.ts --lanes 300 --prompts 0     # one case
 *
 * State bomb: per lane a bill, a dialog and a payment, each with 250 KB of extra fields (the
 * issue's posts); a lane's later posts are skipped once it is refused (413), the whole run
 * stops at the first 507 (the hub is full) or after 3 minutes. Reported: replies by status,
 * RSS (now and peak), /health's state bytes, the state file's size while running and after
 * a SIGTERM, and the restart: time to /health and RSS. Prompt bomb: 2000 prompts of 250 KB
 * on 2000 lanes (each refused: 413 above `--max-prompt`), then 2000 of just under 16 KiB
 * (accepted until the budget): RSS and /health.
 *
 * Everything on 127.0.0.1; every loop is bounded in count and time.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { billWith } from '../test/support/fixtures.js';
import { CLI, startHubProcess, type HubProcess } from '../test/support/hub-process.js';

const API = '/api/customer-display';
const POST_BYTES = 250_000;
const RUN_LIMIT_MS = 180_000;

function argValues(name: string, fallback: number[]): number[] {
  const values: number[] = [];
  process.argv.forEach((arg, index) => {
    if (arg === name) values.push(Number(process.argv[index + 1]));
  });
  return values.length ? values : fallback;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Math.round(Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const fileSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

async function post(url: string, command: string, lane: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}${API}/${command}?lane=${lane}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

async function health(url: string): Promise<Record<string, number>> {
  return (await (await fetch(`${url}${API}/health`)).json()) as Record<string, number>;
}

async function stop(hub: HubProcess): Promise<number | string> {
  hub.child.kill('SIGTERM');
  const timer = setTimeout(() => hub.child.kill('SIGKILL'), 30_000);
  const code = await hub.exited;
  clearTimeout(timer);
  return code;
}

const padding = 'x'.repeat(POST_BYTES);
const posts = (lane: number) => [
  ['update-bill', { ...billWith(2, { bill_id: `B${lane}`, bill_number: `B${lane}` }), padding }],
  ['show-modal', { modal_type: 'notice', data: { bill_id: `B${lane}`, text: padding } }],
  ['payment', { bill_id: `B${lane}`, amount_due: 1000, method: 'cash', status: 'pending', padding }],
] as const;

async function stateBomb(lanes: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-abuse-state-'));
  const stateFile = join(dir, 'state.json');
  const args = ['--state-file', stateFile, '--heartbeat', '0', '--log-level', 'warn'];
  let hub = await startHubProcess(args);
  const base = memory(hub.child.pid!);
  const replies = new Map<number, number>();
  const began = Date.now();
  let full = false;
  let lanesPosted = 0;
  for (let lane = 0; lane < lanes && !full && Date.now() - began < RUN_LIMIT_MS; lane++) {
    lanesPosted++;
    for (const [command, body] of posts(lane)) {
      const status = await post(hub.url, command, `lane-${lane}`, body);
      replies.set(status, (replies.get(status) ?? 0) + 1);
      if (status === 507) full = true;
      if (status !== 200) break;
    }
  }
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  const loaded = memory(hub.child.pid!);
  const atLoad = await health(hub.url);
  const journalRunning = fileSize(stateFile);
  const exit = await stop(hub);
  const journalStopped = fileSize(stateFile);
  const restartBegan = Date.now();
  // The restart being measured: however long it takes to answer /health, at most 2 minutes.
  hub = await startHubProcess(args, {}, CLI, { startTimeoutMs: 120_000 });
  const restartMs = Date.now() - restartBegan;
  const restarted = await health(hub.url);
  const afterRestart = memory(hub.child.pid!);
  await stop(hub);
  rmSync(dir, { recursive: true, force: true });
  const statuses = [...replies].map(([status, count]) => `${count} × ${status}`).join(', ');
  console.log(`state bomb, ${lanes} lanes × 3 posts of ${POST_BYTES / 1000} KB: ${lanesPosted} lanes posted in ${seconds} s (${statuses})${full ? ', stopped at the first 507' : ''}`);
  console.log(`  RSS ${base.rss} → ${loaded.rss} MB (peak ${loaded.peak} MB); /health: ${atLoad.lanes} lanes, state ${mb(atLoad.state_bytes!)} of ${mb(atLoad.state_budget_bytes!)}`);
  console.log(`  state file ${mb(journalRunning)} running, ${mb(journalStopped)} after SIGTERM (exit ${exit})`);
  const logged = hub.output().trim();
  console.log(`  restart: /health after ${restartMs} ms, ${restarted.lanes} lanes, state ${mb(restarted.state_bytes!)}, RSS ${afterRestart.rss} MB (peak ${afterRestart.peak} MB)${logged ? `; it logged: ${logged.slice(0, 300)}` : ''}`);
}

async function promptBomb(count: number): Promise<void> {
  const hub = await startHubProcess(['--heartbeat', '0', '--log-level', 'warn']);
  const base = memory(hub.child.pid!);
  for (const [label, bytes] of [
    ['250 KB', POST_BYTES],
    ['just under --max-prompt (16 KiB)', 16 * 1024 - 200],
  ] as const) {
    const replies = new Map<number, number>();
    const began = Date.now();
    const note = 'x'.repeat(bytes);
    for (let i = 0; i < count && Date.now() - began < RUN_LIMIT_MS; i++) {
      const status = await post(hub.url, 'prompt', `prompt-lane-${i}`, { kind: 'confirm', prompt_id: `p-${i}`, title: 'Bag?', note });
      replies.set(status, (replies.get(status) ?? 0) + 1);
    }
    const now = memory(hub.child.pid!);
    const state = await health(hub.url);
    const statuses = [...replies].map(([status, n]) => `${n} × ${status}`).join(', ');
    console.log(`prompt bomb, ${count} prompts of ${label} on ${count} lanes: ${statuses}`);
    console.log(`  RSS ${base.rss} → ${now.rss} MB (peak ${now.peak} MB); /health: ${state.prompts} prompts, ${state.lanes} lanes, state ${mb(state.state_bytes!)} of ${mb(state.state_budget_bytes!)}`);
  }
  await stop(hub);
}

for (const lanes of argValues('--lanes', [300, 800])) if (lanes > 0) await stateBomb(lanes);
for (const prompts of argValues('--prompts', [2000])) if (prompts > 0) await promptBomb(prompts);
