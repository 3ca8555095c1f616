/** The display's EventSource keeper, with a fake EventSource and a fake clock. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { EventStreamConnection } from '../../src/sync/event-stream-connection.js';
import type { ConnectionStatus } from '../../src/sync/display-state.js';

class FakeEventSource {
  static opened: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(name: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(name, listener);
  }
  close() {
    this.closed = true;
  }
  emit(name: string, data: string, lastEventId = '') {
    this.listeners.get(name)?.({ type: name, data, lastEventId } as MessageEvent);
  }
}

describe('EventStreamConnection', () => {
  let clock: sinon.SinonFakeTimers;
  const statuses: ConnectionStatus[] = [];
  let connection: EventStreamConnection;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    FakeEventSource.opened = [];
    statuses.length = 0;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    connection = new EventStreamConnection({
      url: 'http://hub/stream',
      events: ['connected', 'bill-update'],
      onEvent: () => {},
      onStatus: (status) => statuses.push(status),
      resumeId: () => null,
      backoff: { initialMs: 100, maxMs: 100 },
      silenceTimeoutMs: 1000,
    } as ConstructorParameters<typeof EventStreamConnection>[0]);
  });
  afterEach(() => {
    connection.stop();
    clock.restore();
  });

  it('a hub that accepts but never answers: the attempt is given up and retried, the display says offline', () => {
    connection.start();
    assert.equal(FakeEventSource.opened.length, 1);
    clock.tick(1000);
    assert.equal(FakeEventSource.opened[0]!.closed, true, 'the silent attempt is closed');
    assert.deepEqual(statuses, ['offline'], 'never live: offline, not stale');
    clock.tick(200);
    assert.equal(FakeEventSource.opened.length, 2, 'and tried again');
  });

  it('a live stream that goes silent: stale at 60 %, replaced at the timeout', () => {
    connection.start();
    FakeEventSource.opened[0]!.emit('connected', '{"status":"ok"}', '1');
    assert.deepEqual(statuses, ['live']);
    clock.tick(600);
    assert.deepEqual(statuses, ['live', 'stale']);
    clock.tick(400);
    assert.equal(FakeEventSource.opened[0]!.closed, true);
    clock.tick(200);
    assert.equal(FakeEventSource.opened.length, 2);
  });
});
