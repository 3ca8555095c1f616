/**
 * One contract, two stores: the same Hub behaviour (openings, resume, snapshots, fan-out,
 * lanes, the new-bill rule) with its lanes in memory and in a real redis-server.
 * Subscribers are in-process fakes, so each case reads exactly what a stream would carry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hub, type HubOptions, type StreamOpening, type Subscriber } from '../../src/hub/hub.js';
import { LaneBudgetError } from '../../src/hub/state-budget.js';
import { connectRedisStore } from '../../src/hub/store/redis/redis-store.js';
import { parseFrames, type Command, type Frame } from '../../src/protocol/index.js';
import { billWith, QRIS_PAYMENT } from '../support/fixtures.js';
import { redisForTests, startRedis, type RedisProcess } from '../support/redis-server.js';

interface Received {
  id?: string;
  event?: string;
  data: any;
}

/** A stream as a display would read it. */
class FakeDisplay implements Subscriber {
  readonly events: Received[] = [];
  /** What the hub reported of its opening. */
  readonly openings: StreamOpening[] = [];
  /** Per frame: the last id it reports carrying, and the last id line its text holds. */
  readonly frameIds: Array<{ reported: string | undefined; written: string | undefined }> = [];
  closed = false;
  private waiters: Array<() => void> = [];

  opened(opening: StreamOpening): void {
    this.openings.push(opening);
  }

  send(frame: Frame): void {
    let written: string | undefined;
    for (const message of parseFrames(frame.text)) {
      if ('retry' in message) continue;
      written = message.id ?? written;
      this.events.push({ id: message.id, event: message.event, data: JSON.parse(message.data) });
    }
    this.frameIds.push({ reported: frame.lastEventId, written });
    for (const wake of this.waiters.splice(0)) wake();
  }

  close(): void {
    this.closed = true;
  }

