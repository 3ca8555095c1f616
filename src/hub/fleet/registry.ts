/**
 * The displays of a shop (or a chain): which are paired to which lane, which wait with a
 * code, which are connected here. Pairings are cached in memory (checking a stream's
 * secret must not wait for Redis) and kept current by the store's messages, so a change
 * made on any instance (assign, move, rename, revoke) reaches the display wherever it is
 * connected: its control stream hears `paired` / `unpaired`, and its lane streams are
 * closed at once when it was revoked or moved.
 */
import { randomInt } from 'node:crypto';
import { Frame, formatSseFrame, type DisplayInfo, type FleetDisplayStatus } from '../../protocol/index.js';
import type { Subscriber } from '../hub.js';
import { sameDigest, sha256, type Verdict } from './credentials.js';
import type { Pairing, PairingStore, Pending, Presence, RegistryMessage } from './pairing-store.js';

/** No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud or off a screen across a shop. */
export const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;
/** A pending code or a presence not refreshed for this long belongs to a dead instance. */
const SEEN_TIMEOUT_MS = 30_000;
const REFRESH_MS = 10_000;

/** Screens showing a code on one instance at most (default): opening control streams cannot exhaust the hub. */
export const MAX_WAITING = 1000;

export class PairingLimitError extends Error {
  constructor(max: number) {
    super(`too many screens waiting to be paired here (at most ${max})`);
  }
}

/** Who is asking, for the list. */
export interface ClientInfo {
  userAgent: string;
  address: string;
}

interface Control {
  subscriber: Subscriber;
  keyHash: Buffer;
  code: string | null;
  presence: Presence;
}

interface LaneStream {
  lane: string;
  close(): void;
}

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

const frame = (event: string, data: unknown) => new Frame(formatSseFrame({ event, data }));

