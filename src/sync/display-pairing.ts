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

/** What the pairing tells the display. */
export interface PairingState {
  /** `waiting`: showing `code`; `paired`: following `lane`. */
  status: 'waiting' | 'paired';
  /** The code to show while waiting (null until the hub gives one, e.g. while it is away). */
  code: string | null;
  lane: string | null;
  name: string | null;
  /** The display's id and secret, for its stream. */
  id: string;
  key: string;
  /** A number to show big for a moment (the admin's "identify"); null otherwise. */
  identify: number | null;
  /** The hub's admin page, in full (`http://192.168.1.10:5000/admin/`): where the code is entered. */
  adminUrl?: string;
}

interface StoredPairing {
  id: string;
  key: string;
  lane?: string;
  name?: string;
}

export interface DisplayPairingOptions {
  /** Hub base URL; `''`: the page's own origin. */
  src?: string;
  onChange(state: PairingState): void;
  /** Where the identity is kept. Default: localStorage. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Called on the admin's "reload". Default: `location.reload()`. */
  reload?: () => void;
}

export const PAIRING_STORAGE_KEY = 'pos-customer-display:pairing';
const RETRY_AFTER_CLOSE_MS = 5000;

function randomId(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...values)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class DisplayPairing {
  private current: PairingState;
  private source: EventSource | undefined;
  private identifyTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

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
    let stored: StoredPairing | null = null;
    try {
      stored = JSON.parse(this.storage.getItem(PAIRING_STORAGE_KEY) ?? 'null') as StoredPairing | null;
    } catch {
      stored = null;
    }
    if (!stored || typeof stored.id !== 'string' || typeof stored.key !== 'string') {
      stored = { id: randomId(16), key: randomId(32) };
      this.storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify(stored));
    }
    const lane = stored.lane ?? null;
    return { status: lane ? 'paired' : 'waiting', code: null, lane, name: stored.name ?? null, id: stored.id, key: stored.key, identify: null, ...this.adminUrl() };
  }

  /** The hub's admin page as an address to type on another device (the hub's, not just "/admin/"). */
  private adminUrl(): { adminUrl?: string } {
    try {
      return { adminUrl: new URL(`${(this.options.src ?? '').replace(/\/+$/, '')}/admin/`, location.href).href };
    } catch {
      return {}; // no page address (not in a browser): the hint says "/admin/"
    }
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
