/**
 * Where each paired display is, across instances: every instance writes the presences of
 * the paired displays connected to it to the pairing store (at once when one comes, goes,
 * or opens or closes its lane stream; all of them on every refresh), and the admin's list
 * reads everyone's from there. Pending screens have none: they are listed by their code.
 */
import type { DisplayInfo, FleetDisplayStatus } from '../../protocol/index.js';
import { isFresh } from './freshness.js';
import type { Pairing, PairingStore, Presence } from './pairing-store.js';

export class DisplayPresence {
  /** Presences to write to the store on the next flush. */
  private readonly dirty = new Map<string, Presence>();

  constructor(
    private readonly store: PairingStore,
    /** Only paired displays' presences are kept (none grows from codes shown or screens revoked). */
    private readonly isPaired: (id: string) => boolean,
  ) {}

  /** Writes a display's presence now (with any others waiting to be written). */
  record(id: string, presence: Presence): void {
    if (this.isPaired(id)) this.dirty.set(id, presence);
    void this.flush().catch(() => {});
  }

  /** Marks the displays connected here as seen `at` and writes them. */
  async keepAlive(connected: Iterable<{ id: string; presence: Presence }>, at: number): Promise<void> {
    for (const { id, presence } of connected) {
      presence.seen_at = at;
      if (this.isPaired(id)) this.dirty.set(id, presence);
    }
    await this.flush();
  }

  async flush(): Promise<void> {
    const entries = new Map(this.dirty);
    this.dirty.clear();
    await this.store.setPresence(entries);
  }

  remove(id: string): Promise<void> {
    return this.store.removePresence(id);
  }
}

/** The paired displays as the admin lists them, by lane then name. */
export function describePaired(pairings: readonly Pairing[], presences: Record<string, Presence>, now: number): DisplayInfo[] {
  const paired = pairings.map((pairing) => pairedInfo(pairing, presences[pairing.id], now));
  return paired.sort((a, b) => (a.lane ?? '').localeCompare(b.lane ?? '') || (a.name ?? '').localeCompare(b.name ?? ''));
}

function pairedInfo(pairing: Pairing, presence: Presence | undefined, now: number): DisplayInfo {
  // Not refreshed for a while: its instance died with it connected; offline since then.
  const online = !!presence && presence.offline_since === null && isFresh(presence.seen_at, now);
  const status: FleetDisplayStatus = !online ? 'offline' : presence.streaming ? 'connected' : 'stale';
  return {
    id: pairing.id,
    code: null,
    name: pairing.name,
    lane: pairing.lane,
    status,
    user_agent: presence?.user_agent ?? null,
    address: presence?.address ?? null,
    connected_at: presence?.connected_at ?? null,
    last_event_id: presence?.last_event_id ?? null,
    offline_since: online ? null : (presence?.offline_since ?? presence?.seen_at ?? pairing.paired_at),
  };
}
