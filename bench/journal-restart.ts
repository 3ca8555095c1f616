/**
 * How long the hub takes to start on a large state file, and its peak RSS (item 1's
 * restart loop). Writes a journal the way the hub writes one (a header, then one record per
 * change with the lane's whole state): per lane three changes of `--kb` KB each (a bill,
 * then a dialog, then a payment, extra fields included), so the last record of a lane holds
 * three times that. Then starts the CLI on it and reports the time until /health answers
 * (or the exit and its last lines), VmHWM, the warnings, and the file once it has stopped.
 *
 *   node --import tsx bench/journal-restart.ts --lanes 300 --kb 250 [--cli dist/hub/cli.js]
 *     [--heap 256] [--file /tmp/state.json (reused if there: the hub rewrites it, copy it first)]
 *     [--write-only] [-- extra hub flags]
 *
 * Bounded: the start is given 120 s, the stop 60 s; the process is killed after either.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../test/support/hub-process.js';

const split = process.argv.indexOf('--');
const { values } = parseArgs({
  args: process.argv.slice(2, split === -1 ? undefined : split),
  options: { lanes: { type: 'string', default: '300' }, kb: { type: 'string', default: '250' }, cli: { type: 'string', default: 'dist/hub/cli.js' }, heap: { type: 'string' }, file: { type: 'string' }, keep: { type: 'boolean', default: false }, 'write-only': { type: 'boolean', default: false } },
});
const hubFlags = split === -1 ? [] : process.argv.slice(split + 1);
const lanes = Number(values.lanes);
const bytes = Number(values.kb) * 1024;

function writeJournal(path: string): void {
  const fd = openSync(path, 'w');
  try {
    let id = 1_000_000;
    writeSync(fd, `${JSON.stringify({ format: 'pos-customer-display/state', version: 2, last_event_id: id })}\n`);
    const filler = (lane: number, what: string) => `${what}-${lane}-`.padEnd(bytes, 'x');
    for (let lane = 0; lane < lanes; lane++) {
      const bill = { bill_id: `b-${lane}`, bill_number: `INV-${lane}`, items: [{ id: '1', name: 'Item', quantity: 1, unit_price: 1000, subtotal: 1000 }], subtotal: 1000, tax: 0, discount: 0, total: 1000, note: filler(lane, 'bill') };
      const modal = { modal_type: 'payment', html: filler(lane, 'modal'), data: { total: 1000 } };
      const payment = { bill_id: `b-${lane}`, amount_due: 1000, method: 'cash', status: 'pending', note: filler(lane, 'payment') };
      for (const state of [{ bill, modal: null, payment: null }, { bill, modal, payment: null }, { bill, modal, payment }]) {
        writeSync(fd, `${JSON.stringify({ id: ++id, lane: `till-${lane}`, state })}\n`);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

const dir = values.file ? undefined : mkdtempSync(join(tmpdir(), 'journal-restart-'));
const file = values.file ?? join(dir!, 'state.json');
if (!existsSync(file)) {
  const began = Date.now();
  writeJournal(file);
  console.log(`wrote ${file}: ${lanes} lanes × 3 records, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB in ${Date.now() - began} ms`);
} else console.log(`reusing ${file}: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
if (values['write-only']) process.exit(0);

const port = await freePort();
const nodeArgs = values.heap ? [`--max-old-space-size=${values.heap}`] : [];
const args = [...nodeArgs, resolve(values.cli), '--port', String(port), '--state-file', file, '--log-level', 'warn', ...hubFlags];
console.log(`node ${args.join(' ')}`);
const began = Date.now();
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
let exitedWith: number | string | undefined;
void exited.then((code) => (exitedWith = code));
let peak: number | undefined;
let health: unknown;
while (Date.now() - began < 120_000 && exitedWith === undefined) {
  peak = peakRssMb(child.pid!) ?? peak;
  try {
    const reply = await fetch(`http://127.0.0.1:${port}/api/customer-display/health`);
    if (reply.ok) {
      health = await reply.json();
      break;
    }
  } catch {
    /* not up yet */
  }
  await new Promise((done) => setTimeout(done, 50));
}
const startMs = Date.now() - began;
peak = peakRssMb(child.pid!) ?? peak;
const shorten = (text: string) => text.split('\n').filter(Boolean).map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line));
if (health) {
  const { lanes: restored, state_bytes } = health as { lanes: number; state_bytes?: number };
  console.log(`started in ${startMs} ms; peak RSS ${peak} MiB; lanes ${restored}; state_bytes ${state_bytes ?? '-'}`);
  const stopBegan = Date.now();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  console.log(`stopped (exit ${code}) in ${Date.now() - stopBegan} ms; state file now ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`);
} else {
  if (exitedWith === undefined) child.kill('SIGKILL');
  const code = await exited;
  console.log(`did not start: exit ${code} after ${startMs} ms; peak RSS ${peak} MiB`);
}
for (const line of shorten(output).slice(-8)) console.log(`  | ${line}`);
if (dir && !values.keep) rmSync(dir, { recursive: true, force: true });
