/**
 * The display side of the BroadcastChannel transport through the page lifecycle, with a fake
 * channel, fake page events and a fake clock: a page going into the back/forward cache says
 * bye and stays quiet; back from it, it says hello at once with its last event id.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { BroadcastConnection } from '../../src/sync/broadcast-connection.js';
import type { ConnectionStatus } from '../../src/sync/display-state.js';

class FakeChannel {
  static posted: { type: string; lastEventId?: string | null }[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  postMessage(message: { type: string }) {
    FakeChannel.posted.push(message);
  }
  close() {}
}

const fakeWindow = new EventTarget();
const fakeDocument = new EventTarget();
const pageEvent = (target: EventTarget, type: string, persisted?: boolean) =>
  target.dispatchEvent(Object.assign(new Event(type), persisted === undefined ? {} : { persisted }));
const page = globalThis as unknown as Record<string, unknown>;

describe('BroadcastConnection and the back/forward cache', () => {
  let clock: sinon.SinonFakeTimers;
  let connection: BroadcastConnection;
  const statuses: ConnectionStatus[] = [];
  const sent = (type: string) => FakeChannel.posted.filter((message) => message.type === type);
  let originalChannel: unknown;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    FakeChannel.posted = [];
    statuses.length = 0;
    originalChannel = page.BroadcastChannel;
    page.BroadcastChannel = FakeChannel;
    page.addEventListener = fakeWindow.addEventListener.bind(fakeWindow);
    page.removeEventListener = fakeWindow.removeEventListener.bind(fakeWindow);
    page.document = fakeDocument;
    connection = new BroadcastConnection({
      lane: 'till-7',
      events: ['bill-update'],
      onEvent: () => {},
      onStatus: (status) => statuses.push(status),
      resumeId: () => '41',
      backoff: { initialMs: 100, maxMs: 100 },
      silenceTimeoutMs: 1000,
    });
  });

  afterEach(() => {
    connection.stop();
    clock.restore();
    page.BroadcastChannel = originalChannel;
    delete page.addEventListener;
    delete page.removeEventListener;
    delete page.document;
  });

  it('pagehide: bye, then no hellos and no "offline" while the page is cached', () => {
    connection.start();
    assert.equal(sent('hello').length, 1);
    pageEvent(fakeWindow, 'pagehide', true);
    pageEvent(fakeDocument, 'freeze');
    assert.equal(sent('bye').length, 1, 'one bye for one leave');
    clock.tick(30_000);
    assert.equal(sent('hello').length, 1, 'quiet while away');
    assert.deepEqual(statuses, []);
  });

  it('pageshow (persisted): hello at once, with the last event id', () => {
    connection.start();
    pageEvent(fakeWindow, 'pagehide', true);
    clock.tick(30_000);
    pageEvent(fakeWindow, 'pageshow', true);
    assert.equal(sent('hello').length, 2);
    assert.equal(sent('hello')[1]!.lastEventId, '41');
  });

  it('after stop() the page events are not heard', () => {
    connection.start();
    connection.stop();
    const byes = sent('bye').length;
    pageEvent(fakeWindow, 'pagehide', true);
    pageEvent(fakeWindow, 'pageshow', true);
    assert.equal(sent('bye').length, byes);
    assert.equal(sent('hello').length, 1);
  });
});
