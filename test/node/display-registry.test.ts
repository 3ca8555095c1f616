/**
 * The displays registry and its parts without a server or a socket: control streams are
 * fake subscribers collecting frames, pairings live in the in-memory store, and the clock
 * (the registry's `now` and its refresh timer) is sinon's.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { formatSseComment, parseFrames, type DisplayInfo, type Frame } from '../../src/protocol/index.js';
import type { Subscriber } from '../../src/hub/hub.js';
import { REFRESH_MS, SEEN_TIMEOUT_MS } from '../../src/hub/fleet/freshness.js';
import { CODE_ALPHABET, CODE_LENGTH, PairingCodes } from '../../src/hub/fleet/pairing-codes.js';
import { MemoryPairingStore, type Pending, type RegistryMessage } from '../../src/hub/fleet/pairing-store.js';
import { AddressPairingLimitError, DisplayRegistry, PairingLimitError } from '../../src/hub/fleet/registry.js';

/** A control stream: keeps what it is sent. */
class FakeSubscriber implements Subscriber {
  readonly frames: Frame[] = [];
  closed = false;
  send(frame: Frame): void {
    this.frames.push(frame);
  }
  close(): void {
    this.closed = true;
  }
  /** The events it was sent, in order, their data parsed. */
  events(): Array<{ event: string; data: Record<string, unknown> }> {
    return this.frames.flatMap((frame) => parseFrames(frame.text)).flatMap((message) => ('data' in message ? [{ event: message.event ?? 'message', data: JSON.parse(message.data) as Record<string, unknown> }] : []));
  }
  last(event: string): Record<string, unknown> | undefined {
    return this.events().filter((message) => message.event === event).at(-1)?.data;
  }
  pings(): number {
    return this.frames.filter((frame) => frame.text === formatSseComment('ping')).length;
  }
}

const CLIENT = { userAgent: 'Mozilla/5.0 (Linux; Android 9) Screen', address: '192.0.2.7' };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

let serial = 0;
/** A display's id and secret, as its page makes them. */
function identity(): { id: string; key: string } {
  serial++;
  return { id: `display-${String(serial).padStart(8, '0')}`, key: `secret-${String(serial).padStart(8, '0')}-${'k'.repeat(24)}` };
}

/** The in-memory store, with its messages held back until released (another instance's store, slow to tell). */
class SlowMessagesStore extends MemoryPairingStore {
  held: RegistryMessage[] = [];
  override async broadcast(message: RegistryMessage): Promise<void> {
    this.held.push(message);
  }
  async release(): Promise<void> {
    const held = this.held.splice(0);
    for (const message of held) await super.broadcast(message);
  }
}

