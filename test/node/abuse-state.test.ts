/**
 * Items 1 (the budget side), 2 and 4 of the abuse issue, at small scale against real hubs
 * on 127.0.0.1:
 * - the state bomb: posts with big extra fields on many lanes. Formerly one lane held
 *   ~750 KB and 800 of them 2.6 GB of RSS and a journal the hub could not read back. Now a
 *   lane is refused past `--lane-budget` (413) and the hub past `--state-budget` (507),
 *   and it keeps serving; restarted on its state file, every accepted lane shows its last
 *   bill (the built CLI: a restart is the process's business);
 * - the prompt bomb: prompts were neither counted nor freed (2000 × 250 KB took RSS from 58
 *   to 497 MB while /health said `lanes: 0`). Now each is bounded (`--max-prompt`), counted
 *   in both budgets while open, in /health, and freed on cancel, clear and timeout;
 * - invented lanes: streams on made-up lanes used up `--max-lanes` and locked the cashier
 *   out of a new lane (503). Now they have their own bound (`--max-reader-lanes`) and the
 *   cashier's new lane is refused by bytes only.
 * Limits are small (64 KiB lanes, a 1 MiB hub) so each case runs in about a second.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startHubServer, type RunningHub } from '../../src/hub/node/server.js';
import { billWith } from '../support/fixtures.js';
import { startHubProcess, type HubProcess } from '../support/hub-process.js';
import { openSse, postJson, type SseStream } from '../support/sse-client.js';

const API = '/api/customer-display';
const KiB = 1024;

/** A real bill carrying `padding` bytes of a client's extra field (which the hub keeps). */
const paddedBill = (number: string, padding: number) => ({ ...billWith(2, { bill_id: number, bill_number: number }), padding: 'x'.repeat(padding) });
const paddedPrompt = (id: string, padding: number, extra: Record<string, unknown> = {}) => ({ kind: 'confirm', prompt_id: id, title: 'Bag?', note: 'x'.repeat(padding), ...extra });

interface Health {
  lanes: number;
  prompts: number;
  state_bytes: number;
  state_budget_bytes: number;
}
const health = async (url: string): Promise<Health> => (await (await fetch(`${url}${API}/health`)).json()) as Health;
const post = (url: string, command: string, lane: string, body: unknown) => postJson(`${url}${API}/${command}?lane=${lane}`, body);

/** The bill a fresh display of the lane is shown (its snapshot), or null when the lane shows none. */
async function shownBill(url: string, lane: string): Promise<string | null> {
  const listed = (await (await fetch(`${url}${API}/lanes`)).json()) as { lanes: { lane: string; has_bill: boolean }[] };
  if (!listed.lanes.some((entry) => entry.lane === lane && entry.has_bill)) return null;
  const stream = await openSse(`${url}${API}/stream?lane=${lane}`);
  try {
    // A 40 KiB snapshot may arrive in several chunks: wait for the bill itself.
    const billEvent = await stream.waitFor((e) => e.event === 'bill-update', 3000);
    return String((billEvent.data as { bill_number: string }).bill_number);
  } finally {
    stream.close();
  }
}

