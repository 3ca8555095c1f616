/**
 * What the admin page's live streams are sent: a snapshot when one opens, then only what
 * changed. Publishes, streams opening or closing, and registry changes mark a lane or the
 * displays as changed; at most every `debounceMs` the marked lanes are described (one hub
 * lookup each) and the display list is compared with the last one sent, and a single
 * `change` goes to every admin stream. The work per change is proportional to what changed,
 * never to the number of lanes (the issue: 5 s of blocked event loop per publish at 8000
 * lanes when every change re-sent a snapshot). With no admin stream open nothing is tracked.
 */
import { ADMIN_EVENTS, Frame, formatSseFrame, type AdminChange, type AdminSnapshot, type DisplayInfo, type LaneInfo } from '../../protocol/index.js';
import type { Subscriber } from '../stream.js';

/** What the feed reads: lanes one at a time, and the displays (bounded by pairings and waiting codes). */
export interface AdminSources {
  /** A lane as the admin page shows it; undefined: not in use here. */
  laneInfo(lane: string): LaneInfo | undefined;
  /** Every lane in use here (for a snapshot only). */
  lanes(): string[];
  displays(): Promise<DisplayInfo[]>;
}

export class AdminFeed {
  private readonly subscribers = new Set<Subscriber>();
  /** Streams waiting for their snapshot: changes meanwhile are tracked, so none falls between. */
  private opening = 0;
  private readonly changedLanes = new Set<string>();
  private displaysChanged = false;
  /** The displays as last sent (by id): a change sends only those that differ. Undefined: no stream open. */
  private sentDisplays: Map<string, { info: DisplayInfo; json: string }> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Snapshots and flushes run one at a time, so a new stream's snapshot and the changes after it stay in order. */
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly sources: AdminSources,
    private readonly debounceMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Admin streams open now (their snapshot sent, or on its way). */
  get size(): number {
    return this.subscribers.size + this.opening;
  }

  /** A lane's state or its displays changed. */
  laneChanged(lane: string): void {
    if (this.size === 0) return;
    this.changedLanes.add(lane);
    this.schedule();
  }

  /** A display came, went or changed (the registry does not say which: the list is compared). */
  displaysChangedNow(): void {
    if (this.size === 0) return;
    this.displaysChanged = true;
    this.schedule();
  }

  /** Opens an admin stream: its snapshot, then every change. Returns the function that ends it. */
  add(subscriber: Subscriber): () => void {
    let open = true;
    let waiting = true;
    const opened = () => {
      if (waiting) this.opening--;
      waiting = false;
    };
    this.opening++;
    this.enqueue(async () => {
      try {
        if (!open) return;
        if (!this.sentDisplays) this.sentDisplays = indexDisplays(await this.sources.displays());
        if (!open) return;
        subscriber.send(new Frame(formatSseFrame({ event: ADMIN_EVENTS.snapshot, data: this.snapshot() })));
        this.subscribers.add(subscriber);
      } catch (error) {
        // No snapshot (the pairing store is away): the page reconnects and tries again.
        subscriber.close();
        throw error;
      } finally {
        opened();
      }
    });
    return () => {
      open = false;
      opened();
      this.subscribers.delete(subscriber);
      if (this.size > 0) return;
      // Nobody watches: stop tracking (the next stream starts from a fresh snapshot).
      this.sentDisplays = undefined;
      this.changedLanes.clear();
      this.displaysChanged = false;
      clearTimeout(this.timer);
      this.timer = undefined;
    };
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  /** Every display and lane, from what was last sent (so the changes that follow apply to it). */
  private snapshot(): AdminSnapshot {
    const displays = [...this.sentDisplays!.values()].map(({ info }) => info);
    const paired = pairedLanes(displays);
    const lanes = new Set([...this.sources.lanes(), ...paired]);
    return { displays, lanes: [...lanes].sort().map((lane) => this.describeLane(lane, paired)!) };
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.flush());
    }, this.debounceMs);
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.work = this.work.then(task).catch((error: Error) => this.onError(error));
  }

  private async flush(): Promise<void> {
    if (this.subscribers.size === 0 || !this.sentDisplays) return;
    const change: AdminChange = { lanes: [], removed_lanes: [], displays: [], removed_displays: [] };
    if (this.displaysChanged) {
      this.displaysChanged = false;
      this.diffDisplays(await this.sources.displays(), change);
      if (!this.sentDisplays) return; // every stream closed meanwhile
    }
    const paired = pairedLanes([...this.sentDisplays.values()].map(({ info }) => info));
    const lanes = [...this.changedLanes];
    this.changedLanes.clear();
    // A lane nobody uses any more, and no display is paired with, leaves the page.
    for (const lane of lanes) {
      const info = this.describeLane(lane, paired);
      if (info) change.lanes.push(info);
      else change.removed_lanes.push(lane);
    }
    if (!change.lanes.length && !change.removed_lanes.length && !change.displays.length && !change.removed_displays.length) return;
    const frame = new Frame(formatSseFrame({ event: ADMIN_EVENTS.change, data: change }));
    for (const subscriber of this.subscribers) subscriber.send(frame);
  }

  /** The displays that differ from those last sent; their lanes (old and new) are described too. */
  private diffDisplays(current: DisplayInfo[], change: AdminChange): void {
    const sent = this.sentDisplays;
    if (!sent) return;
    const next = indexDisplays(current);
    for (const [id, entry] of next) {
      const before = sent.get(id);
      if (before?.json === entry.json) continue;
      change.displays.push(entry.info);
      for (const lane of [before?.info.lane, entry.info.lane]) if (lane) this.changedLanes.add(lane);
    }
    for (const [id, { info }] of sent) {
      if (next.has(id)) continue;
      change.removed_displays.push(id);
      if (info.lane) this.changedLanes.add(info.lane);
    }
    this.sentDisplays = next;
  }

  private describeLane(lane: string, paired: Set<string>): LaneInfo | undefined {
    return this.sources.laneInfo(lane) ?? (paired.has(lane) ? idleLane(lane) : undefined);
  }
}

function indexDisplays(displays: DisplayInfo[]): Map<string, { info: DisplayInfo; json: string }> {
  return new Map(displays.map((info) => [info.id, { info, json: JSON.stringify(info) }]));
}

/** Lanes some display is paired with: listed even before anything happens on them. */
function pairedLanes(displays: DisplayInfo[]): Set<string> {
  return new Set(displays.flatMap((display) => (display.lane ? [display.lane] : [])));
}

/** A lane only a paired display names: nothing on it here yet. */
function idleLane(lane: string): LaneInfo {
  return { lane, clients: 0, phase: 'idle', bill_number: null, total: null, payment_status: null };
}
