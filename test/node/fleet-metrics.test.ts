/**
 * `GET /metrics` over real HTTP, parsed with a Prometheus text-format parser: displays per
 * lane, publishes by endpoint and status, the publish latency histogram, openings by mode,
 * streams closed for slowness, Redis availability; and `--log-format json`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { createLogger } from '../../src/hub/node/logger.js';
import { startHubServer } from '../../src/hub/node/server.js';
import { billWith } from '../support/fixtures.js';
import { API } from '../support/fleet.js';
import { openSse, postJson } from '../support/sse-client.js';

const METRICS_TOKEN = 'metrics-token-0001';

async function scrape(url: string): Promise<Map<string, ParsedFamily>> {
  const response = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]));
}

const sample = (family: ParsedFamily | undefined, labels: Record<string, string>) =>
  family?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));

describe('/metrics', () => {
  it('parses, and counts displays per lane, publishes by status, latency, openings by mode and slow streams', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, metricsToken: METRICS_TOKEN, laneTokens: { 'till-1': 'till-1-token-0001' }, maxStreamBufferBytes: 64 * 1024 });
    try {
      const headers = { Authorization: 'Bearer till-1-token-0001' };
      const displays = await Promise.all([1, 2].map(() => openSse(`${hub.url}${API}/stream?lane=till-1`)));
      const other = await openSse(`${hub.url}${API}/stream?lane=till-2`);
      await Promise.all([...displays, other].map((display) => display.waitFor((e) => e.event === 'connected')));
      const published = await postJson(`${hub.url}${API}/update-bill?lane=till-1`, billWith(2), { headers });
      assert.equal((await postJson(`${hub.url}${API}/update-bill?lane=till-2`, billWith(2), { headers })).status, 403);
      assert.equal((await postJson(`${hub.url}${API}/clear?lane=till-1`, {})).status, 401);
      const resumed = await openSse(`${hub.url}${API}/stream?lane=till-1`, { 'Last-Event-ID': String(published.body.event_id) });
      await resumed.waitFor((e) => e.event === 'connected');

      const metrics = await scrape(hub.url);
      assert.equal(sample(metrics.get('display_hub_displays_connected'), { lane: 'till-1' })?.value, '3');
      // Nothing was published to till-2 (its publish was refused): its display is counted, its name is not a series.
      assert.equal(sample(metrics.get('display_hub_displays_connected'), { lane: 'till-2' })?.value, undefined);
      assert.equal(sample(metrics.get('display_hub_displays_connected'), { lane: 'other' })?.value, '1');
      const publishes = metrics.get('display_hub_publishes_total');
      assert.equal(sample(publishes, { endpoint: 'update-bill', status: '200' })?.value, '1');
      assert.equal(sample(publishes, { endpoint: 'update-bill', status: '403' })?.value, '1');
      assert.equal(sample(publishes, { endpoint: 'clear', status: '401' })?.value, '1');
      const latency = metrics.get('display_hub_publish_to_write_seconds');
      assert.equal(latency?.type, 'HISTOGRAM');
      // (the parser keeps a labelled histogram's buckets only)
      assert.deepEqual(latency?.metrics.map((metric) => metric.buckets?.['+Inf']), ['1']);
      assert.equal(sample(metrics.get('display_hub_stream_openings_total'), { mode: 'snapshot' })?.value, '3');
      assert.equal(sample(metrics.get('display_hub_stream_openings_total'), { mode: 'resume' })?.value, '1');
      assert.equal(metrics.has('display_hub_redis_up'), false, 'no Redis, no Redis metric');
      for (const stream of [...displays, other, resumed]) stream.close();
    } finally {
      await hub.close();
    }
  });

  it('counts a stream closed because its display stopped reading', async () => {
    const hub = await startHubServer({ port: 0, heartbeatMs: 0, metricsToken: METRICS_TOKEN, maxStreamBufferBytes: 16 * 1024 });
    try {
      const stuck = await openSse(`${hub.url}${API}/stream?lane=slow`);
      await stuck.waitFor((e) => e.event === 'connected');
      stuck.response.pause(); // stops reading: the socket buffers fill up
      const big = billWith(150);
      for (let n = 0; n < 400 && !stuck.response.destroyed; n++) {
        await postJson(`${hub.url}${API}/update-bill?lane=slow`, { ...big, bill_number: `B-${n}` });
        const slow = sample((await scrape(hub.url)).get('display_hub_streams_closed_slow_total'), {});
        if (slow?.value === '1') return;
      }
      assert.fail('the stuck stream was never closed');
    } finally {
      await hub.close();
    }
  });

  it('--log-format json: one JSON object per line with time, level and msg', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line), 'json');
    logger.info('[GET] /api/customer-display/health - 127.0.0.1 → 200 (0.3 ms)');
    logger.debug('not at info');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!) as { time: string; level: string; msg: string };
    assert.equal(entry.level, 'info');
    assert.match(entry.msg, /health/);
    assert.ok(!Number.isNaN(Date.parse(entry.time)));
  });
});