describe('abuse: the state bomb (built CLI, --lane-budget 64k --state-budget 1m)', () => {
  const processes: HubProcess[] = [];
  after(() => {
    for (const hub of processes) if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
  });
  const stateFile = join(mkdtempSync(join(tmpdir(), 'abuse-state-')), 'state.json');
  const start = async () => {
    const hub = await startHubProcess(['--state-file', stateFile, '--lane-budget', '64k', '--state-budget', '1m', '--heartbeat', '0', '--log-level', 'warn']);
    processes.push(hub);
    return hub;
  };

  it('big posts get 413, many lanes reach 507, the hub keeps serving, and a restart shows every lane\'s last bill', async () => {
    let hub = await start();
    const empty = await health(hub.url);
    assert.equal(empty.state_budget_bytes, 1024 * KiB);

    // One post past the lane budget: refused whole, naming the budget and its flag.
    const big = await post(hub.url, 'update-bill', 'bomb', paddedBill('B-0', 70 * KiB));
    assert.equal(big.status, 413);
    assert.equal(big.body.error, 'lane_budget_exceeded');
    assert.match(big.body.message, /above the lane budget of 65536 bytes \(--lane-budget\)/);
    // Three parts that each fit but not together (the bill + dialog + payment).
    assert.equal((await post(hub.url, 'update-bill', 'bomb', paddedBill('B-1', 30 * KiB))).status, 200);
    const dialog = await post(hub.url, 'show-modal', 'bomb', { modal_type: 'notice', data: { text: 'x'.repeat(40 * KiB) } });
    assert.equal(dialog.status, 413, 'the lane as a whole is bounded, extra fields included');
    const afterRefusals = await health(hub.url);
    assert.ok(afterRefusals.state_bytes < 32 * KiB, `refused posts took no room (${afterRefusals.state_bytes} bytes)`);

    // Many lanes of 40 KiB: the hub fills at its budget (about 24 lanes), then says 507.
    const accepted: string[] = ['bomb'];
    let refused: { status: number; body: any } | undefined;
    for (let i = 0; i < 60 && !refused; i++) {
      const reply = await post(hub.url, 'update-bill', `lane-${i}`, paddedBill(`L${i}`, 40 * KiB));
      if (reply.status === 200) accepted.push(`lane-${i}`);
      else refused = reply;
    }
    assert.ok(refused, 'the hub refused at some point');
    assert.equal(refused.status, 507);
    assert.equal(refused.body.error, 'state_budget_exceeded');
    assert.match(refused.body.message, /above its state budget of 1048576 bytes \(--state-budget\)/);
    assert.ok(accepted.length >= 20 && accepted.length <= 26, `${accepted.length} lanes fit in 1 MiB at 40 KiB each`);
    // Topped up to the byte: the largest bill a new lane can take, then the first lane's (each padding bisected).
    const topUp = async (lane: string, number: string, fits: number, refusedAt: number) => {
      while (refusedAt - fits > 8) {
        const padding = (fits + refusedAt) >> 1;
        if ((await post(hub.url, 'update-bill', lane, paddedBill(number, padding))).status === 200) fits = padding;
        else refusedAt = padding;
      }
      return fits;
    };
    if ((await topUp('top', 'T', 0, 64 * KiB)) > 0) accepted.push('top');
    await topUp('bomb', 'B-1', 30 * KiB, 64 * KiB);
    const full = await health(hub.url);
    assert.ok(full.state_bytes <= full.state_budget_bytes, `${full.state_bytes} <= ${full.state_budget_bytes}`);
    assert.ok(full.state_budget_bytes - full.state_bytes < 64, `full to the byte (${full.state_budget_bytes - full.state_bytes} left)`);

    // Filled to the brim and restarted: the state file is read back within the same budget, every lane comes back.
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0, hub.output());
    hub = await start();
    for (const lane of accepted) assert.equal(await shownBill(hub.url, lane), ({ bomb: 'B-1', top: 'T' } as Record<string, string>)[lane] ?? `L${lane.slice(5)}`, `${lane} after a restart at the brim`);
    assert.equal(hub.output().match(/dropped/g), null, `nothing dropped at start:\n${hub.output()}`);
    assert.equal((await post(hub.url, 'update-bill', 'one-more', paddedBill('X', 40 * KiB))).status, 507, 'still full after the restart');

    // Still serving: health, existing lanes' displays and updates (a smaller bill always fits).
    assert.equal(await shownBill(hub.url, 'lane-0'), 'L0');
    assert.equal((await post(hub.url, 'update-bill', 'lane-0', paddedBill('L0-v2', 100))).status, 200, 'an existing lane can shrink');
    assert.equal((await post(hub.url, 'clear', 'lane-1', { reason: 'done' })).status, 200);
    const freed = await health(hub.url);
    assert.ok(freed.state_bytes < full.state_bytes - 70 * KiB, 'a clear and a smaller bill freed their bytes');
    const next = 'lane-again';
    assert.equal((await post(hub.url, 'update-bill', next, paddedBill('N1', 40 * KiB))).status, 200, 'freed room is used again');
    accepted.push(next);

    // Restarted on its state file: every lane that shows a bill shows its latest one.
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0, hub.output());
    hub = await start();
    const restarted = await health(hub.url);
    assert.ok(restarted.state_bytes > 0 && restarted.state_bytes <= restarted.state_budget_bytes);
    const expected = new Map<string, string | null>(accepted.map((lane) => [lane, ({ bomb: 'B-1', top: 'T' } as Record<string, string>)[lane] ?? `L${lane.slice(5)}`]));
    expected.set('lane-0', 'L0-v2');
    expected.set('lane-1', null);
    expected.set(next, 'N1');
    for (const [lane, bill] of expected) assert.equal(await shownBill(hub.url, lane), bill, lane);
    assert.equal(hub.output().match(/dropped/g), null, `nothing dropped at start:\n${hub.output()}`);
    hub.child.kill('SIGTERM');
    assert.equal(await hub.exited, 0);
  });
});

