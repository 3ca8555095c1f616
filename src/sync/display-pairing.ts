/**
 * A display that was given no lane pairs itself: it makes its own id and secret (kept in
 * localStorage, so the pairing survives reboots), opens the hub's control stream, shows the
 * code the hub gives it, and, once an admin assigns the code to a lane, follows that lane
 * with its secret (the hub keeps only a digest). The control stream stays open: the admin
 * can rename it, move it to another lane, identify it, reload it or revoke it.
 *
 *   const pairing = new DisplayPairing({ src: 'http://hub:5000', onChange: (state) => … });
 *   pairing.start();
 */
import { API_BASE_PATH } from '../protocol/index.js';
import { PAIRING_STORAGE_KEY, restorePairing, type PairingState, type PairingStorage } from './pairing-identity.js';

export { PAIRING_STORAGE_KEY, type PairingState } from './pairing-identity.js';

export interface DisplayPairingOptions {
  /** Hub base URL; `''`: the page's own origin. */
  src?: string;
  onChange(state: PairingState): void;
  /** Where the identity is kept. Default: localStorage. */
  storage?: PairingStorage;
  /** Called on the admin's "reload". Default: `location.reload()`. */
  reload?: () => void;
}

const RETRY_AFTER_CLOSE_MS = 5000;

export class DisplayPairing {
  private current: PairingState;
  private source: EventSource | undefined;
  private identifyTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly storage: PairingStorage;

  constructor(private readonly options: DisplayPairingOptions) {
    this.storage = options.storage ?? localStorage;
    this.current = this.restore();
  }

  get state(): PairingState {
    return this.current;
  }

  /** Opens the control stream (a paired display follows its stored lane meanwhile, even with the hub away). */
  start(): void {
    if (this.source) return;
    const { id, key } = this.current;
    const base = (this.options.src ?? '').replace(/\/+$/, '');
    const source = new EventSource(`${base}${API_BASE_PATH}/pair?display=${encodeURIComponent(id)}&key=${encodeURIComponent(key)}`);
    this.source = source;
    source.addEventListener('pairing', (event) => this.waiting(this.data(event)));
    source.addEventListener('paired', (event) => this.paired(this.data(event)));
    source.addEventListener('unpaired', () => this.unpaired());
    source.addEventListener('identify', (event) => this.identify(this.data(event)));
    source.addEventListener('reload', () => (this.options.reload ?? (() => location.reload()))());
    // EventSource retries network errors by itself but gives up on an HTTP error (a proxy's
    // 502, a refused identity): try again a little later, for as long as the page lives.
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.source = undefined;
      this.retryTimer = setTimeout(() => this.start(), RETRY_AFTER_CLOSE_MS);
    });
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.identifyTimer);
    clearTimeout(this.retryTimer);
  }

  private data(event: Event): Record<string, unknown> {
    try {
      return JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  private restore(): PairingState {
    return restorePairing(this.options.src, this.storage);
  }

  /** Not (or no longer) paired: show the code; forget any lane kept from before. */
  private waiting(data: Record<string, unknown>): void {
    this.storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: this.current.id, key: this.current.key }));
    this.update({ status: 'waiting', code: typeof data.code === 'string' ? data.code : null, lane: null, name: null });
  }

  private paired(data: Record<string, unknown>): void {
    const lane = typeof data.lane === 'string' ? data.lane : null;
    const name = typeof data.name === 'string' ? data.name : null;
    if (!lane) return;
    this.storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify({ id: this.current.id, key: this.current.key, lane, name }));
    this.update({ status: 'paired', code: null, lane, name });
  }

  /** Revoked: a new identity, and back to showing a code. */
  private unpaired(): void {
    this.stop();
    this.storage.removeItem(PAIRING_STORAGE_KEY);
    this.current = this.restore();
    this.options.onChange(this.current);
    this.start();
  }

  private identify(data: Record<string, unknown>): void {
    const number = Number(data.number) || 1;
    const ms = Math.min(Number(data.ms) || 5000, 60_000);
    clearTimeout(this.identifyTimer);
    this.update({ identify: number });
    this.identifyTimer = setTimeout(() => this.update({ identify: null }), ms);
  }

  private update(changes: Partial<PairingState>): void {
    this.current = { ...this.current, ...changes };
    this.options.onChange(this.current);
  }
}
