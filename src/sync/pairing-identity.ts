/**
 * A pairing display's identity as kept in localStorage: read (or made) at once, so a display
 * paired before follows its stored lane from its first update, while the control stream's
 * code (`DisplayPairing`, loaded on demand) is still on its way.
 */

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

export type PairingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

interface StoredPairing {
  id: string;
  key: string;
  lane?: string;
  name?: string;
}

export const PAIRING_STORAGE_KEY = 'pos-customer-display:pairing';

function randomId(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...values)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The hub's admin page as an address to type on another device (the hub's, not just "/admin/"). */
function adminUrl(src: string): { adminUrl?: string } {
  try {
    return { adminUrl: new URL(`${src.replace(/\/+$/, '')}/admin/`, location.href).href };
  } catch {
    return {}; // no page address (not in a browser): the hint says "/admin/"
  }
}

/** The stored identity (a new one, stored, when there is none or it is unreadable) as a pairing state. */
export function restorePairing(src = '', storage: PairingStorage = localStorage): PairingState {
  let stored: StoredPairing | null = null;
  try {
    stored = JSON.parse(storage.getItem(PAIRING_STORAGE_KEY) ?? 'null') as StoredPairing | null;
  } catch {
    stored = null;
  }
  if (!stored || typeof stored.id !== 'string' || typeof stored.key !== 'string') {
    stored = { id: randomId(16), key: randomId(32) };
    storage.setItem(PAIRING_STORAGE_KEY, JSON.stringify(stored));
  }
  const lane = stored.lane ?? null;
  return { status: lane ? 'paired' : 'waiting', code: null, lane, name: stored.name ?? null, id: stored.id, key: stored.key, identify: null, ...adminUrl(src) };
}
