/**
 * A brake on guessing credentials, per client address: after `maxFailures` wrong secrets
 * within `windowMs`, every request from that address that presents a secret is refused
 * for `blockMs`, a right one too, so guessing gains nothing while the brake is on. The
 * tracked addresses are capped (least recently seen forgotten first), so a crowd of
 * addresses cannot grow it without bound. Framework-free and with an injectable clock: the
 * node:http handler, the Vite plugin and the MSW mock share it through `HubApi`.
 */

/** Wrong secrets from one address within the window that engage the brake (default). */
export const DEFAULT_MAX_FAILURES = 20;
export const DEFAULT_FAILURE_WINDOW_MS = 60_000;
/** How long an address's secrets are refused once the brake is on (default). */
export const DEFAULT_BRAKE_MS = 60_000;
/** Addresses remembered at most (default): about 100 bytes each. */
export const DEFAULT_TRACKED_ADDRESSES = 10_000;

export interface CredentialBrakeOptions {
  maxFailures?: number;
  windowMs?: number;
  brakeMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

interface Record {
  windowStart: number;
  failures: number;
  /** 0: not braked. */
  brakedUntil: number;
}

export class CredentialBrake {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly brakeMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;
  /** In least recently seen order (a Map keeps insertion order: seeing one re-inserts it). */
  private readonly records = new Map<string, Record>();

  constructor(options: CredentialBrakeOptions = {}) {
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
    this.windowMs = options.windowMs ?? DEFAULT_FAILURE_WINDOW_MS;
    this.brakeMs = options.brakeMs ?? DEFAULT_BRAKE_MS;
    this.maxAddresses = options.maxAddresses ?? DEFAULT_TRACKED_ADDRESSES;
    this.now = options.now ?? Date.now;
  }

  /** Seconds the address must wait before presenting a secret again; 0: it may now. */
  retryAfter(address: string): number {
    const record = this.records.get(address);
    if (!record?.brakedUntil) return 0;
    const left = record.brakedUntil - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.records.delete(address); // served its time: a clean slate
    return 0;
  }

  /**
   * Counts a wrong secret from the address. True when this one engaged the brake: the
   * caller logs it then, once per address and brake, never on every refused request.
   */
  fail(address: string): boolean {
    const at = this.now();
    let record = this.records.get(address);
    if (record) this.records.delete(address);
    const braked = !!record && record.brakedUntil > at;
    if (!record || (!braked && (record.brakedUntil || at - record.windowStart >= this.windowMs))) record = { windowStart: at, failures: 0, brakedUntil: 0 };
    this.records.set(address, record);
    this.forgetOldest();
    if (braked) return false;
    record.failures += 1;
    if (record.failures < this.maxFailures) return false;
    record.brakedUntil = at + this.brakeMs;
    return true;
  }

  /** Addresses tracked now (for tests and metrics). */
  get size(): number {
    return this.records.size;
  }

  private forgetOldest(): void {
    while (this.records.size > this.maxAddresses) this.records.delete(this.records.keys().next().value!);
  }
}
