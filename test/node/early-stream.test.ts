/**
 * The stream the loader opens ahead of the bundle (src/protocol/early-stream.ts): the
 * loader's side (which elements, which URL, what ends it) and the display's (taken over
 * only when it is the stream the display would open, its buffered events first, in order),
 * with a fake EventSource, page and clock. The real page: early-stream-e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import sinon from 'sinon';
import { openEarlyStreams } from '../../src/bundle/early-stream.js';
import { EARLY_STREAM_KEY, STREAM_EVENT_NAMES, earlyStreamOf, type EarlyStream } from '../../src/protocol/early-stream.js';
import { EVENT_NAMES } from '../../src/protocol/index.js';
import { DisplayFeed } from '../../src/sync/display-feed.js';
import { EventStreamConnection } from '../../src/sync/event-stream-connection.js';
import { FakeEventSource } from '../support/fake-event-source.js';

/** A `<display-sync>` as the loader sees it: its attributes, and whatever is set on it. */
const element = (attributes: Record<string, string>) =>
  ({
    getAttribute: (name: string) => attributes[name] ?? null,
    hasAttribute: (name: string) => name in attributes,
  }) as unknown as Element;

const bill = (total: number) => JSON.stringify({ bill_id: 'B1', bill_number: 'INV-1', items: [{ name: 'Kopi', quantity: 1, price: total, subtotal: total }], subtotal: total, total });

