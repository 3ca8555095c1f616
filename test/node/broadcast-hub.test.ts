/**
 * BroadcastChannel mode without a browser: the publisher (its hub core loaded on demand)
 * and display connections (`BroadcastConnection`) on Node's global BroadcastChannel, which
 * delivers between instances of one process as between windows of one browser.
 * test/node/broadcast.test.ts covers the drop-in bundles in Chromium; this covers the
 * protocol: openings, live events, snapshots for late displays, lanes, prompts, closing.
 * Every channel is closed at the end of each test, or the process would not exit.
 */
import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { createBroadcastHub, type BroadcastHub } from '../../src/hub/adapters/broadcast-hub.js';
import { broadcastChannelName, EVENT_NAMES } from '../../src/protocol/index.js';
import { createDisplayPublisher, type DisplayPublisher } from '../../src/publisher/publisher.js';
import { BroadcastConnection } from '../../src/sync/broadcast-connection.js';
import type { ConnectionStatus } from '../../src/sync/display-state.js';
import { billWith } from '../support/fixtures.js';

interface Received {
  event: string;
  data: Record<string, unknown>;
  id: string;
}

/** A display window's connection, with what it received. */
class TestDisplay {
  readonly events: Received[] = [];
  readonly statuses: ConnectionStatus[] = [];
  readonly connection: BroadcastConnection;
  private lastId: string | null = null;

  constructor(lane: string) {
    this.connection = new BroadcastConnection({
      lane,
      events: EVENT_NAMES,
      onEvent: (event, data, id) => {
        this.events.push({ event, data: JSON.parse(data), id });
        this.lastId = id || this.lastId;
      },
      onStatus: (status) => this.statuses.push(status),
      resumeId: () => this.lastId,
      backoff: { initialMs: 20, maxMs: 100 },
      silenceTimeoutMs: 0,
    });
    this.connection.start();
  }

  /** Bill numbers of the bill updates received, in order. */
  get bills(): string[] {
    return this.events.filter((e) => e.event === 'bill-update').map((e) => e.data.bill_number as string);
  }

  /** Event names received, pings left out. */
  get names(): string[] {
    return this.events.filter((e) => e.event !== 'ping').map((e) => e.event);
  }

  waitFor(what: string, done: () => boolean, timeoutMs = 3000): Promise<void> {
    return waitUntil(`${what}; received ${JSON.stringify(this.names)}`, done, timeoutMs);
  }
}

