/**
 * Paired displays' lane streams on this instance, so that a revoke or a move (made on any
 * instance) ends them at once: a revoked display is refused when it comes back, a moved one
 * comes back to its new lane.
 */
import type { Pairing } from './pairing-store.js';

interface LaneStream {
  lane: string;
  close(): void;
}

export class LaneStreams {
  private readonly byDisplay = new Map<string, Set<LaneStream>>();

  /** Returns the function that forgets it, which answers how many streams the display still has here. */
  add(id: string, lane: string, close: () => void): () => number {
    const stream = { lane, close };
    let streams = this.byDisplay.get(id);
    if (!streams) this.byDisplay.set(id, (streams = new Set()));
    streams.add(stream);
    return () => {
      streams.delete(stream);
      if (streams.size === 0) this.byDisplay.delete(id);
      return streams.size;
    };
  }

  /** Ends the display's streams that its pairing no longer allows (all of them: revoked). */
  closeOutdated(id: string, pairing: Pairing | undefined): void {
    for (const stream of this.byDisplay.get(id) ?? []) if (!pairing || stream.lane !== pairing.lane) stream.close();
  }

  closeAll(): void {
    for (const streams of this.byDisplay.values()) for (const stream of streams) stream.close();
  }
}
