/**
 * How many of something (connections, streams) each client address holds, with a cap.
 * On a shop's network every screen has its own address and a till publishes from one, so a
 * per-address cap stops one machine from taking every socket or stream without limiting
 * the shop as a whole.
 */

/** Connections a client address may hold open at once (screens hold one or two, a till a few). */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 128;
/** Streams (displays, answers, control) a client address may hold open at once. */
export const DEFAULT_MAX_STREAMS_PER_ADDRESS = 64;

export class AddressSlots {
  private readonly held = new Map<string, number>();

  /** `max`: slots per address; 0 means no cap (a hub behind a proxy that caps on its own). */
  constructor(readonly max: number) {}

  /** Takes a slot for `address`; false when it already holds `max`. Give it back with {@link release}. */
  take(address: string): boolean {
    const count = this.held.get(address) ?? 0;
    if (this.max > 0 && count >= this.max) return false;
    this.held.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = this.held.get(address) ?? 0;
    // Forgotten at zero: addresses that come and go leave nothing behind.
    if (count <= 1) this.held.delete(address);
    else this.held.set(address, count - 1);
  }

  /** Takes a slot for `address` until `resource` closes (a response, a socket); false when it holds them all. */
  holdUntilClosed(address: string, resource: { once(event: 'close', listener: () => void): unknown }): boolean {
    if (!this.take(address)) return false;
    resource.once('close', () => this.release(address));
    return true;
  }

  /** Slots `address` holds now. */
  heldBy(address: string): number {
    return this.held.get(address) ?? 0;
  }

  /** Addresses holding at least one slot. */
  get addresses(): number {
    return this.held.size;
  }
}
