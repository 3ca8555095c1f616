/**
 * The crash races of issue 13, run for real: the built hub CLI with `--state-file`, one
 * display page in Chromium, and `kill -9` at the worst moments a till can meet. After each
 * crash the hub is started again from the same file and the till posts at once; the display
 * must show that post, and never a payment or dialog of another bill than the one it shows.
 * The reliability suite and `npm run bench` (reliability) share this runner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { compareEventIds } from '../../src/protocol/index.js';
import { launchChromium } from './chromium.js';
import { BUNDLE, displayPageHtml, panelText, probeLog, showsEmptyState, waitUntil, type ProbeEntry } from './display-page.js';
import { billWith, QRIS_PAYMENT } from './fixtures.js';
import { freePort, startHubProcess, type HubProcess } from './hub-process.js';
import { postJson } from './sse-client.js';
import { serveStatic } from './static-server.js';

const API = '/api/customer-display';
/** How long the display may take to show the till's post after the restart before the round counts as lost. */
const SHOW_TIMEOUT_MS = 5000;

/** What the display must end up showing: a bill (by number) or nothing, as of the post's event id. */
type Expected = { bill: string; eventId: string } | { bill: null; eventId: string };

/** The till, as a race sees it: posts a command, resolves with the event id the hub answered. */
type Post = (command: string, body: unknown) => Promise<string>;

export interface CrashRace {
  name: string;
  /** What the till does before the crash; the hub is killed as soon as this resolves. */
  beforeCrash(post: Post, page: Page, tag: string): Promise<void>;
  /** The till's first post after the restart, and what the display must then show. */
  afterRestart(post: Post, tag: string): Promise<Expected>;
}

const postBill = async (post: Post, tag: string): Promise<Expected> => {
  const eventId = await post('update-bill', billWith(2, { bill_id: tag, bill_number: tag }));
  return { bill: tag, eventId };
};

export const CRASH_RACES: readonly CrashRace[] = [
  {
    name: 'kill -9 with the bill on screen, then a bill',
    async beforeCrash(post, page, tag) {
      await postBill(post, `${tag}-A`);
      await waitUntil(`${tag}-A on screen`, async () => (await panelText(page)).includes(`${tag}-A`), SHOW_TIMEOUT_MS, 10);
    },
    afterRestart: (post, tag) => postBill(post, `${tag}-B`),
  },
  {
    name: 'kill -9 right after a post, then a bill',
    beforeCrash: async (post, _page, tag) => void (await postBill(post, `${tag}-A`)),
    afterRestart: (post, tag) => postBill(post, `${tag}-B`),
  },
  {
    name: 'kill -9 right after a post, then a clear',
    beforeCrash: async (post, _page, tag) => void (await postBill(post, `${tag}-A`)),
    afterRestart: async (post) => ({ bill: null, eventId: await post('clear', { reason: 'cancelled' }) }),
  },
  {
    name: 'kill -9 during a QRIS payment, then another bill',
    async beforeCrash(post, _page, tag) {
      const bill = `${tag}-A`;
      await postBill(post, bill);
      await post('show-modal', { modal_type: 'payment', data: { bill_id: bill, total: 3330, readonly: true } });
      await post('payment', { ...QRIS_PAYMENT, bill_id: bill });
    },
    afterRestart: (post, tag) => postBill(post, `${tag}-B`),
  },
];

/** Entries where the screen held a payment or dialog of a bill other than the one it showed. */
export function paymentsOfAnotherBill(entries: readonly ProbeEntry[]): ProbeEntry[] {
  return entries.filter(
    (entry) =>
      entry.billId !== null &&
      ((entry.paymentBillId !== null && entry.paymentBillId !== entry.billId) ||
        (entry.modalBillId !== null && entry.modalBillId !== '' && entry.modalBillId !== entry.billId)),
  );
}

export interface RaceTally {
  race: string;
  recovered: number;
  total: number;
  /** Why each lost round was lost. */
  failures: string[];
  /** From the restarted hub's health answer to the post on screen, per recovered round (ms). */
  showMs: number[];
}

