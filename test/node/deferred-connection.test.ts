/**
 * The stand-in for a transport whose code loads on demand (src/sync/deferred-connection.ts,
 * the BroadcastChannel one): it starts the transport once loaded, never one stopped while it
 * loaded, retries a failed load with backoff; and a feed whose `src` changes while the
 * transport loads opens only the new channel (no stale connection, no older bill).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { deferredConnection } from '../../src/sync/deferred-connection.js';
import type { DisplayConnection } from '../../src/sync/display-connection.js';
import { DisplayFeed } from '../../src/sync/display-feed.js';
import type { ConnectionStatus } from '../../src/sync/display-state.js';

function fakeTransport() {
  const calls: string[] = [];
  const connection: DisplayConnection = {
    start: () => void calls.push('start'),
    stop: () => void calls.push('stop'),
    respond: async () => (calls.push('respond'), { ok: true }),
    setSilenceTimeout: (ms) => void calls.push(`silence ${ms}`),
  };
  return { connection, calls };
}

/** A load the test settles by hand. */
function manualLoad() {
  let resolve!: (connection: DisplayConnection) => void;
  let reject!: (error: Error) => void;
  let loads = 0;
  const load = () => {
    loads++;
    return new Promise<DisplayConnection>((ok, fail) => ((resolve = ok), (reject = fail)));
  };
  return { load, resolve: (c: DisplayConnection) => resolve(c), reject: (e: Error) => reject(e), loads: () => loads };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const backoff = { initialMs: 100, maxMs: 100, random: () => 1 };

describe('deferredConnection', () => {
  afterEach(() => sinon.restore());

  it('starts the transport once it has loaded, and hands it answers, heartbeats and stop', async () => {
    const { load, resolve } = manualLoad();
    const { connection, calls } = fakeTransport();
    const deferred = deferredConnection(load, { backoff, onStatus: () => {} });
    deferred.start();
    deferred.start();
    assert.deepEqual(await deferred.respond('p1', 'x'), { ok: false, error: 'not connected' });
    resolve(connection);
    await settle();
    deferred.setSilenceTimeout(75_000);
    await deferred.respond('p1', 'x');
    deferred.stop();
    assert.deepEqual(calls, ['start', 'silence 75000', 'respond', 'stop']);
  });

  it('never starts a transport stopped while it loaded', async () => {
    const { load, resolve } = manualLoad();
    const { connection, calls } = fakeTransport();
    const deferred = deferredConnection(load, { backoff, onStatus: () => {} });
    deferred.start();
    deferred.stop();
    resolve(connection);
    await settle();
    deferred.start();
    assert.deepEqual(calls, []);
  });

  it('reports a failed load as offline and loads again after the backoff', async () => {
    sinon.stub(console, 'error');
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { load, resolve, reject, loads } = manualLoad();
    const { connection, calls } = fakeTransport();
    const statuses: ConnectionStatus[] = [];
    const deferred = deferredConnection(load, { backoff, onStatus: (status) => statuses.push(status) });
    deferred.start();
    reject(new Error('pos-customer-display: could not load customer-display.broadcast.js'));
    await settle();
    assert.deepEqual(statuses, ['offline']);
    assert.equal(loads(), 1);
    clock.tick(100);
    assert.equal(loads(), 2);
    resolve(connection);
    await settle();
    assert.deepEqual(calls, ['start']);
  });
});

describe('DisplayFeed over broadcast:, its transport loaded on demand', () => {
  const page = globalThis as unknown as Record<string, unknown>;
  let original: unknown;
  afterEach(() => {
    page.BroadcastChannel = original;
    sinon.restore();
  });

  it('a src changed while the transport loads opens only the new lane\'s channel', async () => {
    const opened: string[] = [];
    original = page.BroadcastChannel;
    page.BroadcastChannel = class {
      onmessage: unknown = null;
      constructor(name: string) {
        opened.push(name);
      }
      postMessage() {}
      close() {}
    };
    // Fake timers: a connection left open by a failure here keeps no real timer running.
    sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const feed = new DisplayFeed({ src: 'broadcast:till-1' });
    feed.start();
    feed.configure({ src: 'broadcast:till-2' });
    await import('../../src/sync/broadcast-connection.js');
    await settle();
    feed.stop();
    assert.deepEqual(opened, ['pos-customer-display:till-2']);
  });
});
