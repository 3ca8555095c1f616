/**
 * The admin page's link to its hub: the admin token (kept for the tab's session only), the
 * live stream of displays and lanes (EventSource sends no headers: the token goes in the
 * query; the hub logs paths only), and the admin API's actions. No Lit here.
 */
import { API_BASE_PATH } from '../../protocol/constants.js';
import { ADMIN_EVENTS, type AdminChange, type AdminSnapshot } from '../../protocol/fleet.js';

export { applyAdminChange, type AdminChange, type AdminSnapshot, type DisplayInfo, type LaneInfo } from '../../protocol/fleet.js';

const TOKEN_KEY = 'pos-customer-display:admin-token';

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AdminClientListener {
  /** Everything, when the stream opens (and reopens). */
  onSnapshot(snapshot: AdminSnapshot): void;
  /** What changed since the previous message. */
  onChange(change: AdminChange): void;
  onLive(live: boolean): void;
}

export class AdminClient {
  private source: EventSource | undefined;
  token: string;

  constructor(
    private readonly base = '',
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = sessionStorage,
  ) {
    this.token = storage.getItem(TOKEN_KEY) ?? '';
  }

  /** Checks a token against the hub and keeps it for this tab. */
  async signIn(token: string): Promise<void> {
    this.token = token.trim();
    await this.request('GET', 'displays');
    this.storage.setItem(TOKEN_KEY, this.token);
  }

  signOut(): void {
    this.stop();
    this.token = '';
    this.storage.removeItem(TOKEN_KEY);
  }

  /** Follows the hub's admin stream: a snapshot now, then changes. */
  follow(listener: AdminClientListener): void {
    this.stop();
    const source = new EventSource(`${this.base}${API_BASE_PATH}/admin/events?key=${encodeURIComponent(this.token)}`);
    this.source = source;
    const data = (event: Event) => JSON.parse((event as MessageEvent<string>).data) as unknown;
    source.addEventListener(ADMIN_EVENTS.snapshot, (event) => listener.onSnapshot(data(event) as AdminSnapshot));
    source.addEventListener(ADMIN_EVENTS.change, (event) => listener.onChange(data(event) as AdminChange));
    source.addEventListener('open', () => listener.onLive(true));
    source.addEventListener('error', () => listener.onLive(false));
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
  }

  assign(code: string, lane: string, name: string) {
    return this.request('POST', `displays/${encodeURIComponent(code)}/assign`, { lane, name });
  }

  update(id: string, changes: { lane?: string; name?: string }) {
    return this.request('PATCH', `displays/${encodeURIComponent(id)}`, changes);
  }

  revoke(id: string) {
    return this.request('DELETE', `displays/${encodeURIComponent(id)}`);
  }

  command(id: string, command: 'identify' | 'reload' | 'test-bill', body?: unknown) {
    return this.request('POST', `displays/${encodeURIComponent(id)}/${command}`, body ?? {});
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}${API_BASE_PATH}/${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = (await response.json().catch(() => ({}))) as { message?: string };
    if (!response.ok) throw new AdminError(response.status, reply.message ?? `${response.status} ${response.statusText}`);
    return reply;
  }
}
