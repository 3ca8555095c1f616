/**
 * The displays of a shop (or a chain): which are paired to which lane, which wait with a
 * code, which are connected here. Pairings are cached in memory (checking a stream's
 * secret must not wait for Redis) and kept current by the store's messages, so a change
 * made on any instance (assign, move, rename, revoke) reaches the display wherever it is
 * connected: its control stream hears `paired` / `unpaired`, and its lane streams are
 * closed at once when it was revoked or moved.
 *
 * The parts: control-streams.ts (what a display page is told), pairing-codes.ts (codes of
 * screens waiting), presence.ts (where paired displays are, across instances),
 * lane-streams.ts (what a revoke or move ends); this class keeps them in step.
 */
import type { DisplayInfo } from '../../protocol/index.js';
import type { Subscriber } from '../stream.js';
import { ControlStreams, type Control } from './control-streams.js';
import { sameDigest, sha256, type Verdict } from './credentials.js';
import { REFRESH_MS } from './freshness.js';
import { LaneStreams } from './lane-streams.js';
import { describeWaiting, MAX_WAITING, MAX_WAITING_PER_ADDRESS, PairingCodes } from './pairing-codes.js';
import type { Pairing, PairingStore, Presence, RegistryMessage } from './pairing-store.js';
import { describePaired, DisplayPresence } from './presence.js';

export { AddressPairingLimitError, CODE_ALPHABET, CODE_LENGTH, MAX_WAITING, MAX_WAITING_PER_ADDRESS, newCode, PairingLimitError } from './pairing-codes.js';

/** Who is asking, for the list. */
export interface ClientInfo {
  userAgent: string;
  address: string;
}

