/**
 * What the admin API and the admin page's live stream carry about a shop's screens: every
 * display (waiting with a code, or paired to a lane) and every lane. Plain types: the hub
 * writes them and its own admin page reads them; nothing validates them on the way.
 */

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

/** One message of the admin page's live stream (`snapshot`). */
export interface AdminSnapshot {
  displays: DisplayInfo[];
  lanes: LaneInfo[];
}