async function waitUntil(what: string, done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Long enough for a BroadcastChannel message to arrive, were one sent. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('BroadcastChannel hub and display connection (Node)', () => {
  // Whatever a test opens, closed after it (also when it fails).
  const open: Array<{ close(): void } | { stop(): void }> = [];
  const publisherOn = (lane: string): DisplayPublisher => track(createDisplayPublisher({ transport: 'broadcast', lane }));
  const displayOn = (lane: string): TestDisplay => {
    const display = new TestDisplay(lane);
    track(display.connection);
    return display;
  };
  const track = <T extends { close(): void } | { stop(): void }>(thing: T): T => (open.push(thing), thing);

  before(() => {
    // The connection says bye on `pagehide`, a window event Node has no target for.
    if (typeof globalThis.addEventListener !== 'function') {
      const page = new EventTarget();
      Object.assign(globalThis, { addEventListener: page.addEventListener.bind(page), removeEventListener: page.removeEventListener.bind(page) });
    }
  });
  afterEach(() => {
    for (const thing of open.splice(0)) 'close' in thing ? thing.close() : thing.stop();
  });

  it('a display on the lane gets its opening, then the live events the publisher posts', async () => {
    const publisher = publisherOn('bh-live');
    const display = displayOn('bh-live');
    await display.waitFor('the opening', () => display.names.includes('connected'));
    const greeting = display.events.find((e) => e.event === 'connected')!;
    assert.deepEqual({ status: greeting.data.status, lane: greeting.data.lane, mode: greeting.data.mode }, { status: 'ok', lane: 'bh-live', mode: 'snapshot' });
    assert.equal(display.statuses.at(-1), 'live');

    assert.deepEqual(await publisher.updateBill(billWith(2, { bill_number: 'LIVE-1' })), { ok: true, status: 200 });
    await publisher.showModal({ modal_type: 'payment', html: '<p>Pay</p>' });
    await publisher.clear();
    await display.waitFor('bill, modal, clear', () => display.names.includes('clear'));
    assert.deepEqual(display.names, ['connected', 'bill-update', 'modal-show', 'clear']);
    assert.deepEqual(display.bills, ['LIVE-1']);
    const ids = display.events.slice(1).map((e) => e.id);
    assert.ok(ids.every((id) => id !== ''), 'live events carry ids, to resume from');
    assert.equal(new Set(ids).size, ids.length);
  });

  it('a display that joins late gets the current state as a snapshot, not the history', async () => {
    const publisher = publisherOn('bh-late');
    for (let n = 1; n <= 3; n++) await publisher.updateBill(billWith(n, { bill_number: `LATE-${n}` }));
    await publisher.showModal({ modal_type: 'payment', html: '<p>Pay</p>' });
    const display = displayOn('bh-late');
    await display.waitFor('the snapshot', () => display.names.includes('modal-show'));
    assert.deepEqual(display.names, ['connected', 'bill-update', 'modal-show']);
    assert.deepEqual(display.bills, ['LATE-3']);
    assert.equal(display.events[0]!.data.mode, 'snapshot');
    await publisher.updateBill(billWith(1, { bill_number: 'LATE-4' }));
    await display.waitFor('the next update', () => display.bills.includes('LATE-4'));
  });

  it('lanes are isolated: each display hears its own lane only', async () => {
    const [tillA, tillB] = [publisherOn('bh-lane-a'), publisherOn('bh-lane-b')];
    const [displayA, displayB] = [displayOn('bh-lane-a'), displayOn('bh-lane-b')];
    await Promise.all([displayA, displayB].map((d) => d.waitFor('the opening', () => d.names.includes('connected'))));
    await tillA.updateBill(billWith(1, { bill_number: 'ONLY-A' }));
    await tillB.updateBill(billWith(1, { bill_number: 'ONLY-B' }));
    await Promise.all([displayA.waitFor('A', () => displayA.bills.length > 0), displayB.waitFor('B', () => displayB.bills.length > 0)]);
    await settle();
    assert.deepEqual(displayA.bills, ['ONLY-A']);
    assert.deepEqual(displayB.bills, ['ONLY-B']);
    assert.equal(displayA.events[0]!.data.lane, 'bh-lane-a');
    assert.equal(displayB.events[0]!.data.lane, 'bh-lane-b');
  });

  it('a prompt asked through the broadcast hub shows on the display; a wrong answer is refused, the right one resolves ask()', async () => {
    const publisher = publisherOn('bh-prompt');
    const display = displayOn('bh-prompt');
    await display.waitFor('the opening', () => display.names.includes('connected'));
    const asked = publisher.ask({ prompt_id: 'bh-rate', kind: 'rating', scale: 5 });
    await display.waitFor('the prompt', () => display.names.includes('prompt-show'));
    assert.equal(display.events.find((e) => e.event === 'prompt-show')!.data.prompt_id, 'bh-rate');

    assert.deepEqual(await display.connection.respond('bh-rate', 6), { ok: false, error: 'value: expected a whole number from 1 to 5' });
    assert.deepEqual(await display.connection.respond('bh-rate', 4), { ok: true });
    assert.deepEqual(await asked, { status: 'answered', value: 4 });
    await display.waitFor('the prompt closed', () => display.names.includes('prompt-close'));
    const closed = await display.connection.respond('bh-rate', 5);
    assert.equal(closed.ok, false, 'an answered prompt takes no second answer');
  });

  it('a prompt taken back by the cashier resolves cancelled and closes on the display', async () => {
    const publisher = publisherOn('bh-cancel');
    const display = displayOn('bh-cancel');
    await display.waitFor('the opening', () => display.names.includes('connected'));
    const asked = publisher.ask({ prompt_id: 'bh-receipt', kind: 'confirm', text: 'Receipt?' });
    await display.waitFor('the prompt', () => display.names.includes('prompt-show'));
    assert.equal(await publisher.cancelPrompt('bh-receipt'), true);
    assert.deepEqual(await asked, { status: 'cancelled', reason: 'cashier' });
    await display.waitFor('the prompt closed', () => display.names.includes('prompt-close'));
  });

  it('a display that stops says bye: the hub forgets it and sends it nothing more', async () => {
    const hub: BroadcastHub = track(createBroadcastHub('bh-bye', { heartbeatMs: 0 }));
    const display = displayOn('bh-bye');
    await display.waitFor('the opening', () => display.names.includes('connected'));
    assert.equal(hub.displays, 1);
    display.connection.stop();
    await waitUntil('the bye', () => hub.displays === 0);
    const received = display.events.length;
    hub.publish({ command: 'update-bill', body: billWith(1, { bill_number: 'AFTER-BYE' }) } as never);
    await settle();
    assert.equal(display.events.length, received);
  });

  it('a closed publisher stops delivery: nothing reaches the display, and calls resolve ok false', async () => {
    const publisher = publisherOn('bh-closed');
    const display = displayOn('bh-closed');
    await publisher.updateBill(billWith(1, { bill_number: 'BEFORE-CLOSE' }));
    await display.waitFor('the bill', () => display.bills.includes('BEFORE-CLOSE'));
    publisher.close();
    // Another channel on the lane sees whatever the closed hub might still send.
    const heard: unknown[] = [];
    const listener = track(new BroadcastChannel(broadcastChannelName('bh-closed')));
    listener.onmessage = ({ data }) => heard.push(data);
    assert.deepEqual(await publisher.updateBill(billWith(1, { bill_number: 'AFTER-CLOSE' })), { ok: false, status: 0, error: 'the publisher was closed' });
    await settle();
    assert.deepEqual(display.bills, ['BEFORE-CLOSE']);
    assert.deepEqual(heard, []);
  });
});
