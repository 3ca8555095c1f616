/**
 * `HubMetrics` without a server: over a Hub with its memory store, with fake subscribers
 * for displays, its Prometheus text parsed as a scraper would.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { validateCommand, type Frame } from '../../src/protocol/index.js';
import { Hub, type Subscriber } from '../../src/hub/hub.js';
import { HubMetrics, type HubMetricsOptions } from '../../src/hub/fleet/metrics.js';
import { billWith } from '../support/fixtures.js';

class FakeDisplay implements Subscriber {
  readonly frames: Frame[] = [];
  send(frame: Frame): void {
    this.frames.push(frame);
  }
  close(): void {}
}

async function scrape(metrics: HubMetrics): Promise<Map<string, ParsedFamily>> {
  const { text, contentType } = await metrics.render();
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

const value = (family: ParsedFamily | undefined, labels: Record<string, string> = {}) =>
  family?.metrics.find((metric) => Object.entries(labels).every(([key, label]) => metric.labels?.[key] === label))?.value;

function publishBill(hub: Hub, lane: string) {
  const checked = validateCommand('update-bill', billWith(2));
  assert.ok(checked.ok);
  return hub.publish(lane, { command: 'update-bill', body: checked.value });
}

function metricsOver(options: Partial<HubMetricsOptions> = {}) {
  const hub = new Hub({ heartbeatMs: 0 });
  return { hub, metrics: new HubMetrics({ hub, ...options }) };
}

describe('HubMetrics', () => {
  it('counts the displays connected per lane, as they come and go; lanes without displays are not listed; lanes nothing was published to are "other"', async () => {
    const { hub, metrics } = metricsOver();
    await publishBill(hub, 'till-1');
    const leave = [hub.connect('till-1', new FakeDisplay()), hub.connect('till-1', new FakeDisplay())];
    hub.connect('till-2', new FakeDisplay());
    await publishBill(hub, 'till-3');
    const connected = (await scrape(metrics)).get('display_hub_displays_connected');
    assert.equal(connected?.type, 'GAUGE');
    assert.deepEqual(
      connected?.metrics.map((metric) => [metric.labels?.lane, metric.value]),
      // till-2 was only opened by a stream (a name any client may invent): not a series of its own.
      [
        ['till-1', '2'],
        ['other', '1'],
      ],
    );
    for (const stop of leave) stop();
    const after = (await scrape(metrics)).get('display_hub_displays_connected');
    assert.deepEqual(after?.metrics.map((metric) => metric.labels?.lane), ['other'], 'a lane whose displays left is no longer listed');
  });

  it('renders the counters and the histogram the handler feeds', async () => {
    const { metrics } = metricsOver();
    metrics.publishes.inc({ endpoint: 'update-bill', status: '200' });
    metrics.publishes.inc({ endpoint: 'update-bill', status: '200' });
    metrics.publishes.inc({ endpoint: 'clear', status: '401' });
    metrics.publishSeconds.observe({ endpoint: 'update-bill' }, 0.002);
    metrics.publishSeconds.observe({ endpoint: 'update-bill' }, 0.3);
    metrics.openings.inc({ mode: 'snapshot' });
    metrics.openings.inc({ mode: 'resume' }, 3);
    metrics.slowClosed.inc();
    const families = await scrape(metrics);
    const publishes = families.get('display_hub_publishes_total');
    assert.equal(publishes?.type, 'COUNTER');
    assert.equal(value(publishes, { endpoint: 'update-bill', status: '200' }), '2');
    assert.equal(value(publishes, { endpoint: 'clear', status: '401' }), '1');
    const latency = families.get('display_hub_publish_to_write_seconds');
    assert.equal(latency?.type, 'HISTOGRAM');
    // (the parser keeps a labelled histogram's buckets only)
    assert.deepEqual(latency?.metrics[0]?.buckets && { fast: latency.metrics[0].buckets['0.0025'], slow: latency.metrics[0].buckets['0.25'], all: latency.metrics[0].buckets['+Inf'] }, { fast: '1', slow: '1', all: '2' });
    assert.equal(value(families.get('display_hub_stream_openings_total'), { mode: 'snapshot' }), '1');
    assert.equal(value(families.get('display_hub_stream_openings_total'), { mode: 'resume' }), '3');
    assert.equal(value(families.get('display_hub_streams_closed_slow_total')), '1');
  });

  it('Redis availability only with a shared store, read at each scrape', async () => {
    assert.equal((await scrape(metricsOver().metrics)).has('display_hub_redis_up'), false, 'no shared store, no metric');
    let available = true;
    const { metrics } = metricsOver({ storeAvailable: () => available });
    assert.equal(value((await scrape(metrics)).get('display_hub_redis_up')), '1');
    available = false;
    assert.equal(value((await scrape(metrics)).get('display_hub_redis_up')), '0');
  });

  it("paired displays by status, from the registry's count at each scrape (a status gone is not kept)", async () => {
    assert.equal((await scrape(metricsOver().metrics)).has('display_hub_paired_displays'), false, 'no pairing, no metric');
    let statuses: Record<string, number> = { connected: 2, pending: 1 };
    const { metrics } = metricsOver({ displayStatuses: async () => statuses });
    const first = (await scrape(metrics)).get('display_hub_paired_displays');
    assert.equal(value(first, { status: 'connected' }), '2');
    assert.equal(value(first, { status: 'pending' }), '1');
    statuses = { offline: 3 };
    const second = (await scrape(metrics)).get('display_hub_paired_displays');
    assert.deepEqual(second?.metrics.map((metric) => [metric.labels?.status, metric.value]), [['offline', '3']]);
  });

  it('each hub counts for itself; the process metrics are in every scrape', async () => {
    const a = metricsOver();
    const b = metricsOver();
    a.metrics.publishes.inc({ endpoint: 'clear', status: '200' });
    a.hub.connect('till-1', new FakeDisplay());
    const [ofA, ofB] = [await scrape(a.metrics), await scrape(b.metrics)];
    assert.equal(value(ofA.get('display_hub_publishes_total'), { endpoint: 'clear', status: '200' }), '1');
    assert.equal(value(ofB.get('display_hub_publishes_total'), { endpoint: 'clear', status: '200' }), undefined);
    assert.equal(ofB.get('display_hub_displays_connected')?.metrics.length ?? 0, 0);
    for (const families of [ofA, ofB]) {
      assert.ok(families.has('display_hub_process_resident_memory_bytes') || families.has('display_hub_nodejs_heap_size_used_bytes'), 'Node metrics, prefixed');
      assert.ok(families.has('display_hub_nodejs_eventloop_lag_seconds'));
    }
  });
});