export class DisplayRegistry {
  private readonly cache = new Map<string, Pairing>();
  private readonly controls = new Map<string, Control>();
  private readonly laneStreams = new Map<string, Set<LaneStream>>();
  /** Presences to write to the store on the next refresh. */
  private readonly dirty = new Map<string, Presence>();
  private readonly changeListeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly store: PairingStore,
    private readonly now: () => number = Date.now,
    private readonly maxWaiting = MAX_WAITING,
  ) {}

  /** Loads the pairings and starts listening for changes. */
  async start(): Promise<void> {
    this.store.onMessage((message) => this.receive(message));
    for (const pairing of await this.store.pairings()) this.cache.set(pairing.id, pairing);
    this.timer = setInterval(() => void this.refresh().catch(() => {}), REFRESH_MS);
    this.timer.unref?.();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const control of this.controls.values()) control.subscriber.close();
    for (const streams of this.laneStreams.values()) for (const stream of streams) stream.close();
    await this.store.close();
  }

  /** Calls `listener` when a display comes, goes or changes (for the admin page). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** May this display's secret read this lane? Constant time on the secret. */
  checkDisplay(id: string | null, key: string | undefined, lane: string): Verdict {
    if (!key) return 'missing';
    const pairing = id ? this.cache.get(id) : undefined;
    const presented = sha256(key);
    if (!pairing || !sameDigest(presented, Buffer.from(pairing.key_hash, 'hex'))) return 'unknown';
    return pairing.lane === lane ? 'ok' : 'forbidden';
  }

  /**
   * A display page's control stream: told its pairing at once, or given a code to show
   * (and told its pairing when an admin assigns it). Returns the function that ends it.
   */
  async openControl(id: string, key: string, subscriber: Subscriber, client: ClientInfo): Promise<() => void> {
    const keyHash = sha256(key);
    const pairing = this.cache.get(id);
    if (pairing && !sameDigest(keyHash, Buffer.from(pairing.key_hash, 'hex'))) throw new Error('this display id belongs to another display');
    if (!pairing && this.waitingCount() >= this.maxWaiting) throw new PairingLimitError(this.maxWaiting);
    const previous = this.controls.get(id);
    if (previous) {
      // A second tab of the same display, or a reconnect before the old socket closed: the newest wins.
      this.closeControl(id, previous);
      previous.subscriber.close();
    }
    const at = this.now();
    const presence: Presence = { user_agent: client.userAgent, address: client.address, connected_at: at, streaming: false, last_event_id: null, seen_at: at, offline_since: null };
    const control: Control = { subscriber, keyHash, code: null, presence };
    this.controls.set(id, control);
    if (pairing) subscriber.send(frame('paired', { id, lane: pairing.lane, name: pairing.name }));
    else await this.offerCode(id, control);
    this.markPresence(id, presence);
    return () => this.closeControl(id, control);
  }

  /** Tracks a paired display's lane stream (revoking or moving it closes the stream). */
  trackLaneStream(id: string, lane: string, close: () => void, lastEventId: string | null): { untrack(): void; sent(eventId: string): void } {
    const stream = { lane, close };
    let streams = this.laneStreams.get(id);
    if (!streams) this.laneStreams.set(id, (streams = new Set()));
    streams.add(stream);
    const presence = this.controls.get(id)?.presence;
    if (presence) this.markPresence(id, { ...presence, streaming: true, last_event_id: lastEventId ?? presence.last_event_id });
    return {
      sent: (eventId) => {
        const current = this.controls.get(id)?.presence;
        if (current) current.last_event_id = eventId; // written on the next refresh
      },
      untrack: () => {
        streams!.delete(stream);
        if (streams!.size === 0) this.laneStreams.delete(id);
        const current = this.controls.get(id)?.presence;
        if (current && streams!.size === 0) this.markPresence(id, { ...current, streaming: false });
      },
    };
  }

  /** Pairs the display showing `code` with a lane. Undefined: no display shows that code. */
  async assign(code: string, lane: string, name: string): Promise<Pairing | undefined> {
    const pending = await this.store.takePending(code.toUpperCase());
    // A code no screen has shown for a while (its instance died) is not assigned.
    if (!pending || this.now() - pending.seen_at >= SEEN_TIMEOUT_MS) return undefined;
    const pairing: Pairing = { id: pending.id, key_hash: pending.key_hash, lane, name, paired_at: this.now() };
    await this.store.putPairing(pairing);
    await this.changed(pairing.id, pairing);
    return pairing;
  }

  /** Renames a display and/or moves it to another lane. */
  async update(id: string, changes: { lane?: string; name?: string }): Promise<Pairing | undefined> {
    const pairing = await this.store.pairing(id);
    if (!pairing) return undefined;
    const updated = { ...pairing, ...changes };
    await this.store.putPairing(updated);
    await this.changed(id, updated);
    return updated;
  }

  /** Unpairs a display: its secret stops working everywhere and its streams are closed. */
  async revoke(id: string): Promise<boolean> {
    const removed = await this.store.removePairing(id);
    if (!removed) return false;
    await this.store.removePresence(id);
    await this.changed(id, null);
    return true;
  }

  /** Sends a command (identify, reload) to the display, wherever it is connected. False: not paired. */
  async command(id: string, command: 'identify' | 'reload', data?: unknown): Promise<boolean> {
    if (!(await this.store.pairing(id))) return false;
    await this.store.broadcast({ type: 'command', id, command, data });
    return true;
  }

  /** Every display: paired ones (connected or not, on any instance) and pending codes. */
  async list(): Promise<DisplayInfo[]> {
    await this.flushPresence();
    const [pairings, pendings, presences] = await Promise.all([this.store.pairings(), this.store.pendings(), this.store.presences()]);
    const now = this.now();
    const fresh = (seenAt: number) => now - seenAt < SEEN_TIMEOUT_MS;
    const waiting = pendings.filter((pending) => fresh(pending.seen_at) && !pairings.some((pairing) => pairing.id === pending.id)).map((pending) => pendingInfo(pending));
    const paired = pairings.map((pairing) => pairedInfo(pairing, presences[pairing.id], fresh));
    return [...waiting, ...paired.sort((a, b) => (a.lane ?? '').localeCompare(b.lane ?? '') || (a.name ?? '').localeCompare(b.name ?? ''))];
  }

  /** The lane a paired display shows (from the cache). */
  laneOf(id: string): string | undefined {
    return this.cache.get(id)?.lane;
  }

  private waitingCount(): number {
    let count = 0;
    for (const control of this.controls.values()) if (control.code !== null) count++;
    return count;
  }

  private async offerCode(id: string, control: Control): Promise<void> {
    const at = this.now();
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newCode();
      const pending: Pending = { id, code, key_hash: control.keyHash.toString('hex'), user_agent: control.presence.user_agent, address: control.presence.address, connected_at: at, seen_at: at };
      if (!(await this.store.addPending(pending))) continue;
      control.code = code;
      control.subscriber.send(frame('pairing', { id, code }));
      this.emitChange();
      return;
    }
    throw new Error('no free pairing code');
  }

  private closeControl(id: string, control: Control): void {
    if (this.controls.get(id) !== control) return;
    this.controls.delete(id);
    if (control.code) void this.store.removePending(control.code).catch(() => {});
    // Only a paired display has a presence to keep (a revoked one's was removed with it).
    if (this.cache.has(id)) this.markPresence(id, { ...control.presence, streaming: false, offline_since: this.now() });
    else this.emitChange();
  }

  /** A change or command from any instance (this one included). */
  /**
   * Applies a change here first (this instance's next stream check already knows it), then
   * tells every instance: the message carries the pairing, so none has to read it back.
   */
  private async changed(id: string, pairing: Pairing | null): Promise<void> {
    this.remember(id, pairing);
    await this.store.broadcast({ type: 'changed', id, pairing });
  }

  private remember(id: string, pairing: Pairing | null): void {
    if (pairing) this.cache.set(id, pairing);
    else this.cache.delete(id);
  }

  private receive(message: RegistryMessage): void {
    const control = this.controls.get(message.id);
    if (message.type === 'command') {
      control?.subscriber.send(frame(message.command, message.data ?? {}));
      return;
    }
    const pairing = message.pairing ?? undefined;
    this.remember(message.id, message.pairing);
    // Revoked or moved: its lane streams end now (a revoked one is refused when it comes back).
    for (const stream of this.laneStreams.get(message.id) ?? []) if (!pairing || stream.lane !== pairing.lane) stream.close();
    if (control) this.tellControl(message.id, control, pairing);
    this.emitChange();
  }

  private tellControl(id: string, control: Control, pairing: Pairing | undefined): void {
    if (pairing) {
      control.code = null;
      control.subscriber.send(frame('paired', { id, lane: pairing.lane, name: pairing.name }));
      this.markPresence(id, control.presence);
    } else if (!control.code) {
      // Unpaired: it forgets its identity and comes back for a new code.
      control.subscriber.send(frame('unpaired', { id }));
      control.subscriber.close();
    }
  }

  private markPresence(id: string, presence: Presence): void {
    const control = this.controls.get(id);
    if (control) control.presence = presence;
    // Only paired displays are kept in the store (pending ones are listed by their code).
    if (this.cache.has(id)) this.dirty.set(id, presence);
    void this.flushPresence().catch(() => {});
    this.emitChange();
  }

  private async flushPresence(): Promise<void> {
    const entries = new Map(this.dirty);
    this.dirty.clear();
    await this.store.setPresence(entries);
  }

  /** Keeps this instance's displays and pending codes fresh in the store, and their control streams alive. */
  private async refresh(): Promise<void> {
    const at = this.now();
    for (const [id, control] of this.controls) {
      control.presence.seen_at = at;
      if (this.cache.has(id)) this.dirty.set(id, control.presence);
      control.subscriber.send(new Frame(': ping\n\n'));
    }
    await this.flushPresence();
    const codes = [...this.controls].filter(([, control]) => control.code);
    for (const [id, control] of codes) {
      await this.store.touchPending({ id, code: control.code!, key_hash: control.keyHash.toString('hex'), ...clientOf(control.presence), connected_at: control.presence.connected_at, seen_at: at });
    }
  }

  private emitChange(): void {
    for (const listener of this.changeListeners) listener();
  }
}

const clientOf = (presence: Presence) => ({ user_agent: presence.user_agent, address: presence.address });

function pendingInfo(pending: Pending): DisplayInfo {
  return { id: pending.id, code: pending.code, name: null, lane: null, status: 'pending', user_agent: pending.user_agent, address: pending.address, connected_at: pending.connected_at, last_event_id: null, offline_since: null };
}

function pairedInfo(pairing: Pairing, presence: Presence | undefined, fresh: (seenAt: number) => boolean): DisplayInfo {
  // Not refreshed for a while: its instance died with it connected; offline since then.
  const online = !!presence && presence.offline_since === null && fresh(presence.seen_at);
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
