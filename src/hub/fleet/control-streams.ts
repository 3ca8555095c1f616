/**
 * Display pages' control streams on this instance, one per display (the newest wins): what
 * each is told (its code, its pairing, that it was unpaired, the admin's commands) and the
 * pings that keep an idle one from being cut by a proxy.
 */
import { Frame, formatSseComment, formatSseFrame } from '../../protocol/index.js';
import type { Subscriber } from '../stream.js';
import type { Pairing, Presence } from './pairing-store.js';

/** One display page's control stream. */
export interface Control {
  readonly id: string;
  readonly subscriber: Subscriber;
  /** SHA-256 of the secret it came with. */
  readonly keyHash: Buffer;
  /** The code its screen shows while it waits for an admin; null once paired (or before a code is issued). */
  code: string | null;
  presence: Presence;
}

const frame = (event: string, data: unknown) => new Frame(formatSseFrame({ event, data }));
const PING = new Frame(formatSseComment('ping'));

export class ControlStreams {
  private readonly byId = new Map<string, Control>();

  get(id: string): Control | undefined {
    return this.byId.get(id);
  }

  /** The display's current stream from now on (the caller ends the one it replaces). */
  add(control: Control): void {
    this.byId.set(control.id, control);
  }

  /** Forgets it; false when it was already replaced by a newer stream of its display (or removed). */
  remove(control: Control): boolean {
    if (this.byId.get(control.id) !== control) return false;
    this.byId.delete(control.id);
    return true;
  }

  all(): Control[] {
    return [...this.byId.values()];
  }

  /** The screens showing a code here. */
  waiting(): Control[] {
    return this.all().filter((control) => control.code !== null);
  }

  showCode(control: Control, code: string): void {
    control.code = code;
    control.subscriber.send(frame('pairing', { id: control.id, code }));
  }

  tellPaired(control: Control, pairing: Pairing): void {
    control.code = null;
    control.subscriber.send(frame('paired', { id: control.id, lane: pairing.lane, name: pairing.name }));
  }

  /** It forgets its identity and comes back for a new code. */
  tellUnpaired(control: Control): void {
    control.subscriber.send(frame('unpaired', { id: control.id }));
    control.subscriber.close();
  }

  /** An admin's command (identify, reload), if the display is connected here. */
  sendCommand(id: string, command: string, data: unknown): void {
    this.byId.get(id)?.subscriber.send(frame(command, data ?? {}));
  }

  ping(): void {
    for (const control of this.byId.values()) control.subscriber.send(PING);
  }

  closeAll(): void {
    for (const control of this.byId.values()) control.subscriber.close();
  }
}
