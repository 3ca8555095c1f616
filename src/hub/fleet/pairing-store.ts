/**
 * Where pairings live, and how every instance learns of a change: in memory (optionally a
 * JSON file beside the state file, so pairings survive a restart) or in Redis (shared by
 * every instance behind a load balancer; see redis-pairing-store.ts). Secrets are stored
 * only as SHA-256 digests.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { isValidLaneId } from '../../protocol/index.js';
import { setAsideFile } from '../node/set-aside-file.js';

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

export interface PairingsFileOptions {
  /** Problems with the file (corrupt, too large), one line each: the server logs them at warn. */
  onProblem?: (message: string) => void;
  /** A larger file is not read (set aside). Default 16 MiB: some 60 000 pairings. */
  maxBytes?: number;
}

export const DEFAULT_MAX_PAIRINGS_FILE_BYTES = 16 * 1024 * 1024;

type PairingsFileReading = { kind: 'none' } | { kind: 'unusable'; why: string } | { kind: 'read'; pairings: Pairing[]; skipped: number };

/** The file's pairings, each checked; the file is read only up to `maxBytes`. */
function readPairingsFile(file: string, maxBytes: number): PairingsFileReading {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw new Error(`cannot read pairings file ${file}: ${(error as Error).message}`);
  }
  let text: string;
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { kind: 'unusable', why: `it is ${size} bytes, more than the ${maxBytes} a pairings file may be` };
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    text = buffer.subarray(0, filled).toString('utf8');
  } catch (error) {
    throw new Error(`cannot read pairings file ${file}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
  if (text.trim() === '') return { kind: 'read', pairings: [], skipped: 0 };
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return { kind: 'unusable', why: 'it is not valid JSON' };
  }
  const list = (saved as { pairings?: unknown } | null)?.pairings;
  if (typeof saved !== 'object' || saved === null || (list !== undefined && !Array.isArray(list))) return { kind: 'unusable', why: 'it is not a pairings file' };
  const pairings = ((list as unknown[] | undefined) ?? []).filter(isPairing);
  return { kind: 'read', pairings, skipped: ((list as unknown[] | undefined) ?? []).length - pairings.length };
}

function isPairing(value: unknown): value is Pairing {
  const pairing = value as Partial<Pairing> | null;
  return (
    typeof pairing === 'object' &&
    pairing !== null &&
    typeof pairing.id === 'string' &&
    typeof pairing.key_hash === 'string' &&
    /^[0-9a-f]{64}$/.test(pairing.key_hash) &&
    typeof pairing.lane === 'string' &&
    isValidLaneId(pairing.lane) &&
    typeof pairing.name === 'string' &&
    typeof pairing.paired_at === 'number'
  );
}

/** One process: maps, and a file rewritten atomically on every pairing change. */
export class MemoryPairingStore implements PairingStore {
  private readonly paired = new Map<string, Pairing>();
  private readonly pending = new Map<string, Pending>();
  private readonly presence = new Map<string, Presence>();
  private listener: (message: RegistryMessage) => void = () => {};

  /**
   * Reads the pairings `file` (if given) back. A file that is too large, not JSON or not a
   * pairings file is reported through `onProblem`, set aside as `<file>.corrupt-<time>` and
   * the hub starts with no pairings (screens pair again): never a hub that cannot start.
   * A file that cannot be opened (permissions) is the operator's configuration: it throws.
   */
  constructor(
    private readonly file?: string,
    options: PairingsFileOptions = {},
  ) {
    if (!file) return;
    const report = options.onProblem ?? (() => {});
    const read = readPairingsFile(file, options.maxBytes ?? DEFAULT_MAX_PAIRINGS_FILE_BYTES);
    if (read.kind === 'none') return;
    if (read.kind === 'unusable') {
      const aside = setAsideFile(file, 'corrupt');
      report(`pairings file ${file}: ${read.why}: starting with no pairings; ${aside ? `the file is kept as ${aside}` : 'the file could not be kept aside'}`);
      this.save(); // rewritten clean: the next start has nothing to report
      return;
    }
    for (const pairing of read.pairings) this.paired.set(pairing.id, pairing);
    if (read.skipped > 0) {
      const aside = setAsideFile(file, 'corrupt');
      report(`pairings file ${file}: ${read.skipped} invalid pairing(s) skipped; ${aside ? `the file as it was is kept as ${aside}` : 'the file could not be kept aside'}`);
      this.save();
    }
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