  async waitFor(predicate: (events: Received[]) => boolean, timeoutMs = 3000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) throw new Error(`timed out; received ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.events;
  }

  /** Events after the opening's `connected`, without pings. */
  get live(): Received[] {
    return this.events.filter((e) => e.event !== 'connected' && e.event !== 'ping');
  }

  get mode(): string | undefined {
    return this.events.find((e) => e.event === 'connected')?.data.mode;
  }
}

const bill = (items: number, overrides: Record<string, unknown> = {}): Command => ({ command: 'update-bill', body: billWith(items, overrides) as never });
const payment = (bill_id: unknown, status = 'pending'): Command => ({ command: 'payment', body: { ...QRIS_PAYMENT, bill_id, status } as never });
const modal = (bill_id?: unknown): Command => ({ command: 'show-modal', body: { modal_type: 'payment', html: '<p>pay</p>', data: bill_id === undefined ? {} : { bill_id } } as never });
const clear = (reason = 'payment_success'): Command => ({ command: 'clear', body: { reason } as never });

async function connected(hub: Hub, lane: string, lastEventId?: string | null) {
  const display = new FakeDisplay();
  const disconnect = hub.connect(lane, display, lastEventId);
  await display.waitFor((events) => events.some((e) => e.event === 'connected'));
  return Object.assign(display, { disconnect });
}

const { binary: redisBinary, skip: redisSkip } = redisForTests();

/** What a case may set on both stores alike. */
type Limits = Pick<HubOptions, 'laneBudgetBytes'>;

const stores: Array<{ name: string; skip: string | false; make: (limits?: Limits) => Promise<Hub>; setup?: () => Promise<void>; teardown?: () => Promise<void> }> = [];
let redis: RedisProcess | undefined;
let prefixes = 0;
stores.push({ name: 'memory store', skip: false, make: async (limits = {}) => new Hub({ heartbeatMs: 0, ...limits }) });
stores.push({
  name: 'Redis store',
  skip: redisSkip,
  setup: async () => void (redis = await startRedis(redisBinary)),
  teardown: async () => void (await redis?.stop()),
  // Each hub gets its own key prefix: every case starts from empty lanes.
  make: async (limits = {}) => new Hub({ heartbeatMs: 0, ...limits, store: await connectRedisStore({ redis: redis!.url, keyPrefix: `contract${++prefixes}`, ...limits }) }),
});

for (const store of stores) {
  describe(`hub contract: ${store.name}`, { skip: store.skip }, () => {
    const hubs: Hub[] = [];
    const hub = async (limits?: Limits) => {
      const made = await store.make(limits);
      hubs.push(made);
      return made;
    };
    before(async () => store.setup?.());
    after(async () => {
      for (const made of hubs) await made.close();
      await store.teardown?.();
    });

    it('a new display gets connected (snapshot) with the current state, all under the head id', async () => {
      const h = await hub();
      await h.publish('till-1', bill(2, { bill_number: 'SNAP' }));
      const last = await h.publish('till-1', payment(7));
      const display = await connected(h, 'till-1');
      await display.waitFor((events) => events.some((e) => e.event === 'payment-update'));
      assert.equal(display.mode, 'snapshot');
      assert.deepEqual(display.events.map((e) => e.event), ['connected', 'bill-update', 'payment-update']);
      assert.ok(display.events.every((e) => e.id === last.eventId), 'snapshot events carry the head id');
      assert.equal(display.events[1]!.data.bill_number, 'SNAP');
      display.disconnect();
    });

    it('live events reach every display of the lane in order, with increasing ids, and no other lane', async () => {
      const h = await hub();
      const [one, two, other] = await Promise.all([connected(h, 'till-1'), connected(h, 'till-1'), connected(h, 'till-2')]);
      const ids: string[] = [];
      for (let n = 1; n <= 5; n++) ids.push((await h.publish('till-1', bill(n, { bill_number: `N-${n}` }))).eventId);
      for (const display of [one, two]) {
        await display.waitFor(() => display.live.length === 5);
        assert.deepEqual(display.live.map((e) => e.data.bill_number), ['N-1', 'N-2', 'N-3', 'N-4', 'N-5']);
        assert.deepEqual(display.live.map((e) => e.id), ids);
      }
      assert.deepEqual(other.live, [], 'another lane hears nothing');
      for (const display of [one, two, other]) display.disconnect();
    });

    it('resumes with exactly the missed events; an unknown, garbage or future id gets a snapshot', async () => {
      const h = await hub();
      const seen = await h.publish('till-1', bill(1, { bill_number: 'SEEN' }));
      await h.publish('till-1', bill(2, { bill_number: 'MISSED-1' }));
      await h.publish('till-1', modal(7));
      const resumed = await connected(h, 'till-1', seen.eventId);
      await resumed.waitFor(() => resumed.live.length === 2);
      assert.equal(resumed.mode, 'resume');
      assert.equal(resumed.events[0]!.id, seen.eventId, 'the greeting repeats the display\'s own id');
      assert.deepEqual(resumed.live.map((e) => e.event), ['bill-update', 'modal-show']);
      resumed.disconnect();
      for (const id of ['garbage', '99999999999999999', '0-1']) {
        const display = await connected(h, 'till-1', id);
        await display.waitFor(() => display.live.length === 2);
        assert.equal(display.mode, 'snapshot', id);
        assert.deepEqual(display.live.map((e) => e.event), ['bill-update', 'modal-show'], id);
        display.disconnect();
      }
    });

    it('reports each opening (mode, head) before it is sent, and the id of the last event of every frame', async () => {
      const h = await hub();
      const first = await h.publish('till-1', bill(1));
      const head = await h.publish('till-1', payment(7));
      const fresh = await connected(h, 'till-1');
      assert.deepEqual(fresh.openings, [{ mode: 'snapshot', head: head.eventId }]);
      assert.equal(fresh.frameIds[0]!.reported, head.eventId, 'a snapshot is as of the head');
      const upToDate = await connected(h, 'till-1', head.eventId);
      assert.deepEqual(upToDate.openings, [{ mode: 'resume', head: head.eventId }]);
      assert.equal(upToDate.frameIds[0]!.reported, head.eventId, 'nothing missed: its own id');
      const behind = await connected(h, 'till-1', first.eventId);
      await behind.waitFor(() => behind.live.length === 1);
      assert.equal(behind.openings[0]!.mode, 'resume');
      assert.equal(behind.frameIds.at(-1)!.reported, head.eventId, 'the last missed event');
      const live = await h.publish('till-1', bill(2));
      await fresh.waitFor(() => fresh.live.length === 3);
      assert.equal(fresh.frameIds.at(-1)!.reported, live.eventId);
      for (const display of [fresh, upToDate, behind]) {
        assert.equal(display.openings.length, 1, 'told once');
        for (const ids of display.frameIds) assert.equal(ids.reported, ids.written, 'what it reports is what the display reads');
        display.disconnect();
      }
    });

    it("a bill with another bill_id hides the previous bill's dialog and ends its payment", async () => {
      const h = await hub();
      const display = await connected(h, 'till-1');
      await h.publish('till-1', bill(1, { bill_id: 'A' }));
      await h.publish('till-1', modal('A'));
      await h.publish('till-1', payment('A'));
      await h.publish('till-1', bill(2, { bill_id: 'A' }));
      await display.waitFor(() => display.live.length === 4);
      assert.deepEqual(display.live.map((e) => e.event), ['bill-update', 'modal-show', 'payment-update', 'bill-update'], 'the same bill keeps them');
      await h.publish('till-1', bill(1, { bill_id: 'B' }));
      await display.waitFor(() => display.live.length === 6);
      assert.deepEqual(display.live.slice(4).map((e) => e.event), ['modal-hide', 'bill-update']);
      const late = await connected(h, 'till-1');
      await late.waitFor(() => late.live.length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(late.live.map((e) => e.event), ['bill-update'], 'no dialog, no payment of bill A in the snapshot');
      assert.equal(late.live[0]!.data.bill_id, 'B');
      display.disconnect();
      late.disconnect();
    });

    it('a change that would take a lane past its byte budget is refused and changes nothing; shrinking always passes', async () => {
      const h = await hub({ laneBudgetBytes: 4096 });
      const display = await connected(h, 'till-9');
      await h.publish('till-9', bill(1, { bill_id: 'A' }));
      const padded = bill(1, { bill_id: 'A', padding: 'x'.repeat(5000) });
      await assert.rejects(async () => h.publish('till-9', padded), LaneBudgetError);
      await assert.rejects(async () => h.publish('till-10', padded), LaneBudgetError, 'a new lane too');
      await h.publish('till-9', clear('void'));
      await display.waitFor((events) => events.some((e) => e.event === 'clear'));
      assert.deepEqual(display.live.map((e) => e.event), ['bill-update', 'clear'], 'the refused bill reached no display');
      const late = await connected(h, 'till-10');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(late.events.map((e) => e.event), ['connected'], 'the refused new lane shows nothing');
      display.disconnect();
      late.disconnect();
    });

    it('clear empties the lane: a later display gets connected and nothing else', async () => {
      const h = await hub();
      await h.publish('till-3', bill(1));
      await h.publish('till-3', clear('void'));
      const display = await connected(h, 'till-3');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(display.events.map((e) => e.event), ['connected']);
      display.disconnect();
    });

    it('summary counts the displays here; a lane nobody watches and that shows nothing is forgotten', async () => {
      const h = await hub();
      const display = await connected(h, 'watched');
      await h.publish('watched', bill(1));
      const row = h.summary().find((lane) => lane.lane === 'watched');
      assert.deepEqual(row, { lane: 'watched', clients: 1, has_bill: true, modal_visible: false, payment_status: null });
      await h.publish('watched', clear('void'));
      await display.waitFor(() => display.live.some((e) => e.event === 'clear'));
      display.disconnect();
      assert.equal(h.summary().find((lane) => lane.lane === 'watched'), undefined);
      assert.equal(h.clientCount, 0);
    });

    it('disconnectAll tells streams when to come back and closes them; state stays', async () => {
      const h = await hub();
      await h.publish('till-1', bill(3, { bill_number: 'STAYS' }));
      const display = await connected(h, 'till-1');
      h.disconnectAll({ retryMs: 1234 });
      assert.equal(display.closed, true);
      assert.equal(h.clientCount, 0);
      const again = await connected(h, 'till-1');
      await again.waitFor(() => again.live.length === 1);
      assert.equal(again.live[0]!.data.bill_number, 'STAYS');
      again.disconnect();
    });
  });
}