export class DisplayRegistry {
  /** Every pairing, as of the store's last message. */
  private readonly pairings = new Map<string, Pairing>();
  private readonly controls = new ControlStreams();
  private readonly laneStreams = new LaneStreams();
  private readonly presence: DisplayPresence;
  private readonly codes: PairingCodes;
  private readonly changeListeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly store: PairingStore,
    private readonly now: () => number = Date.now,
    maxWaiting = MAX_WAITING,
    maxWaitingPerAddress = MAX_WAITING_PER_ADDRESS,
  ) {
    this.presence = new DisplayPresence(store, (id) => this.pairings.has(id));
    this.codes = new PairingCodes(store, now, maxWaiting, maxWaitingPerAddress);
  }

  /** Loads the pairings and starts listening for changes. */
  async start(): Promise<void> {
    this.store.onMessage((message) => this.receive(message));
    for (const pairing of await this.store.pairings()) this.pairings.set(pairing.id, pairing);
    this.timer = setInterval(() => void this.refresh().catch(() => {}), REFRESH_MS);
    this.timer.unref?.();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.controls.closeAll();
    this.laneStreams.closeAll();
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
    const pairing = id ? this.pairings.get(id) : undefined;
    const presented = sha256(key);
    if (!pairing || !sameDigest(presented, Buffer.from(pairing.key_hash, 'hex'))) return 'unknown';
    return pairing.lane === lane ? 'ok' : 'forbidden';
  }

  /**
   * A display page's control stream: told its pairing at once, or given a code to show
   * (and told its pairing when an admin assigns it). Returns the function that ends it.
   * A waiting id keeps the key it came with: whoever learns a screen's id (it is in the
   * page's address) cannot replace that screen's code with one of their own.
   */
  async openControl(id: string, key: string, subscriber: Subscriber, client: ClientInfo): Promise<() => void> {
    const keyHash = sha256(key);
    const pairing = this.pairings.get(id);
    if (pairing && !sameDigest(keyHash, Buffer.from(pairing.key_hash, 'hex'))) throw new Error('this display id belongs to another display');
    const previous = this.controls.get(id);
    if (!pairing) {
      if (previous && !sameDigest(keyHash, previous.keyHash)) throw new Error('this display id is waiting with another key');
      // Its own reconnect takes its old place, not a new one.
      this.codes.ensureRoom(this.controls.waiting().filter((control) => control !== previous), client.address);
    }
    if (previous) {
      // A second tab of the same display, or a reconnect before the old socket closed: the newest wins.
      this.closeControl(previous);
      previous.subscriber.close();
    }
    const at = this.now();
    const presence: Presence = { user_agent: client.userAgent, address: client.address, connected_at: at, streaming: false, last_event_id: null, seen_at: at, offline_since: null };
    const control: Control = { id, subscriber, keyHash, code: null, presence };
    this.controls.add(control);
    if (pairing) this.controls.tellPaired(control, pairing);
    else await this.offerCode(control);
    this.markPresence(id, presence);
    return () => this.closeControl(control);
  }

  /** Tracks a paired display's lane stream (revoking or moving it closes the stream). */
  trackLaneStream(id: string, lane: string, close: () => void, lastEventId: string | null): { untrack(): void; sent(eventId: string): void } {
    const forget = this.laneStreams.add(id, lane, close);
    const presence = this.controls.get(id)?.presence;
    if (presence) this.markPresence(id, { ...presence, streaming: true, last_event_id: lastEventId ?? presence.last_event_id });
    return {
      sent: (eventId) => {
        const current = this.controls.get(id)?.presence;
        if (current) current.last_event_id = eventId; // written on the next refresh
      },
      untrack: () => {
        const remaining = forget();
        const current = this.controls.get(id)?.presence;
        if (current && remaining === 0) this.markPresence(id, { ...current, streaming: false });
      },
    };
  }

  /** Pairs the display showing `code` with a lane. Undefined: no display shows that code. */
  async assign(code: string, lane: string, name: string): Promise<Pairing | undefined> {
    // A code no screen has shown for a while (its instance died) is not assigned.
    const pending = await this.codes.take(code);
    if (!pending) return undefined;
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
    await this.presence.remove(id);
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
    await this.presence.flush();
    const [pairings, pendings, presences] = await Promise.all([this.store.pairings(), this.store.pendings(), this.store.presences()]);
    const now = this.now();
    return [...describeWaiting(pendings, pairings, now), ...describePaired(pairings, presences, now)];
  }

  /** The lane a paired display shows (from the cache). */
  laneOf(id: string): string | undefined {
    return this.pairings.get(id)?.lane;
  }

  private async offerCode(control: Control): Promise<void> {
    const code = await this.codes.issue(control);
    this.controls.showCode(control, code);
    this.emitChange();
  }

  private closeControl(control: Control): void {
    if (!this.controls.remove(control)) return;
    if (control.code) this.codes.release(control.code);
    // Only a paired display has a presence to keep (a revoked one's was removed with it).
    if (this.pairings.has(control.id)) this.markPresence(control.id, { ...control.presence, streaming: false, offline_since: this.now() });
    else this.emitChange();
  }

  /**
   * Applies a change here first (this instance's next stream check already knows it), then
   * tells every instance: the message carries the pairing, so none has to read it back.
   */
  private async changed(id: string, pairing: Pairing | null): Promise<void> {
    this.remember(id, pairing);
    await this.store.broadcast({ type: 'changed', id, pairing });
  }

  private remember(id: string, pairing: Pairing | null): void {
    if (pairing) this.pairings.set(id, pairing);
    else this.pairings.delete(id);
  }

  /** A change or command from any instance (this one included). */
  private receive(message: RegistryMessage): void {
    const control = this.controls.get(message.id);
    if (message.type === 'command') {
      this.controls.sendCommand(message.id, message.command, message.data);
      return;
    }
    const pairing = message.pairing ?? undefined;
    this.remember(message.id, message.pairing);
    // Revoked or moved: its lane streams end now (a revoked one is refused when it comes back).
    this.laneStreams.closeOutdated(message.id, pairing);
    if (control) this.tellControl(control, pairing);
    this.emitChange();
  }

  private tellControl(control: Control, pairing: Pairing | undefined): void {
    if (pairing) {
      this.controls.tellPaired(control, pairing);
      this.markPresence(control.id, control.presence);
    } else if (!control.code) {
      // Unpaired: it forgets its identity and comes back for a new code (one showing a code already has none to forget).
      this.controls.tellUnpaired(control);
    }
  }

  private markPresence(id: string, presence: Presence): void {
    const control = this.controls.get(id);
    if (control) control.presence = presence;
    this.presence.record(id, presence);
    this.emitChange();
  }

  /** Keeps this instance's displays and pending codes fresh in the store, and their control streams alive. */
  private async refresh(): Promise<void> {
    const at = this.now();
    this.controls.ping();
    await this.presence.keepAlive(this.controls.all(), at);
    // Read after the write: a screen gone meanwhile must not have its code written back.
    await this.codes.refresh(this.controls.waiting(), at);
  }

  private emitChange(): void {
    for (const listener of this.changeListeners) listener();
  }
}
