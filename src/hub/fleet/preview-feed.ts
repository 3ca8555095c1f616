/**
 * The admin page's live previews: each stream names up to {@link MAX_PREVIEW_LANES} lanes and
 * is sent each one's state as a display's snapshot would show it, at once and again after
 * every change. Changes come from the hub's own signals (events reaching a lane held here,
 * prompts shown or closed), so only the lanes some preview names are ever described: a
 * shop with thousands of lanes pays nothing for the ones out of view. A burst of changes to
 * one lane within `debounceMs` is one message.
 */
import { Frame, formatSseFrame, PREVIEW_EVENT, type LanePreview, type LanePreviewState } from '../../protocol/index.js';
import type { LaneState } from '../lane-state.js';
import type { Prompt } from '../../protocol/index.js';
import type { MaybePromise } from '../store/store.js';
import type { Subscriber } from '../stream.js';

/** What the feed reads and holds, one lane at a time. */
export interface PreviewSources {
  state(lane: string): LaneState;
  prompt(lane: string): Prompt | undefined;
  /** Keeps the lane's state current here while a preview shows it (a shared store follows it). */
  watch(lane: string): { ready: MaybePromise<void>; release: () => void };
}

/** One open preview stream. */
class PreviewStream {
  private readonly marked = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Its first message is sent: before it, changes wait (the first message covers them). */
  private started = false;

  constructor(
    readonly lanes: readonly string[],
    readonly subscriber: Subscriber,
    private readonly describe: (lane: string) => LanePreview,
    private readonly debounceMs: number,
  ) {}

  sendAll(): void {
    this.started = true;
    this.marked.clear();
    this.send(this.lanes);
  }

  /** A lane changed: described once when the window ends, however many changes came in it. */
  mark(lane: string): void {
    this.marked.add(lane);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (!this.started) return;
      const lanes = [...this.marked];
      this.marked.clear();
      this.send(lanes);
    }, this.debounceMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private send(lanes: readonly string[]): void {
    if (lanes.length === 0) return;
    this.subscriber.send(Frame.of(...lanes.map((lane) => formatSseFrame({ event: PREVIEW_EVENT, data: this.describe(lane) }))));
  }
}

export class PreviewFeed {
  /** Open streams by the lanes they show (only these lanes are ever described). */
  private readonly byLane = new Map<string, Set<PreviewStream>>();
  private count = 0;

  constructor(
    private readonly sources: PreviewSources,
    private readonly debounceMs: number,
  ) {}

  /** Preview streams open now. */
  get size(): number {
    return this.count;
  }

  /** Something on the lane changed (its state, or its prompt). */
  laneChanged(lane: string): void {
    for (const stream of this.byLane.get(lane) ?? []) stream.mark(lane);
  }

  /**
   * Opens a stream of `lanes` (checked by the caller): each one's state once they are all
   * held, then their changes. Returns the function that ends it. Throws when a lane cannot
   * be held (the hub's reader-lane limit), having let go of the others.
   */
  add(lanes: readonly string[], subscriber: Subscriber): () => void {
    const stream = new PreviewStream(lanes, subscriber, (lane) => this.describe(lane), this.debounceMs);
    const held: Array<() => void> = [];
    const ready: Array<Promise<void>> = [];
    try {
      for (const lane of lanes) {
        const watch = this.sources.watch(lane);
        held.push(watch.release);
        if (watch.ready instanceof Promise) ready.push(watch.ready);
      }
    } catch (error) {
      for (const release of held) release();
      throw error;
    }
    this.count++;
    let open = true;
    // Changes while the states are read are marked, so none falls between the first message and the next.
    for (const lane of lanes) {
      let streams = this.byLane.get(lane);
      if (!streams) this.byLane.set(lane, (streams = new Set()));
      streams.add(stream);
    }
    const first = () => open && stream.sendAll();
    if (ready.length === 0) first();
    else Promise.all(ready).then(first, () => subscriber.close()); // the store is away: the page reopens it
    return () => {
      if (!open) return;
      open = false;
      this.count--;
      stream.stop();
      for (const lane of lanes) {
        const streams = this.byLane.get(lane);
        streams?.delete(stream);
        if (streams?.size === 0) this.byLane.delete(lane);
      }
      for (const release of held) release();
    };
  }

  private describe(lane: string): LanePreview {
    return { lane, state: previewState(this.sources.state(lane), this.sources.prompt(lane)) };
  }
}

/**
 * What a display shows for this state: its phase by the display's own rule (a payment not
 * cancelled, or a dialog, beats a bill with items, which beats idle). The prompt is copied
 * as the display gets it: the question; answers never live beside it.
 */
export function previewState(state: LaneState, prompt: Prompt | undefined): LanePreviewState {
  const paying = (state.payment !== null && state.payment.status !== 'cancelled') || state.modal !== null;
  const phase = paying ? 'payment' : state.bill && state.bill.items.length > 0 ? 'bill' : 'idle';
  return { phase, bill: state.bill, modal: state.modal, payment: state.payment, prompt: prompt ?? null };
}
