/**
 * One display's open stream: the {@link Subscriber} a transport hands the hub, and the
 * {@link Stream} the hub keeps for it (what it was sent, what still waits for its opening).
 */
import { compareEventIds, Frame } from '../protocol/index.js';
import type { Beating } from './heartbeat.js';
import type { Appended, StoredEvent } from './store/store.js';

/** How a display's stream was brought up to date when it opened. */
export interface StreamOpening {
  /** `resume`: the events it missed since its `Last-Event-ID`; `snapshot`: the lane's state. */
  readonly mode: 'resume' | 'snapshot';
  /** The newest event id the opening covers. */
  readonly head: string;
}

/** One open stream to one display. */
export interface Subscriber {
  /**
   * Writes SSE text. Must not throw. A frame's `lastEventId` is what the display's
   * `Last-Event-ID` becomes once it has read it.
   */
  send(frame: Frame): void;
  /** Ends the stream (the display will reconnect and resume). */
  close(): void;
  /** Told once, just before the opening is sent (metrics count openings by mode). */
  opened?(opening: StreamOpening): void;
}

/** A display's stream, as the hub tracks it. */
export class Stream implements Beating {
  /** Until its opening is sent, live events wait here. */
  pending: Appended[] | null = [];
  /** Events at or below this id were in its opening; cleared once a newer one arrives. */
  openedAt: string | null = null;
  lastSentAt: number | null = null;

  constructor(readonly subscriber: Subscriber) {}

  sendPing(frame: Frame, now: number): void {
    this.subscriber.send(frame);
    this.lastSentAt = now;
  }

  /** Sends the events it has not had yet. */
  deliver(events: readonly StoredEvent[], now: number): void {
    if (this.openedAt !== null) {
      const openedAt = this.openedAt;
      events = events.filter((event) => compareEventIds(event.id, openedAt)! > 0);
      if (events.length === 0) return;
      this.openedAt = null; // ids only grow from here
    }
    this.subscriber.send(events.length === 1 ? events[0]!.frame : Frame.of(...events.map((event) => event.frame)));
    this.lastSentAt = now;
  }
}
