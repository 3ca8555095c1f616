/**
 * What monitoring scrapes at `GET /metrics` (Prometheus text format, prom-client): displays
 * connected per lane (a bounded set of lanes: {@link laneSeries}), publishes by endpoint and status, the time from a publish request to
 * its events written to this instance's streams, openings by mode (resume or snapshot),
 * streams closed because the display stopped reading, and whether Redis answers. One
 * registry per hub handler (tests run several hubs in one process).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Hub, LaneSummary } from '../hub.js';
import { isEmptyLaneState } from '../lane-state.js';

/** Lanes that get a series of their own at most; the others' displays are summed as `lane="other"`. */
export const DEFAULT_MAX_LANE_SERIES = 100;
export const OTHER_LANES = 'other';

export interface HubMetricsOptions {
  hub: Hub;
  /** Whether the shared store answers (Redis); absent: no such metric. */
  storeAvailable?: () => boolean;
  /** Paired displays, by status (from the registry), when pairing is on. */
  displayStatuses?: () => Promise<Record<string, number>>;
  /** Lanes with a series of their own at most (default {@link DEFAULT_MAX_LANE_SERIES}). */
  maxLaneSeries?: number;
}

/**
 * Displays connected per lane, as series: a lane name comes from whoever opens a stream, so
 * only lanes a cashier published to (they show something) are named, the `max` with the
 * most displays; every other display is counted under `lane="other"` (a lane really named
 * `other` too). However many lanes clients invent, there are at most `max + 1` series (the
 * issue: 3000 invented lanes made `/metrics` 148.5 KiB).
 */
export function laneSeries(lanes: readonly LaneSummary[], showsSomething: (lane: string) => boolean, max: number): Array<[lane: string, displays: number]> {
  const named: Array<[string, number]> = [];
  let other = 0;
  for (const { lane, clients } of lanes) {
    if (clients === 0) continue;
    if (lane !== OTHER_LANES && showsSomething(lane)) named.push([lane, clients]);
    else other += clients;
  }
  named.sort(([laneA, a], [laneB, b]) => b - a || (laneA < laneB ? -1 : laneA > laneB ? 1 : 0));
  for (const [, clients] of named.splice(max)) other += clients;
  return other > 0 ? [...named, [OTHER_LANES, other]] : named;
}

/** Node's own metrics (memory, CPU, event loop): one set per process, however many hubs it runs. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'display_hub_' });
  }
  return processRegistry;
}

export class HubMetrics {
  readonly registry = new Registry();
  readonly publishes: Counter<'endpoint' | 'status'>;
  readonly publishSeconds: Histogram<'endpoint'>;
  readonly openings: Counter<'mode'>;
  readonly slowClosed: Counter;

  constructor(options: HubMetricsOptions) {
    const registers = [this.registry];
    const { hub } = options;
    const maxLaneSeries = options.maxLaneSeries ?? DEFAULT_MAX_LANE_SERIES;
    new Gauge({
      name: 'display_hub_displays_connected',
      help: `Display streams open on this instance, per lane (the ${maxLaneSeries} lanes in use with the most; the rest, and lanes nothing was published to, as lane="${OTHER_LANES}")`,
      labelNames: ['lane'],
      registers,
      collect() {
        this.reset();
        const series = laneSeries(hub.summary(), (lane) => !isEmptyLaneState(hub.state(lane)), maxLaneSeries);
        for (const [lane, clients] of series) this.set({ lane }, clients);
      },
    });
    this.publishes = new Counter({ name: 'display_hub_publishes_total', help: 'Publish requests, by endpoint and HTTP status', labelNames: ['endpoint', 'status'], registers });
    this.publishSeconds = new Histogram({
      name: 'display_hub_publish_to_write_seconds',
      help: "From a publish request's arrival to its events written to this instance's streams (and stored)",
      labelNames: ['endpoint'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.openings = new Counter({ name: 'display_hub_stream_openings_total', help: 'Streams opened, by mode: resume (missed events) or snapshot (state)', labelNames: ['mode'], registers });
    this.slowClosed = new Counter({ name: 'display_hub_streams_closed_slow_total', help: 'Streams closed because the display stopped reading (buffer limit)', registers });
    this.optional(options);
  }

  /** The Prometheus text and its content type. */
  async render(): Promise<{ text: string; contentType: string }> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { text: `${own}\n${process}`, contentType: this.registry.contentType };
  }

  private optional({ storeAvailable, displayStatuses }: HubMetricsOptions): void {
    const registers = [this.registry];
    if (storeAvailable) {
      new Gauge({
        name: 'display_hub_redis_up',
        help: 'Whether Redis answers (1) or not (0)',
        registers,
        collect() {
          this.set(storeAvailable() ? 1 : 0);
        },
      });
    }
    if (displayStatuses) {
      new Gauge({
        name: 'display_hub_paired_displays',
        help: 'Displays known to the registry, by status (pending, connected, stale, offline)',
        labelNames: ['status'],
        registers,
        async collect() {
          this.reset();
          for (const [status, count] of Object.entries(await displayStatuses())) this.set({ status }, count);
        },
      });
    }
  }
}