describe('abuse: prompts are bounded, counted and freed (in process, 8 KiB lanes, a 64 KiB hub)', () => {
  let running: RunningHub;
  after(() => running?.close());

  it('too large → 413; many lanes → 507 at the budget; /health counts them; cancel, clear and timeout free them', async () => {
    running = await startHubServer({ port: 0, heartbeatMs: 0, laneBudgetBytes: 8 * KiB, stateBudgetBytes: 64 * KiB, maxPromptBytes: 4 * KiB });
    const { url } = running;
    const tooBig = await post(url, 'prompt', 'p-0', paddedPrompt('big', 5 * KiB));
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error, 'prompt_too_large');
    assert.match(tooBig.body.message, /above the limit of 4096 bytes \(--max-prompt\)/);

    // 3 KiB prompts on lanes nobody watches: refused once the hub's 64 KiB are taken.
    let accepted = 0;
    let refused: { status: number; body: any } | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const reply = await post(url, 'prompt', `p-${i}`, paddedPrompt(`q-${i}`, 3 * KiB));
      if (reply.status === 200) accepted++;
      else refused = reply;
    }
    assert.equal(refused?.status, 507, JSON.stringify(refused?.body));
    assert.equal(refused.body.error, 'state_budget_exceeded');
    assert.ok(accepted >= 18 && accepted <= 21, `${accepted} prompts of 3 KiB fit in 64 KiB`);
    const full = await health(url);
    assert.equal(full.prompts, accepted, '/health counts open prompts');
    assert.equal(full.lanes, accepted, 'a lane with an open prompt is in use (it said 0)');
    assert.ok(full.state_bytes > accepted * 3 * KiB && full.state_bytes <= 64 * KiB);

    // Freed: cancelled, cleared with its lane.
    assert.equal((await post(url, 'cancel-prompt', 'p-0', { prompt_id: 'q-0' })).status, 200);
    assert.equal((await post(url, 'clear', 'p-1', { reason: 'done' })).status, 200);
    const freed = await health(url);
    assert.equal(freed.prompts, accepted - 2);
    assert.equal(freed.lanes, accepted - 2, 'a lane whose prompt closed is gone');
    assert.ok(freed.state_bytes <= full.state_bytes - 6 * KiB);
    assert.equal((await post(url, 'prompt', 'p-new', paddedPrompt('q-new', 3 * KiB))).status, 200, 'freed room is used again');

    // The per-lane budget: a lane's bill and its prompt together.
    for (let i = 2; i < accepted; i++) await post(url, 'cancel-prompt', `p-${i}`, { prompt_id: `q-${i}` });
    assert.equal((await post(url, 'update-bill', 'till-1', paddedBill('T1', 6 * KiB))).status, 200);
    const onLane = await post(url, 'prompt', 'till-1', paddedPrompt('tip', 3 * KiB));
    assert.equal(onLane.status, 413);
    assert.equal(onLane.body.error, 'lane_budget_exceeded');

    // Timed out: freed by itself.
    assert.equal((await post(url, 'prompt', 'p-t', paddedPrompt('q-t', 100, { timeout_s: 1 }))).status, 200);
    const before = (await health(url)).prompts;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.equal((await health(url)).prompts, before - 1, 'a timed-out prompt is freed');
  });
});

describe('abuse: invented lanes never lock the cashier out (in process, --max-reader-lanes 20)', () => {
  let running: RunningHub;
  const streams: SseStream[] = [];
  after(async () => {
    for (const stream of streams) stream.close();
    await running?.close();
  });

  it('readers on made-up lanes up to the bound, the next gets 503 naming the flag; the cashier\'s new lane gets 200', async () => {
    running = await startHubServer({ port: 0, heartbeatMs: 0, maxReaderLanes: 20 });
    const { url } = running;
    for (let i = 0; i < 20; i++) {
      const stream = await openSse(`${url}${API}/stream?lane=made-up-${i}`);
      streams.push(stream);
      await stream.waitFor((e) => e.event === 'connected', 3000);
    }
    const refused = await fetch(`${url}${API}/stream?lane=made-up-20`);
    assert.equal(refused.status, 503);
    const body = (await refused.json()) as { error: string; message: string };
    assert.equal(body.error, 'too_many_lanes');
    assert.match(body.message, /at most 20; raise it with --max-reader-lanes/);

    const cashier = await post(url, 'update-bill', 'till-new', billWith(2));
    assert.equal(cashier.status, 200, 'a cashier\'s new lane is refused by bytes only');
    const withReaders = await health(url);
    assert.equal(withReaders.lanes, 21);
    assert.ok(withReaders.state_bytes < 4 * KiB, `readers' lanes hold no bytes (${withReaders.state_bytes})`);
    assert.equal((await openSse(`${url}${API}/stream?lane=till-new`).then((s) => (streams.push(s), s.waitFor((e) => e.event === 'bill-update', 3000)))).event, 'bill-update', 'a reader of a cashier\'s lane is never refused');

    // A reader lane is dropped with its last stream: room for another.
    const gone = streams.shift()!;
    gone.close();
    await gone.ended;
    await waitUntil(async () => (await health(url)).lanes === 20);
    const another = await openSse(`${url}${API}/stream?lane=made-up-20`);
    streams.push(another);
    assert.equal((await another.waitFor((e) => e.event === 'connected', 3000)).event, 'connected');
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
