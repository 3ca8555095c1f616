/**
 * Where pairings live, and how every instance learns of a change: in memory (optionally a
 * JSON file beside the state file, so pairings survive a restart) or in Redis (shared by
 * every instance behind a load balancer; see redis-pairing-store.ts). Secrets are stored
 * only as SHA-256 digests.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readTextFileIfExists } from '../node/read-text-file.js';

/** A paired display: what the admin named it and which lane it shows. */
export interface Pairing {
  id: string;
  /** SHA-256 of the display's secret, hex. */
  key_hash: string;
  lane: string;
  name: string;
  paired_at: number;
}

/** A display showing a code, waiting to be assigned. */
export interface Pending {
  id: string;
  code: string;
  key_hash: string;
  user_agent: string;
  address: string;
  connected_at: number;
  /** Refreshed while its page is connected; old ones are dropped from lists. */
  seen_at: number;
}

/** A display's connection, as its instance reports it. */
export interface Presence {
  user_agent: string;
  address: string;
  connected_at: number;
  /** Its lane stream is open (not only the control stream). */
  streaming: boolean;
  last_event_id: string | null;
  seen_at: number;
  /** When it went away (null while connected). */
  offline_since: number | null;
}

/** Told to every instance (this one included). */
/** `changed` carries the pairing as stored now (null: revoked), so every instance applies it at once, in order. */
export type RegistryMessage = { type: 'changed'; id: string; pairing: Pairing | null } | { type: 'command'; id: string; command: string; data?: unknown };

export interface PairingStore {
  pairings(): Promise<Pairing[]>;
  pairing(id: string): Promise<Pairing | undefined>;
  putPairing(pairing: Pairing): Promise<void>;
  removePairing(id: string): Promise<boolean>;
  /** Adds it unless its code is taken (then false). */
  addPending(pending: Pending): Promise<boolean>;
  /** Removes and returns the pending display with this code (one caller wins). */
  takePending(code: string): Promise<Pending | undefined>;
  removePending(code: string): Promise<void>;
  /** Rewrites a pending display this instance holds (its `seen_at`), whatever is stored. */
  touchPending(pending: Pending): Promise<void>;
  pendings(): Promise<Pending[]>;
  setPresence(entries: ReadonlyMap<string, Presence>): Promise<void>;
  presences(): Promise<Record<string, Presence>>;
  removePresence(id: string): Promise<void>;
  broadcast(message: RegistryMessage): Promise<void>;
  onMessage(listener: (message: RegistryMessage) => void): void;
  close(): Promise<void>;
}

/** One process: maps, and a file rewritten atomically on every pairing change. */
export class MemoryPairingStore implements PairingStore {
  private readonly paired = new Map<string, Pairing>();
  private readonly pending = new Map<string, Pending>();
  private readonly presence = new Map<string, Presence>();
  private listener: (message: RegistryMessage) => void = () => {};

  constructor(private readonly file?: string) {
    if (!file) return;
    const text = readTextFileIfExists(file, (error) => new Error(`cannot read pairings file ${file}: ${error.message}`));
    if (text === null) return;
    const saved = JSON.parse(text) as { pairings?: Pairing[] };
    for (const pairing of saved.pairings ?? []) this.paired.set(pairing.id, pairing);
  }

  async pairings() {
    return [...this.paired.values()];
  }
  async pairing(id: string) {
    return this.paired.get(id);
  }
  async putPairing(pairing: Pairing) {
    this.paired.set(pairing.id, pairing);
    this.save();
  }
  async removePairing(id: string) {
    const removed = this.paired.delete(id);
    this.save();
    return removed;
  }
  async addPending(pending: Pending) {
    if (this.pending.has(pending.code)) return false;
    this.pending.set(pending.code, pending);
    return true;
  }
  async takePending(code: string) {
    const pending = this.pending.get(code);
    this.pending.delete(code);
    return pending;
  }
  async removePending(code: string) {
    this.pending.delete(code);
  }
  async touchPending(pending: Pending) {
    this.pending.set(pending.code, pending);
  }
  async pendings() {
    return [...this.pending.values()];
  }
  async setPresence(entries: ReadonlyMap<string, Presence>) {
    for (const [id, presence] of entries) this.presence.set(id, presence);
  }
  async presences() {
    return Object.fromEntries(this.presence);
  }
  async removePresence(id: string) {
    this.presence.delete(id);
  }
  async broadcast(message: RegistryMessage) {
    this.listener(message);
  }
  onMessage(listener: (message: RegistryMessage) => void) {
    this.listener = listener;
  }
  async close() {}

  private save(): void {
    if (!this.file) return;
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ format: 'pos-customer-display/pairings', pairings: [...this.paired.values()] }, null, 1)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

/** Beside `state.json`: `state.displays.json`. */
export function pairingsFileBeside(stateFile: string): string {
  return stateFile.replace(/(\.json)?$/, '.displays.json');
}
