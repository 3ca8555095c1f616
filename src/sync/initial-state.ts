/**
 * Reads the state a page carried (`DisplaySeed`) into the display events it stands for,
 * validated with the stream's own checks: a seed is shown to the shopper exactly as the
 * same events from the stream would be, and anything that does not pass is not shown.
 */
import type { DisplayEvent, EventName } from '../protocol/index.js';
// The display's checks (the zod schemas' rules without zod/mini), as the feed uses for stream events.
import { checkEvent } from '../protocol/event-checks.js';
import { SEED_EVENT_NAMES } from '../protocol/initial-state.js';

/** The hub's event ids: an integer, or a Redis stream id (`ms-seq`). */
const EVENT_ID = /^\d{1,20}(-\d{1,20})?$/;
const MAX_SEED_EVENTS = SEED_EVENT_NAMES.length;

export type SeedReading = { ok: true; lastEventId: string; events: DisplayEvent[] } | { ok: false; message: string };

/** The seed's events for `lane`, each validated, or why it is not used. */
export function readSeed(seed: unknown, lane: string): SeedReading {
  if (!seed || typeof seed !== 'object') return { ok: false, message: 'initial state: not an object' };
  const { lane: seedLane, lastEventId, events } = seed as Record<string, unknown>;
  if (seedLane !== lane) return { ok: false, message: 'initial state: of another lane' };
  if (typeof lastEventId !== 'string' || !EVENT_ID.test(lastEventId)) return { ok: false, message: 'initial state: lastEventId is not an event id' };
  if (!Array.isArray(events) || events.length > MAX_SEED_EVENTS) return { ok: false, message: 'initial state: events is not a list of snapshot events' };
  const read: DisplayEvent[] = [];
  for (const entry of events as Array<{ event?: unknown; data?: unknown }>) {
    const name = entry && entry.event;
    if (!(SEED_EVENT_NAMES as readonly unknown[]).includes(name)) return { ok: false, message: `initial state: ${String(name)} is not a snapshot event` };
    const result = checkEvent(name as EventName, entry.data);
    if (!result.ok) return { ok: false, message: `initial state: ${result.message}` };
    read.push({ event: name, data: result.value, id: lastEventId } as DisplayEvent);
  }
  return { ok: true, lastEventId, events: read };
}