describe('early stream', () => {
  let clock: sinon.SinonFakeTimers;
  let page: EventTarget;
  let elements: Element[];
  const global = globalThis as unknown as Record<string, unknown>;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    FakeEventSource.opened = [];
    global.EventSource = FakeEventSource;
    page = new EventTarget();
    global.addEventListener = page.addEventListener.bind(page);
    global.removeEventListener = page.removeEventListener.bind(page);
    elements = [];
    global.document = Object.assign(new EventTarget(), { getElementsByTagName: () => elements });
  });
  afterEach(() => {
    clock.restore();
    for (const name of ['EventSource', 'addEventListener', 'removeEventListener', 'document']) delete global[name];
  });

  const earlyOf = (at: Element) => earlyStreamOf(at)!;

  it('lists every event a display stream carries: the display events and config-changed', () => {
    assert.deepEqual([...STREAM_EVENT_NAMES].sort(), [...EVENT_NAMES, 'config-changed'].sort());
  });

  describe('the loader', () => {
    it('opens the URL <display-sync> itself would, for each plain one, and none for pairing or BroadcastChannel ones', () => {
      elements = [element({ src: 'http://hub:5000/', lane: 'till 2', 'read-key': 'k&1' }), element({ src: 'http://hub:5000', pairing: '' }), element({ src: 'broadcast:till-1' })];
      openEarlyStreams();
      const expected = new DisplayFeed({ src: 'http://hub:5000/', lane: 'till 2', key: 'k&1' }).streamUrl;
      assert.deepEqual(
        FakeEventSource.opened.map((source) => source.url),
        [expected],
      );
      assert.equal(expected, 'http://hub:5000/api/customer-display/stream?lane=till%202&key=k%261');
      assert.equal(earlyOf(elements[0]!).url, expected);
      assert.equal(earlyStreamOf(elements[1]!), undefined);
      assert.equal(earlyStreamOf(elements[2]!), undefined);
    });

    it('the page origin and default lane when the element names neither; at most two streams, skipped elements not counted', () => {
      elements = [element({ pairing: '' }), element({}), element({ src: 'broadcast:x' }), element({ lane: 'a' }), element({ lane: 'b' })];
      openEarlyStreams();
      assert.deepEqual(
        FakeEventSource.opened.map((source) => source.url),
        ['/api/customer-display/stream', '/api/customer-display/stream?lane=a'],
      );
    });

    it('an attribute encodeURIComponent refuses (a lone surrogate a script set) opens nothing and throws nothing', () => {
      elements = [element({ lane: '\ud800' }), element({ lane: 'b' })];
      assert.doesNotThrow(() => openEarlyStreams());
      assert.equal(earlyStreamOf(elements[0]!), undefined);
      assert.equal(earlyOf(elements[1]!).url, '/api/customer-display/stream?lane=b');
    });

    it('keeps every event in order and hands the stream over once', () => {
      elements = [element({ lane: 'a' })];
      openEarlyStreams();
      const source = FakeEventSource.opened[0]!;
      source.emit('connected', '{"status":"ok"}', '1');
      source.emit('bill-update', bill(1000), '2');
      source.emit('config-changed', '{"version":"v"}', '2');
      const claimed = earlyOf(elements[0]!).claim()!;
      assert.equal(claimed.source, source as unknown as EventSource);
      assert.deepEqual(
        claimed.events.map((event) => `${event.type}#${event.lastEventId}`),
        ['connected#1', 'bill-update#2', 'config-changed#2'],
      );
      assert.equal(source.closed, false, 'handed over open');
      source.emit('bill-update', bill(2000), '3');
      assert.equal(claimed.events.length, 3, 'no longer kept once handed over');
      assert.equal(earlyOf(elements[0]!).claim(), undefined, 'once');
      clock.tick(60_000);
      assert.equal(source.closed, false, 'its expiry no longer applies');
    });

    for (const [ending, end] of [
      ['an error (the display opens its own, with its backoff)', (source: FakeEventSource) => source.onerror!()],
      ['20 s unclaimed (the bundle never came)', () => clock.tick(20_000)],
      ['more than 64 events', (source: FakeEventSource) => { for (let i = 0; i < 65; i++) source.emit('ping', '{"timestamp":1}'); }],
      ['the page leaving (pagehide)', () => page.dispatchEvent(new Event('pagehide'))],
    ] as const) {
      it(`closes on ${ending}, and is not handed over`, () => {
        elements = [element({})];
        openEarlyStreams();
        const source = FakeEventSource.opened[0]!;
        end(source);
        assert.equal(source.closed, true);
        assert.equal(earlyOf(elements[0]!).claim(), undefined);
      });
    }

    it('a URL EventSource refuses (a malformed src) opens nothing and throws nothing: the loader goes on to load the bundle', () => {
      global.EventSource = class {
        constructor(url: string) {
          if (url.startsWith('http://[')) throw new SyntaxError('invalid URL');
          return new FakeEventSource(url);
        }
      };
      elements = [element({ src: 'http://[bad' }), element({ src: 'http://hub' })];
      assert.doesNotThrow(() => openEarlyStreams());
      assert.equal(earlyStreamOf(elements[0]!), undefined);
      assert.equal(earlyOf(elements[1]!).url, 'http://hub/api/customer-display/stream', 'the next element still gets its stream');
    });

    it('nothing where the page has no EventSource', () => {
      delete global.EventSource;
      elements = [element({})];
      openEarlyStreams();
      assert.equal(earlyStreamOf(elements[0]!), undefined);
    });
  });

  describe('the display taking it over', () => {
    const fakeEarly = (url: string, events: Array<[string, string, string]>) => {
      const source = new FakeEventSource(url);
      const buffered = events.map(([type, data, lastEventId]) => ({ type, data, lastEventId }) as MessageEvent);
      let taken = false;
      const early: EarlyStream = { url, claim: () => (taken ? undefined : ((taken = true), { source: source as unknown as EventSource, events: buffered })) };
      return { source, early };
    };
    const connectionWith = (early: EarlyStream, applied: string[], resumeId: () => string | null = () => null) =>
      new EventStreamConnection({
        url: 'http://hub/stream',
        events: ['connected', 'bill-update'],
        onEvent: (event, _data, id) => applied.push(`${event}#${id}`),
        onConfigChanged: (version) => applied.push(`config-changed:${version}`),
        onStatus: () => {},
        resumeId,
        backoff: { initialMs: 100, maxMs: 100 },
        silenceTimeoutMs: 1000,
        early,
      } as ConstructorParameters<typeof EventStreamConnection>[0]);

    it('opens no stream of its own: the buffered events first, in order, then the live ones', () => {
      const { source, early } = fakeEarly('http://hub/stream', [['connected', '{}', '1'], ['bill-update', '{}', '2'], ['config-changed', '{"version":"v9"}', '2']]);
      const applied: string[] = [];
      const connection = connectionWith(early, applied);
      connection.start();
      assert.equal(FakeEventSource.opened.length, 1, 'only the early one');
      assert.deepEqual(applied, ['connected#1', 'bill-update#2', 'config-changed:v9']);
      source.emit('bill-update', '{}', '3');
      assert.deepEqual(applied.at(-1), 'bill-update#3');
      connection.stop();
      assert.equal(source.closed, true, 'stopping closes it like its own');
    });

    it('a reconnect after a failure opens a new stream, resuming', () => {
      const { source, early } = fakeEarly('http://hub/stream', [['bill-update', '{}', '5']]);
      const connection = connectionWith(early, [], () => '5');
      // A resuming opening (something applied already) never takes over a stream opened from nothing.
      connection.start();
      assert.equal(source.closed, true);
      assert.equal(FakeEventSource.opened.at(-1)!.url, 'http://hub/stream?lastEventId=5');
      connection.stop();
      const again = fakeEarly('http://hub/stream', []);
      const applied: string[] = [];
      const second = connectionWith(again.early, applied);
      second.start();
      again.source.onerror!();
      clock.tick(200);
      assert.equal(FakeEventSource.opened.length, 4, 'its own after the failure');
      assert.equal(again.source.closed, true);
      second.stop();
    });

    it('an early stream already ended: the display opens its own', () => {
      const early: EarlyStream = { url: 'http://hub/stream', claim: () => undefined };
      const connection = connectionWith(early, []);
      connection.start();
      assert.deepEqual(
        FakeEventSource.opened.map((source) => source.url),
        ['http://hub/stream'],
      );
      connection.stop();
    });

    it('DisplayFeed takes over only the stream of its own URL, and shows the bill it carried', () => {
      const feed = new DisplayFeed({ src: 'http://hub', lane: 'a' });
      const mine = fakeEarly(feed.streamUrl, [['connected', '{"status":"ok","lane":"a","mode":"snapshot"}', '4'], ['bill-update', bill(1500), '4']]);
      feed.offerEarlyStream(mine.early);
      feed.start();
      assert.equal(FakeEventSource.opened.length, 1);
      assert.equal(feed.state.bill?.total, 1500);
      assert.equal(feed.status, 'live');
      feed.stop();

      const other = new DisplayFeed({ src: 'http://hub', lane: 'b' });
      const theirs = fakeEarly(feed.streamUrl, [['bill-update', bill(1500), '4']]);
      other.offerEarlyStream(theirs.early);
      other.start();
      assert.equal(theirs.source.closed, true, 'another URL: closed');
      assert.equal(other.state.bill, null, 'nothing of it shown');
      assert.equal(FakeEventSource.opened.at(-1)!.url, other.streamUrl);
      other.stop();
    });

    it('a replayed event whose handling throws does not keep the newer ones from being applied', () => {
      const { early } = fakeEarly('http://hub/stream', [['bill-update', '{}', '1'], ['bill-update', '{}', '2']]);
      const applied: string[] = [];
      const connection = new EventStreamConnection({
        url: 'http://hub/stream',
        events: ['bill-update'],
        onEvent: (event, _data, id) => {
          if (id === '1') throw new Error('a listener failed');
          applied.push(`${event}#${id}`);
        },
        onStatus: () => {},
        resumeId: () => null,
        backoff: { initialMs: 100, maxMs: 100 },
        silenceTimeoutMs: 1000,
        early,
      } as ConstructorParameters<typeof EventStreamConnection>[0]);
      connection.start();
      assert.deepEqual(applied, ['bill-update#2']);
      // The error is reported (thrown from its own task), not swallowed.
      assert.throws(() => clock.tick(1), /a listener failed/);
      connection.stop();
    });

    it('an offered stream the feed will not take over is closed at once: stopped first, offered after start(), a seeded feed, waiting for a lane (pairing)', () => {
      const stopped = new DisplayFeed({ lane: 'a' });
      const first = fakeEarly(stopped.streamUrl, []);
      stopped.offerEarlyStream(first.early);
      stopped.stop();
      assert.equal(first.source.closed, true, 'stop() before start()');

      const started = new DisplayFeed({ lane: 'a' });
      started.start();
      const late = fakeEarly(started.streamUrl, []);
      started.offerEarlyStream(late.early);
      assert.equal(late.source.closed, true, 'offered after start()');
      started.stop();

      const seeded = new DisplayFeed({ lane: 'a' });
      assert.equal(seeded.seed({ lane: 'a', lastEventId: '9', events: [{ event: 'bill-update', data: JSON.parse(bill(700)) }] }), true);
      const early = fakeEarly(seeded.streamUrl, [['bill-update', bill(100), '3']]);
      seeded.offerEarlyStream(early.early);
      seeded.start();
      assert.equal(early.source.closed, true, 'a seeded feed resumes from its seed: the early stream is closed');
      assert.equal(seeded.state.bill?.total, 700, 'and nothing of it shown');
      assert.equal(FakeEventSource.opened.at(-1)!.url, `${seeded.streamUrl}&lastEventId=9`);
      seeded.stop();

      const pairing = new DisplayFeed({ waitForLane: true });
      const second = fakeEarly(pairing.streamUrl, []);
      pairing.offerEarlyStream(second.early);
      pairing.start();
      assert.equal(second.source.closed, true, 'no lane to follow yet');
      assert.equal(FakeEventSource.opened.filter((source) => source.url === pairing.streamUrl).length, 1, 'and nothing else opened for it');
      pairing.stop();
    });

    it('an element carries it under Symbol.for(EARLY_STREAM_KEY); anything else left there is ignored', () => {
      const holder = { [Symbol.for(EARLY_STREAM_KEY)]: { url: 1, claim: 'no' } };
      assert.equal(earlyStreamOf(holder), undefined);
    });
  });
});