describe('DisplayRegistry', () => {
  let clock: sinon.SinonFakeTimers;
  let store: MemoryPairingStore;
  let registry: DisplayRegistry;

  /** A screen's control stream opened; its code (null when it was paired). */
  async function open(who = identity(), subscriber = new FakeSubscriber()) {
    const close = await registry.openControl(who.id, who.key, subscriber, CLIENT);
    const code = subscriber.last('pairing')?.code as string | undefined;
    return { ...who, subscriber, close, code: code ?? null };
  }

  /** A screen paired to `lane` through its code, as the admin does it. */
  async function paired(lane = 'till-1', name = 'Front') {
    const screen = await open();
    assert.ok(await registry.assign(screen.code!, lane, name));
    return screen;
  }

  const listed = async (id: string): Promise<DisplayInfo | undefined> => (await registry.list()).find((display) => display.id === id);

  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setInterval', 'clearInterval'] });
    store = new MemoryPairingStore();
    registry = new DisplayRegistry(store, () => clock.now, 2);
    await registry.start();
  });
  afterEach(async () => {
    await registry.close();
    clock.restore();
  });

  describe('pairing codes', () => {
    it('a new screen is given a code on its control stream, listed as pending with who it is', async () => {
      const screen = await open();
      assert.match(screen.code!, CODE);
      assert.deepEqual(screen.subscriber.last('pairing'), { id: screen.id, code: screen.code });
      assert.deepEqual(await registry.list(), [
        { id: screen.id, code: screen.code, name: null, lane: null, status: 'pending', user_agent: CLIENT.userAgent, address: CLIENT.address, connected_at: T0, last_event_id: null, offline_since: null },
      ]);
    });

    it('a code is refreshed while its screen is connected: still listed and assignable after the timeout', async () => {
      const screen = await open();
      await clock.tickAsync(SEEN_TIMEOUT_MS + REFRESH_MS);
      assert.equal((await listed(screen.id))?.status, 'pending');
      const [pending] = await store.pendings();
      assert.equal(pending?.seen_at, T0 + SEEN_TIMEOUT_MS + REFRESH_MS, 'rewritten on the last refresh');
      assert.equal(pending?.connected_at, T0, 'when it came, not when it was last seen');
      assert.ok(await registry.assign(screen.code!, 'till-1', 'Front'));
    });

    it('a code nobody refreshes (its instance died) expires: not listed, not assigned', async () => {
      const pending = (code: string, seenAt: number): Pending => ({ id: `dead-instance-${code}`, code, key_hash: '00', user_agent: 'x', address: 'y', connected_at: seenAt, seen_at: seenAt });
      await store.addPending(pending('AAAAAA', T0 - SEEN_TIMEOUT_MS));
      await store.addPending(pending('CCCCCC', T0 - SEEN_TIMEOUT_MS + 1));
      assert.deepEqual((await registry.list()).map((display) => display.code), ['CCCCCC']);
      assert.equal(await registry.assign('AAAAAA', 'till-1', 'Front'), undefined, 'seen 30 s ago: stale');
      assert.equal((await registry.assign('cccccc', 'till-1', 'Front'))?.id, 'dead-instance-CCCCCC', 'just fresh, and any case');
    });

    it('a screen that goes away gives its code up', async () => {
      const screen = await open();
      screen.close();
      await clock.tickAsync(0);
      assert.deepEqual(await store.pendings(), []);
      assert.deepEqual(await registry.list(), []);
      assert.equal(await registry.assign(screen.code!, 'till-1', 'Front'), undefined);
    });

    it('at most maxWaiting screens wait here (PairingLimitError); paired or gone ones make room', async () => {
      const first = await open();
      await open();
      await assert.rejects(open(), PairingLimitError);
      await registry.assign(first.code!, 'till-1', 'Front');
      const third = await open();
      await assert.rejects(open(), PairingLimitError);
      third.close();
      await open();
    });

    it('one address has at most maxWaitingPerAddress screens waiting (AddressPairingLimitError); other addresses still get codes', async () => {
      await registry.close();
      registry = new DisplayRegistry(store, () => clock.now, 100, 3);
      await registry.start();
      const from = (address: string, who = identity()) => registry.openControl(who.id, who.key, new FakeSubscriber(), { ...CLIENT, address });
      for (let i = 0; i < 3; i++) await from('192.0.2.66');
      await assert.rejects(from('192.0.2.66'), (error: Error) => error instanceof AddressPairingLimitError && /at most 3 per address/.test(error.message));
      await from('192.0.2.7');
      assert.equal((await store.pendings()).length, 4, 'the refused one got no code');
    });

    it("a waiting screen's id keeps the key it came with: another key cannot replace its code; its own reconnect can", async () => {
      const screen = await open();
      const intruder = new FakeSubscriber();
      await assert.rejects(registry.openControl(screen.id, `${screen.key}-other`, intruder, CLIENT), /waiting with another key/);
      assert.equal(screen.subscriber.closed, false, 'the screen keeps its stream');
      assert.deepEqual((await store.pendings()).map((pending) => pending.code), [screen.code], 'and its code');
      assert.equal(intruder.last('pairing'), undefined);
      const again = await open(screen);
      assert.match(again.code!, CODE, 'the same key reconnects');
    });

    it('a paired display reconnecting needs no room: the limit is for screens showing a code', async () => {
      const screen = await paired();
      await open();
      await open();
      await registry.openControl(screen.id, screen.key, new FakeSubscriber(), CLIENT);
    });

    it('issuing skips codes already taken on any instance, and gives up after 20 clashes', async () => {
      let refusals = 3;
      const addPending = sinon.fake(async () => refusals-- <= 0);
      const codes = new PairingCodes({ addPending } as unknown as MemoryPairingStore, () => T0);
      const screen = { id: 'display-00000000', keyHash: Buffer.alloc(32), presence: { user_agent: 'ua', address: 'a', connected_at: T0, streaming: false, last_event_id: null, seen_at: T0, offline_since: null } };
      const code = await codes.issue(screen);
      assert.equal(addPending.callCount, 4);
      assert.equal((addPending.lastCall.args as unknown as [Pending])[0].code, code);
      refusals = Infinity;
      await assert.rejects(codes.issue(screen), /no free pairing code/);
      assert.equal(addPending.callCount, 4 + 20);
    });
  });

  describe('pairing, moves and revokes', () => {
    it('assign: the screen hears its pairing on its control stream, and its secret reads its lane only', async () => {
      const screen = await open();
      const pairing = await registry.assign(screen.code!.toLowerCase(), 'till-1', 'Front');
      assert.deepEqual(pairing && { id: pairing.id, lane: pairing.lane, name: pairing.name, paired_at: pairing.paired_at }, { id: screen.id, lane: 'till-1', name: 'Front', paired_at: T0 });
      assert.deepEqual(screen.subscriber.last('paired'), { id: screen.id, lane: 'till-1', name: 'Front' });
      assert.equal(screen.subscriber.closed, false, 'the control stream stays open');
      assert.equal(registry.laneOf(screen.id), 'till-1');
      assert.equal(await registry.assign(screen.code!, 'till-2', 'Again'), undefined, 'a code is assigned once');
    });

    it("a display's secret is checked (Verdict): ok, forbidden for another lane, unknown, missing", async () => {
      const screen = await paired('till-1');
      assert.equal(registry.checkDisplay(screen.id, screen.key, 'till-1'), 'ok');
      assert.equal(registry.checkDisplay(screen.id, screen.key, 'till-2'), 'forbidden');
      assert.equal(registry.checkDisplay(screen.id, `${screen.key}x`, 'till-1'), 'unknown');
      assert.equal(registry.checkDisplay('display-unknown-0001', screen.key, 'till-1'), 'unknown');
      assert.equal(registry.checkDisplay(null, screen.key, 'till-1'), 'unknown');
      assert.equal(registry.checkDisplay(screen.id, undefined, 'till-1'), 'missing');
      assert.equal(registry.checkDisplay(screen.id, '', 'till-1'), 'missing');
    });

    it('a change is applied here before every instance is told: paired here and sent here at once, it is let in', async () => {
      await registry.close();
      const slow = new SlowMessagesStore();
      registry = new DisplayRegistry(slow, () => clock.now, 2);
      await registry.start();
      const screen = await open();
      await registry.assign(screen.code!, 'till-1', 'Front');
      assert.equal(registry.checkDisplay(screen.id, screen.key, 'till-1'), 'ok', 'before the message arrives');
      assert.equal(screen.subscriber.last('paired'), undefined, 'the control stream hears it with the message');
      await slow.release();
      assert.deepEqual(screen.subscriber.last('paired'), { id: screen.id, lane: 'till-1', name: 'Front' });
    });

    it('a paired display coming back is told its pairing at once; its id with another secret is refused', async () => {
      const screen = await paired('till-1', 'Front');
      const again = await open(screen);
      assert.deepEqual(again.subscriber.events().map((message) => message.event), ['paired']);
      assert.deepEqual(again.subscriber.last('paired'), { id: screen.id, lane: 'till-1', name: 'Front' });
      await assert.rejects(registry.openControl(screen.id, `${screen.key}-other`, new FakeSubscriber(), CLIENT), /belongs to another display/);
    });

    it('the newest control stream of a display wins; the old one ending late does not end the new one', async () => {
      const screen = await paired();
      const newer = await open(screen);
      assert.equal(screen.subscriber.closed, true, 'the older stream is ended');
      screen.close(); // its socket's close event, after the newer stream came
      assert.equal(await registry.command(screen.id, 'identify', { number: 4 }), true);
      assert.deepEqual(newer.subscriber.last('identify'), { number: 4 });
      assert.equal((await listed(screen.id))?.status, 'stale', 'still connected');
    });

    it('revoke: the control stream hears `unpaired` and is closed, its lane streams end, its secret stops working', async () => {
      const screen = await paired('till-1');
      const laneClosed = sinon.fake();
      registry.trackLaneStream(screen.id, 'till-1', laneClosed, null);
      assert.equal(await registry.revoke(screen.id), true);
      assert.deepEqual(screen.subscriber.last('unpaired'), { id: screen.id });
      assert.equal(screen.subscriber.closed, true);
      assert.equal(laneClosed.callCount, 1);
      assert.equal(registry.checkDisplay(screen.id, screen.key, 'till-1'), 'unknown');
      assert.equal(registry.laneOf(screen.id), undefined);
      screen.close();
      assert.deepEqual(await registry.list(), [], 'no presence kept for a revoked display');
      assert.equal(await registry.revoke(screen.id), false);
    });

    it('move: lane streams of the old lane end, the control stream hears the new lane; a rename ends nothing', async () => {
      const screen = await paired('till-1', 'Front');
      const laneClosed = sinon.fake();
      registry.trackLaneStream(screen.id, 'till-1', laneClosed, null);
      await registry.update(screen.id, { name: 'Door' });
      assert.equal(laneClosed.callCount, 0);
      assert.deepEqual(screen.subscriber.last('paired'), { id: screen.id, lane: 'till-1', name: 'Door' });
      await registry.update(screen.id, { lane: 'till-2' });
      assert.equal(laneClosed.callCount, 1);
      assert.deepEqual(screen.subscriber.last('paired'), { id: screen.id, lane: 'till-2', name: 'Door' });
      assert.equal(registry.checkDisplay(screen.id, screen.key, 'till-2'), 'ok');
      assert.equal(await registry.update('display-unknown-0001', { lane: 'till-2' }), undefined);
    });

    it('commands reach the display on its control stream; an unpaired id is refused', async () => {
      const screen = await paired();
      assert.equal(await registry.command(screen.id, 'reload', {}), true);
      assert.deepEqual(screen.subscriber.last('reload'), {});
      assert.equal(await registry.command(screen.id, 'identify'), true);
      assert.deepEqual(screen.subscriber.last('identify'), {}, 'no data: an empty object');
      const waiting = await open();
      assert.equal(await registry.command(waiting.id, 'reload'), false);
      assert.equal(waiting.subscriber.last('reload'), undefined);
    });

    it('onChange hears a display come, get paired and go', async () => {
      const changes = sinon.fake();
      const stop = registry.onChange(changes);
      const screen = await open();
      const afterOpen = changes.callCount;
      assert.ok(afterOpen > 0);
      await registry.assign(screen.code!, 'till-1', 'Front');
      const afterAssign = changes.callCount;
      assert.ok(afterAssign > afterOpen);
      screen.close();
      assert.ok(changes.callCount > afterAssign);
      stop();
      const count = changes.callCount;
      await open();
      assert.equal(changes.callCount, count, 'not after it stopped listening');
    });
  });

  describe('presence', () => {
    it('stale with its control stream only, connected while a lane stream is open, offline once gone', async () => {
      const screen = await paired('till-1', 'Front');
      assert.equal((await listed(screen.id))?.status, 'stale');
      const lane = registry.trackLaneStream(screen.id, 'till-1', () => {}, '41');
      assert.deepEqual(await listed(screen.id), {
        id: screen.id, code: null, name: 'Front', lane: 'till-1', status: 'connected', user_agent: CLIENT.userAgent, address: CLIENT.address, connected_at: T0, last_event_id: '41', offline_since: null,
      });
      lane.sent('42');
      await clock.tickAsync(REFRESH_MS);
      assert.equal((await listed(screen.id))?.last_event_id, '42', 'the last event sent, written on the refresh');
      lane.untrack();
      assert.equal((await listed(screen.id))?.status, 'stale');
      clock.setSystemTime(T0 + REFRESH_MS + 1234);
      screen.close();
      assert.deepEqual(await listed(screen.id), {
        id: screen.id, code: null, name: 'Front', lane: 'till-1', status: 'offline', user_agent: CLIENT.userAgent, address: CLIENT.address, connected_at: T0, last_event_id: '42', offline_since: T0 + REFRESH_MS + 1234,
      });
    });

    it('connected while any of its lane streams is open', async () => {
      const screen = await paired('till-1');
      const first = registry.trackLaneStream(screen.id, 'till-1', () => {}, null);
      const second = registry.trackLaneStream(screen.id, 'till-1', () => {}, null);
      first.untrack();
      assert.equal((await listed(screen.id))?.status, 'connected');
      second.untrack();
      assert.equal((await listed(screen.id))?.status, 'stale');
    });

    it('kept online by the refresh; offline, since it was last seen, when its instance stops refreshing it', async () => {
      const screen = await paired('till-1');
      registry.trackLaneStream(screen.id, 'till-1', () => {}, null);
      await clock.tickAsync(SEEN_TIMEOUT_MS + REFRESH_MS);
      assert.equal((await listed(screen.id))?.status, 'connected', 'refreshed: still online after the timeout');
      const lastSeen = clock.now; // a refresh ran just now
      clock.setSystemTime(lastSeen + SEEN_TIMEOUT_MS); // time passes, no timer fires: as if the instance had died
      const info = await listed(screen.id);
      assert.equal(info?.status, 'offline');
      assert.equal(info?.offline_since, lastSeen);
    });

    it('a paired display never connected is offline since it was paired; a waiting screen keeps no presence', async () => {
      const screen = await open();
      assert.deepEqual(await store.presences(), {}, 'a screen showing a code is listed by its code only');
      await clock.tickAsync(REFRESH_MS);
      assert.deepEqual(await store.presences(), {}, 'not even after a refresh');
      await store.putPairing({ id: 'display-never-seen-01', key_hash: '00', lane: 'till-9', name: 'Spare', paired_at: T0 - 5000 });
      const spare = (await registry.list()).find((display) => display.id === 'display-never-seen-01');
      assert.equal(spare?.status, 'offline');
      assert.equal(spare?.offline_since, T0 - 5000);
      assert.equal((await listed(screen.id))?.status, 'pending');
    });

    it('lists waiting screens first, then paired ones by lane and name; a pending code of a display paired meanwhile is not listed', async () => {
      const b = await paired('till-2', 'Alpha');
      const a = await paired('till-1', 'Zulu');
      const c = await paired('till-1', 'Bravo');
      const waiting = await open();
      await store.addPending({ id: a.id, code: 'XXXXXX', key_hash: '00', user_agent: 'ua', address: 'a', connected_at: T0, seen_at: T0 });
      assert.deepEqual(
        (await registry.list()).map((display) => display.id),
        [waiting.id, c.id, a.id, b.id],
      );
    });
  });

  it('pings every control stream on each refresh', async () => {
    const waiting = await open();
    const screen = await paired();
    await clock.tickAsync(REFRESH_MS * 2);
    assert.equal(waiting.subscriber.pings(), 2);
    assert.equal(screen.subscriber.pings(), 2);
  });

  it('close ends every control and lane stream', async () => {
    const waiting = await open();
    const screen = await paired();
    const laneClosed = sinon.fake();
    registry.trackLaneStream(screen.id, 'till-1', laneClosed, null);
    await registry.close();
    assert.equal(waiting.subscriber.closed, true);
    assert.equal(screen.subscriber.closed, true);
    assert.equal(laneClosed.callCount, 1);
    await clock.tickAsync(REFRESH_MS);
    assert.equal(waiting.subscriber.pings(), 0, 'no refresh after close');
  });
});
