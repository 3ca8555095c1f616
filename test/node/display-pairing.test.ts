/**
 * The browser side of pairing (`DisplayPairing`) in Node: a fake EventSource for the hub's
 * control stream, a Map for localStorage, sinon's clock for the retry and "identify" timers.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { API_BASE_PATH, DISPLAY_ID, DISPLAY_KEY } from '../../src/protocol/index.js';
import { DisplayPairing, PAIRING_STORAGE_KEY, type PairingState } from '../../src/sync/display-pairing.js';

class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(name: string, data = '') {
    for (const listener of this.listeners.get(name) ?? []) listener({ type: name, data } as MessageEvent);
  }
  /** The hub answered with an HTTP error: the browser gives up on this EventSource. */
  fail() {
    this.readyState = FakeEventSource.CLOSED;
    this.emit('error');
  }
  /** A network error: the browser retries by itself. */
  drop() {
    this.readyState = FakeEventSource.CONNECTING;
    this.emit('error');
  }
  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  stored(): Record<string, unknown> | null {
    const text = this.items.get(PAIRING_STORAGE_KEY);
    return text === undefined ? null : (JSON.parse(text) as Record<string, unknown>);
  }
}

const HUB = 'http://hub.local:5000';
const NATIVE_EVENT_SOURCE = (globalThis as { EventSource?: unknown }).EventSource;

