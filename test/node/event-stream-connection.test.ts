/** The display's EventSource keeper, with a fake EventSource and a fake clock. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { EventStreamConnection } from '../../src/sync/event-stream-connection.js';
import type { ConnectionStatus } from '../../src/sync/display-state.js';
import { FakeEventSource } from '../support/fake-event-source.js';

/** A page's window and document as far as the page lifecycle goes: events the test fires. */
const fakeWindow = new EventTarget();
const fakeDocument = new EventTarget();
const pageEvent = (target: EventTarget, type: string, persisted?: boolean) =>
  target.dispatchEvent(Object.assign(new Event(type), persisted === undefined ? {} : { persisted }));

describe('EventStreamConnection', () => {
  let clock: sinon.SinonFakeTimers;
  const statuses: ConnectionStatus[] = [];
  let connection: EventStreamConnection;
  let lastApplied: string | null = null;
  const page = globalThis as unknown as Record<string, unknown>;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    FakeEventSource.opened = [];
    statuses.length = 0;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    lastApplied = null;
    page.addEventListener = fakeWindow.addEventListener.bind(fakeWindow);
    page.removeEventListener = fakeWindow.removeEventListener.bind(fakeWindow);
    page.document = fakeDocument;
    connection = new EventStreamConnection({
      url: 'http://hub/stream',
      events: ['connected', 'bill-update'],
      onEvent: () => {},
      onStatus: (status) => statuses.push(status),
      resumeId: () => lastApplied,
      backoff: { initialMs: 100, maxMs: 100 },
      silenceTimeoutMs: 1000,
    } as ConstructorParameters<typeof EventStreamConnection>[0]);
  });
  afterEach(() => {
    connection.stop();
    clock.restore();
    delete page.addEventListener;
    delete page.removeEventListener;
    delete page.document;
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

  it('config-changed (no id) is handed over apart from display events: never applied as one, and it keeps the stream alive', () => {
    connection.stop();
    const applied: string[] = [];
    const versions: string[] = [];
    connection = new EventStreamConnection({
      url: 'http://hub/stream',
      events: ['connected', 'bill-update'],
      onEvent: (event, _data, id) => applied.push(`${event}#${id}`),
      onConfigChanged: (version) => versions.push(version),
      onStatus: (status) => statuses.push(status),
      resumeId: () => lastApplied,
      backoff: { initialMs: 100, maxMs: 100 },
      silenceTimeoutMs: 1000,
    } as ConstructorParameters<typeof EventStreamConnection>[0]);
    connection.start();
    const source = FakeEventSource.opened[0]!;
    source.emit('connected', '{"status":"ok"}', '7');
    lastApplied = '7';
    clock.tick(500);
    // The browser reports the last id it saw for an event without one.
    source.emit('config-changed', '{"version":"v2"}', '7');
    source.emit('config-changed', 'not json', '7');
    assert.deepEqual(versions, ['v2', '']);
    assert.deepEqual(applied, ['connected#7'], 'not a display event');
    clock.tick(500);
    assert.deepEqual(statuses, ['live'], 'config-changed counted as a sign of life: not stale 1 s after connected (60 % of 1 s)');
    source.emit('bill-update', '{}', '8');
    assert.deepEqual(applied, ['connected#7', 'bill-update#8']);
  });

  describe('back/forward cache and frozen pages', () => {
    const open = () => FakeEventSource.opened.filter((source) => !source.closed);

    it('pagehide closes the stream and nothing reopens it while the page is cached: no status change, no retries', () => {
      connection.start();
      FakeEventSource.opened[0]!.emit('connected', '{"status":"ok"}', '7');
      pageEvent(fakeWindow, 'pagehide', true);
      assert.equal(FakeEventSource.opened[0]!.closed, true, 'the cached page holds no connection');
      clock.tick(60_000);
      assert.equal(FakeEventSource.opened.length, 1, 'no reconnect while away');
      assert.deepEqual(statuses, ['live'], 'neither offline nor stale: the watchdog and backoff are off while away');
    });

    it('pageshow (persisted) reopens at once, resuming after the last event applied, and the status never left live', () => {
      connection.start();
      FakeEventSource.opened[0]!.emit('connected', '{"status":"ok"}', '7');
      lastApplied = '7';
      pageEvent(fakeWindow, 'pagehide', true);
      clock.tick(5000);
      pageEvent(fakeWindow, 'pageshow', true);
      assert.equal(FakeEventSource.opened.length, 2, 'reopened without waiting for a backoff delay');
      assert.equal(FakeEventSource.opened[1]!.url, 'http://hub/stream?lastEventId=7');
      FakeEventSource.opened[1]!.emit('bill-update', '{}', '8');
      assert.deepEqual(statuses, ['live']);
    });

    it('a page cached in the middle of a backoff comes back with a fresh start, not the grown delay', () => {
      connection.stop();
      connection = new EventStreamConnection({
        url: 'http://hub/stream',
        events: ['connected'],
        onEvent: () => {},
        onStatus: (status) => statuses.push(status),
        resumeId: () => null,
        backoff: { initialMs: 100, maxMs: 60_000, random: () => 0.999 },
        silenceTimeoutMs: 0,
      });
      connection.start();
      for (let failures = 0; failures < 6; failures++) {
        FakeEventSource.opened.at(-1)!.onerror!();
        clock.tick(60_000);
      }
      assert.equal(FakeEventSource.opened.length, 7);
      pageEvent(fakeWindow, 'pagehide', true);
      pageEvent(fakeWindow, 'pageshow', true);
      assert.equal(open().length, 1, 'open at once on return');
      FakeEventSource.opened.at(-1)!.onerror!();
      clock.tick(100);
      assert.equal(FakeEventSource.opened.length, 9, 'the next failure is retried after the first delay (100 ms), not 6.4 s');
    });

    it('freeze/resume (Page Lifecycle) close and reopen it too; pagehide+freeze and resume+pageshow count once', () => {
      connection.start();
      pageEvent(fakeWindow, 'pagehide', true);
      pageEvent(fakeDocument, 'freeze');
      assert.equal(open().length, 0);
      pageEvent(fakeDocument, 'resume');
      pageEvent(fakeWindow, 'pageshow', true);
      assert.equal(FakeEventSource.opened.length, 2, 'one stream for one return');
      assert.equal(open().length, 1);

      pageEvent(fakeDocument, 'freeze');
      assert.equal(open().length, 0, 'a frozen background tab holds no connection');
      pageEvent(fakeDocument, 'resume');
      assert.equal(open().length, 1);
    });

    it('the first pageshow of a load is not a return, and a stopped connection no longer listens', () => {
      connection.start();
      pageEvent(fakeWindow, 'pageshow', false);
      assert.equal(FakeEventSource.opened.length, 1);
      connection.stop();
      pageEvent(fakeWindow, 'pagehide', true);
      pageEvent(fakeWindow, 'pageshow', true);
      assert.equal(FakeEventSource.opened.length, 1, 'nothing reopened after stop()');
    });
  });
});
