/**
 * The codes screens show while they wait for an admin: unique across instances (the store
 * refuses one already taken), rewritten on every refresh while their screen is connected,
 * given up when it goes, and never assigned once stale (their instance died). One instance
 * lets at most `maxWaiting` screens wait, and one address at most `maxPerAddress` of them,
 * so one machine opening control streams can neither exhaust it nor crowd real screens out.
 */
import { randomInt } from 'node:crypto';
import type { DisplayInfo } from '../../protocol/index.js';
import type { Control } from './control-streams.js';
import { isFresh } from './freshness.js';
import type { Pairing, PairingStore, Pending } from './pairing-store.js';

/** No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud or off a screen across a shop. */
export const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;
/** Screens showing a code on one instance at most (default). */
export const MAX_WAITING = 1000;
/** Screens showing a code from one address at most (default): a shop has a few screens per machine, not dozens. */
export const MAX_WAITING_PER_ADDRESS = 8;
/** A clash is rare (22^6 codes): this many in a row means the store is full or broken. */
const ISSUE_ATTEMPTS = 20;

export class PairingLimitError extends Error {
  constructor(max: number) {
    super(`too many screens waiting to be paired here (at most ${max})`);
  }
}

/** One address has as many screens waiting as it may: the others' screens still get codes. */
export class AddressPairingLimitError extends PairingLimitError {
  constructor(max: number) {
    super(max);
    this.message = `too many screens waiting to be paired from this address (at most ${max} per address, --max-waiting-per-address): pair or close some first`;
  }
}

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A waiting screen, as its control stream knows it. */
type Waiting = Pick<Control, 'id' | 'keyHash' | 'presence'>;

export class PairingCodes {
  constructor(
    private readonly store: PairingStore,
    private readonly now: () => number,
    private readonly maxWaiting = MAX_WAITING,
    private readonly maxPerAddress = MAX_WAITING_PER_ADDRESS,
  ) {}

  /**
   * Throws {@link AddressPairingLimitError} when `address` already has its share of the
   * `waiting` screens, {@link PairingLimitError} when they are as many as this instance takes.
   */
  ensureRoom(waiting: readonly Waiting[], address: string): void {
    if (waiting.filter((screen) => screen.presence.address === address).length >= this.maxPerAddress) throw new AddressPairingLimitError(this.maxPerAddress);
    if (waiting.length >= this.maxWaiting) throw new PairingLimitError(this.maxWaiting);
  }

  /** A code no other screen shows (on any instance), stored as pending. */
  async issue(screen: Waiting): Promise<string> {
    const at = this.now();
    for (let attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
      const code = newCode();
      const pending: Pending = { id: screen.id, code, key_hash: screen.keyHash.toString('hex'), user_agent: screen.presence.user_agent, address: screen.presence.address, connected_at: at, seen_at: at };
      if (await this.store.addPending(pending)) return code;
    }
    throw new Error('no free pairing code');
  }

  /** Rewrites the codes of the screens waiting here as seen `at` (whatever the store holds: it may have dropped them). */
  async refresh(screens: ReadonlyArray<Waiting & { code: string | null }>, at: number): Promise<void> {
    for (const screen of screens) {
      if (!screen.code) continue;
      const { presence } = screen;
      await this.store.touchPending({ id: screen.id, code: screen.code, key_hash: screen.keyHash.toString('hex'), user_agent: presence.user_agent, address: presence.address, connected_at: presence.connected_at, seen_at: at });
    }
  }

  /** Takes the pending screen showing `code` (any case); undefined when none does, or its instance died. */
  async take(code: string): Promise<Pending | undefined> {
    const pending = await this.store.takePending(code.toUpperCase());
    return pending && isFresh(pending.seen_at, this.now()) ? pending : undefined;
  }

  /** Its screen went away: the code is free again. */
  release(code: string): void {
    void this.store.removePending(code).catch(() => {});
  }
}

/** The screens showing a code (on any instance) as the admin lists them: live ones not paired meanwhile. */
export function describeWaiting(pendings: readonly Pending[], pairings: readonly Pairing[], now: number): DisplayInfo[] {
  return pendings.filter((pending) => isFresh(pending.seen_at, now) && !pairings.some((pairing) => pairing.id === pending.id)).map(pendingInfo);
}

function pendingInfo(pending: Pending): DisplayInfo {
  return { id: pending.id, code: pending.code, name: null, lane: null, status: 'pending', user_agent: pending.user_agent, address: pending.address, connected_at: pending.connected_at, last_event_id: null, offline_since: null };
}