/** The hub process, its port and its state file, kept across crashes. */
class CrashingHub {
  private hub: HubProcess | undefined;

  constructor(
    readonly port: number,
    private readonly stateFile: string,
  ) {}

  async start(): Promise<void> {
    this.hub = await startHubProcess(['--port', String(this.port), '--state-file', this.stateFile, '--heartbeat', '1000', '--log-level', 'warn']);
  }

  async kill(): Promise<void> {
    if (!this.hub) return;
    this.hub.child.kill('SIGKILL');
    await this.hub.exited;
    this.hub = undefined;
  }

  readonly post: Post = async (command, body) => {
    const reply = await postJson(`http://127.0.0.1:${this.port}${API}/${command}`, body);
    if (reply.status !== 200) throw new Error(`${command} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return String(reply.body.event_id);
  };
}

/** The display shows `expected` (as of its event, or later). */
async function shows(page: Page, expected: Expected): Promise<boolean> {
  const last = (await probeLog(page)).at(-1);
  if (!last?.lastEventId || compareEventIds(last.lastEventId, expected.eventId)! < 0) return false;
  if (expected.bill === null) return last.bill === null && (await showsEmptyState(page));
  return last.bill === expected.bill && (await panelText(page)).includes(expected.bill);
}

/** One round: the race's posts, kill -9, restart, the next post; why it was lost, or the time to show it. */
async function runRound(race: CrashRace, hub: CrashingHub, page: Page, tag: string): Promise<{ lost?: string; showMs?: number }> {
  const logStart = (await probeLog(page)).length;
  await race.beforeCrash(hub.post, page, tag);
  await hub.kill();
  await hub.start();
  const upAt = Date.now();
  const expected = await race.afterRestart(hub.post, tag);
  let lost: string | undefined;
  try {
    await waitUntil(`the display to show ${expected.bill ?? 'the clear'}`, () => shows(page, expected), SHOW_TIMEOUT_MS, 10);
  } catch {
    const last = (await probeLog(page)).at(-1);
    lost = `${tag}: shows ${last?.bill ?? 'nothing'} as of ${last?.lastEventId}, not ${expected.bill ?? 'the clear'} (${expected.eventId})`;
  }
  const showMs = Date.now() - upAt;
  const wrong = paymentsOfAnotherBill((await probeLog(page)).slice(logStart));
  if (wrong.length) lost = `${tag}: showed a payment or dialog of another bill: ${JSON.stringify(wrong[0])}`;
  return lost ? { lost } : { showMs };
}

/**
 * Runs every race `rounds` times over one page, one state file and one port. Races take
 * turns round by round, so a slow moment of the machine does not land on one race only.
 */
export async function runCrashRaces(rounds: number, races: readonly CrashRace[] = CRASH_RACES): Promise<{ tallies: RaceTally[]; pageErrors: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'display-hub-crash-'));
  const hub = new CrashingHub(await freePort(), join(dir, 'state.json'));
  await hub.start();
  // Retries start at 50 ms and stay under 200 ms: a round waits for the restart, not for a backoff.
  const site = await serveStatic({
    '/customer-display.js': BUNDLE,
    '/': { html: displayPageHtml(`http://127.0.0.1:${hub.port}`, 'reconnect-delay="50" max-reconnect-delay="200"') },
  });
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  const tallies: RaceTally[] = races.map((race) => ({ race: race.name, recovered: 0, total: 0, failures: [], showMs: [] }));
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${site.url}/`);
    await waitUntil('the display live', async () => (await probeLog(page)).at(-1)?.status === 'live', 10_000);
    for (let round = 0; round < rounds; round++) {
      for (const [index, race] of races.entries()) {
        const tally = tallies[index]!;
        const outcome = await runRound(race, hub, page, `R${index}-${round}`);
        tally.total++;
        if (outcome.lost) {
          tally.failures.push(outcome.lost);
        } else {
          tally.recovered++;
          tally.showMs.push(outcome.showMs!);
        }
      }
    }
  } finally {
    await browser.close();
    await site.close();
    await hub.kill();
    await rm(dir, { recursive: true, force: true });
  }
  return { tallies, pageErrors };
}
