/**
 * What the admin API and the admin page's live stream carry about a shop's screens: every
 * display (waiting with a code, or paired to a lane) and every lane. The stream opens with a
 * `snapshot` of everything, then sends only `change`s: the lanes and displays that changed
 * (a shop with thousands of lanes must not be re-listed on every publish). Plain types: the
 * hub writes them and its own admin page reads them; nothing validates them on the way.
 */
import type { Bill, ModalShowEvent, Payment } from './schemas.js';
import type { PromptShown } from './prompts.js';

/** `pending`: showing a code; `connected`: its lane stream is open; `stale`: only its control stream; `offline`: gone. */
export type FleetDisplayStatus = 'pending' | 'connected' | 'stale' | 'offline';

/** How the admin API lists a display. */
export interface DisplayInfo {
  id: string;
  code: string | null;
  name: string | null;
  lane: string | null;
  status: FleetDisplayStatus;
  user_agent: string | null;
  address: string | null;
  connected_at: number | null;
  last_event_id: string | null;
  offline_since: number | null;
}

/** A lane as the admin page shows it: its screens here and what they show. */
export interface LaneInfo {
  lane: string;
  clients: number;
  phase: 'idle' | 'bill' | 'payment';
  bill_number: string | null;
  total: number | null;
  payment_status: string | null;
}

/** The admin page's live stream's first message (`snapshot`): every display and lane. */
export interface AdminSnapshot {
  displays: DisplayInfo[];
  lanes: LaneInfo[];
}

/**
 * Every later message (`change`): what changed since the previous one, debounced (a burst of
 * publishes to one lane is one entry). Entries replace the ones with the same `lane` / `id`;
 * `removed_*` are gone. Applied in order to the snapshot, they give the hub's current view.
 */
export interface AdminChange {
  lanes: LaneInfo[];
  removed_lanes: string[];
  displays: DisplayInfo[];
  removed_displays: string[];
}

/** The admin stream's event names. */
export const ADMIN_EVENTS = { snapshot: 'snapshot', change: 'change' } as const;

/** A snapshot with a change applied (the admin page's view; tests replay the stream with it). */
export function applyAdminChange(snapshot: AdminSnapshot, change: AdminChange): AdminSnapshot {
  const lanes = new Map(snapshot.lanes.map((lane) => [lane.lane, lane]));
  for (const lane of change.removed_lanes) lanes.delete(lane);
  for (const lane of change.lanes) lanes.set(lane.lane, lane);
  const displays = new Map(snapshot.displays.map((display) => [display.id, display]));
  for (const id of change.removed_displays) displays.delete(id);
  for (const display of change.displays) displays.set(display.id, display);
  return { displays: [...displays.values()], lanes: [...lanes.values()].sort((a, b) => (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0)) };
}

/**
 * What the admin page's preview stream (`GET admin/preview?lanes=a,b`) sends per lane
 * (`event: lane`): the lane's state as a display's snapshot would show it, at once and again
 * on every change (debounced). The prompt is the question on screen, never a shopper's answer.
 */
export interface LanePreviewState {
  phase: 'idle' | 'bill' | 'payment';
  bill: Bill | null;
  modal: ModalShowEvent | null;
  payment: Payment | null;
  prompt: PromptShown | null;
}

export interface LanePreview {
  lane: string;
  state: LanePreviewState;
}

/** The preview stream's event name, and the lanes one stream may follow at most. */
export const PREVIEW_EVENT = 'lane';
export const MAX_PREVIEW_LANES = 24;