describe('DisplayPairing', () => {
  let clock: sinon.SinonFakeTimers;
  let storage: MemoryStorage;
  let states: PairingState[];
  let reload: sinon.SinonSpy;
  let pairing: DisplayPairing | undefined;

  function start(src = `${HUB}/`): DisplayPairing {
    pairing = new DisplayPairing({ src, storage, reload, onChange: (state) => states.push(state) });
    pairing.start();
    return pairing;
  }
  const stream = () => FakeEventSource.opened.at(-1)!;
  const last = () => states.at(-1)!;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    FakeEventSource.opened = [];
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    storage = new MemoryStorage();
    states = [];
    reload = sinon.fake();
    pairing = undefined;
  });
  afterEach(() => {
    pairing?.stop();
    (globalThis as { EventSource?: unknown }).EventSource = NATIVE_EVENT_SOURCE;
    clock.restore();
  });

  it('a new screen makes its own id and secret, keeps them, and opens the control stream with them', () => {
    const { state } = start();
    assert.match(state.id, DISPLAY_ID);
    assert.match(state.key, DISPLAY_KEY);
    assert.deepEqual(storage.stored(), { id: state.id, key: state.key });
    assert.deepEqual({ status: state.status, code: state.code, lane: state.lane }, { status: 'waiting', code: null, lane: null });
    assert.equal(FakeEventSource.opened.length, 1);
    const url = new URL(stream().url);
    assert.equal(`${url.origin}${url.pathname}`, `${HUB}${API_BASE_PATH}/pair`, 'the trailing slash of src is dropped');
    assert.equal(stream().params.get('display'), state.id);
    assert.equal(stream().params.get('key'), state.key);
  });

  it('two screens make different identities', () => {
    const first = new DisplayPairing({ storage: new MemoryStorage(), onChange: () => {} }).state;
    const second = new DisplayPairing({ storage: new MemoryStorage(), onChange: () => {} }).state;
    assert.notEqual(first.id, second.id);
    assert.notEqual(first.key, second.key);
  });

  it('a paired screen follows its stored lane at once, hub or no hub, with the same identity', () => {
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: 'display-stored-0001', key: 'k'.repeat(43), lane: 'till-2', name: 'Door' }));
    const { state } = start();
    assert.deepEqual(state, { status: 'paired', code: null, lane: 'till-2', name: 'Door', id: 'display-stored-0001', key: 'k'.repeat(43), identify: null });
    assert.equal(stream().params.get('display'), 'display-stored-0001');
  });

  it('an unreadable stored identity is replaced by a new one', () => {
    storage.setItem(PAIRING_STORAGE_KEY, '{not json');
    const { state } = start();
    assert.match(state.id, DISPLAY_ID);
    assert.deepEqual(storage.stored(), { id: state.id, key: state.key });
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: 42 }));
    assert.match(new DisplayPairing({ storage, onChange: () => {} }).state.id, DISPLAY_ID);
  });

  it('shows the code the hub gives, then follows the lane it is assigned to, kept for the next start', () => {
    const { state } = start();
    stream().emit('pairing', JSON.stringify({ id: state.id, code: 'K7XM3P' }));
    assert.deepEqual({ status: last().status, code: last().code }, { status: 'waiting', code: 'K7XM3P' });
    stream().emit('paired', JSON.stringify({ id: state.id, lane: 'till-1', name: 'Front' }));
    assert.deepEqual({ status: last().status, code: last().code, lane: last().lane, name: last().name }, { status: 'paired', code: null, lane: 'till-1', name: 'Front' });
    assert.deepEqual(storage.stored(), { id: state.id, key: state.key, lane: 'till-1', name: 'Front' });
    pairing!.stop();
    assert.equal(new DisplayPairing({ storage, onChange: () => {} }).state.lane, 'till-1');
  });

  it('moved or renamed by the admin: the new lane and name', () => {
    start();
    stream().emit('paired', JSON.stringify({ lane: 'till-1', name: 'Front' }));
    stream().emit('paired', JSON.stringify({ lane: 'till-3', name: 'Terrace' }));
    assert.deepEqual({ lane: last().lane, name: last().name }, { lane: 'till-3', name: 'Terrace' });
    assert.equal(storage.stored()?.lane, 'till-3');
  });

  it('a `paired` without a lane, or a message that is not JSON, changes nothing it should not', () => {
    start();
    stream().emit('paired', JSON.stringify({ lane: 'till-1', name: 'Front' }));
    const count = states.length;
    stream().emit('paired', JSON.stringify({ name: 'No lane' }));
    stream().emit('paired', 'not json');
    assert.equal(states.length, count);
    assert.equal(last().lane, 'till-1');
    stream().emit('pairing', 'not json');
    assert.deepEqual({ status: last().status, code: last().code, lane: last().lane }, { status: 'waiting', code: null, lane: null });
  });

  it('a paired screen told to show a code again forgets its lane', () => {
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: 'display-stored-0001', key: 'k'.repeat(43), lane: 'till-2', name: 'Door' }));
    start();
    stream().emit('pairing', JSON.stringify({ code: 'ACDEFH' }));
    assert.deepEqual({ status: last().status, code: last().code, lane: last().lane, name: last().name }, { status: 'waiting', code: 'ACDEFH', lane: null, name: null });
    assert.deepEqual(storage.stored(), { id: 'display-stored-0001', key: 'k'.repeat(43) });
  });

  it('identify: shows the number for the time asked (at most a minute), then nothing', () => {
    start();
    stream().emit('identify', JSON.stringify({ number: 3, ms: 2000 }));
    assert.equal(last().identify, 3);
    clock.tick(1999);
    assert.equal(last().identify, 3);
    clock.tick(1);
    assert.equal(last().identify, null);
    stream().emit('identify', JSON.stringify({ number: 4, ms: 600_000 }));
    clock.tick(59_999);
    assert.equal(last().identify, 4);
    clock.tick(1);
    assert.equal(last().identify, null, 'capped at 60 s');
    stream().emit('identify', '{}');
    assert.equal(last().identify, 1, 'no number: 1');
    clock.tick(5000);
    assert.equal(last().identify, null, 'no time: 5 s');
  });

  it('a second identify restarts the time', () => {
    start();
    stream().emit('identify', JSON.stringify({ number: 1, ms: 2000 }));
    clock.tick(1500);
    stream().emit('identify', JSON.stringify({ number: 2, ms: 2000 }));
    clock.tick(1000);
    assert.equal(last().identify, 2, 'the first timer did not clear the second number');
    clock.tick(1000);
    assert.equal(last().identify, null);
  });

  it('reload: the page reloads', () => {
    start();
    stream().emit('reload', '{}');
    assert.equal(reload.callCount, 1);
  });

  it('revoked: a new identity, back to showing a code, on a new control stream', () => {
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: 'display-stored-0001', key: 'k'.repeat(43), lane: 'till-2', name: 'Door' }));
    start();
    const revoked = stream();
    revoked.emit('unpaired', JSON.stringify({ id: 'display-stored-0001' }));
    assert.equal(revoked.readyState, FakeEventSource.CLOSED, 'the old stream is closed');
    assert.equal(FakeEventSource.opened.length, 2);
    const state = last();
    assert.equal(state.status, 'waiting');
    assert.equal(state.lane, null);
    assert.notEqual(state.id, 'display-stored-0001');
    assert.notEqual(state.key, 'k'.repeat(43));
    assert.deepEqual(storage.stored(), { id: state.id, key: state.key });
    assert.equal(stream().params.get('display'), state.id);
    assert.equal(pairing!.state, state);
  });

  it('an HTTP error ends the EventSource: tried again 5 s later, for as long as the page lives', () => {
    start();
    stream().fail();
    clock.tick(4999);
    assert.equal(FakeEventSource.opened.length, 1);
    clock.tick(1);
    assert.equal(FakeEventSource.opened.length, 2);
    stream().fail();
    clock.tick(5000);
    assert.equal(FakeEventSource.opened.length, 3);
  });

  it('a network error is left to the EventSource (it reconnects by itself)', () => {
    start();
    stream().drop();
    clock.tick(60_000);
    assert.equal(FakeEventSource.opened.length, 1);
  });

  it('stop closes the control stream and cancels a retry and an identify', () => {
    start();
    stream().fail();
    pairing!.stop();
    clock.tick(60_000);
    assert.equal(FakeEventSource.opened.length, 1, 'no retry after stop');

    start();
    const open = stream();
    open.emit('identify', JSON.stringify({ number: 2, ms: 1000 }));
    const count = states.length;
    pairing!.stop();
    assert.equal(open.readyState, FakeEventSource.CLOSED);
    clock.tick(1000);
    assert.equal(states.length, count, 'the number is not cleared after stop');
  });

  it('start is idempotent: one control stream', () => {
    const running = start();
    running.start();
    assert.equal(FakeEventSource.opened.length, 1);
  });

  it("an old stream's late error does not start another one", () => {
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: 'display-stored-0001', key: 'k'.repeat(43), lane: 'till-2' }));
    start();
    const old = stream();
    old.emit('unpaired', '{}');
    old.emit('error');
    clock.tick(60_000);
    assert.equal(FakeEventSource.opened.length, 2, 'only the stream of the new identity');
  });
});
