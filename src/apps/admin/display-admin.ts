import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { defineElement } from '../../define.js';
import { AdminClient, AdminError, applyAdminChange, type AdminSnapshot, type DisplayInfo, type LaneInfo } from './admin-client.js';
import { displayAdminStyles } from './display-admin.styles.js';
import './admin-schedule.js';
import { formatMoney } from '../../components/format.js';
import './admin-media.js';

/** The shop's money, as its screens show it: the display app's locale and currency, per lane where a lane sets its own. */
interface ShopMoney {
  locale?: string;
  currency?: string;
  lanes?: Record<string, { locale?: string; currency?: string }>;
}

/** What a screen shows when the configuration names neither (Indonesian, rupiah). */
const SCREEN_LOCALE = 'id-ID';
const SCREEN_CURRENCY = 'IDR';

/** A code as typed: "acd 479", "ACD-479" → "ACD479". */
const normalizeCode = (typed: string) => typed.replace(/[\s-]+/g, '').toUpperCase();

const EMPTY: AdminSnapshot = { displays: [], lanes: [] };

/** "10:32" today, "26 Nov 10:32" before. */
function when(ms: number | null): string {
  if (ms === null) return '';
  const date = new Date(ms);
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}

function browserOf(userAgent: string | null): string {
  if (!userAgent) return '';
  const match = /(Edg|Chrome|Firefox|Safari)\/[\d.]+/.exec(userAgent);
  const device = /Android|iPhone|iPad|Linux|Windows|Mac OS X|CrOS/.exec(userAgent)?.[0] ?? '';
  return [match?.[0].replace(/\/(\d+).*/, ' $1'), device].filter(Boolean).join(' · ');
}

const formValue = (form: HTMLFormElement, name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();

/**
 * The hub's admin page (`/admin/`): the lanes with their bill and phase, the displays
 * (connected, stale, offline since), codes waiting to be assigned, and per display:
 * identify, a test bill, reload, rename or move, revoke. Live from the hub's admin stream.
 *
 * @tag display-admin
 * @summary The hub's admin page for pairing and watching displays.
 * @cssproperty --admin-accent - Header and primary buttons.
 */
export class DisplayAdmin extends LitElement {
  static override styles = displayAdminStyles;

  /** Hub base URL; `''`: the page's own origin. */
  @property() src = '';

  @state() private snapshot: AdminSnapshot = EMPTY;
  @state() private signedIn = false;
  @state() private live = false;
  @state() private message = '';
  /** The display whose rename/move form is open. */
  @state() private editing: string | null = null;
  /** Locale and currency of the shop's screens (`/display/config.json`), for lane totals. */
  @state() private money: ShopMoney = {};

  private client = new AdminClient();

  override connectedCallback(): void {
    super.connectedCallback();
    this.client = new AdminClient(this.src);
    if (this.client.token) void this.signIn(this.client.token);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.stop();
  }

  private async signIn(token: string): Promise<void> {
    try {
      await this.client.signIn(token);
      this.signedIn = true;
      this.message = '';
      void this.loadScreenConfig();
      // The live previews draw with the display's own elements: a chunk of their own, loaded now.
      import('./lane-preview.js').catch((error: Error) => console.warn(`admin: no previews (${error.message})`));
      this.client.follow({
        onSnapshot: (snapshot) => (this.snapshot = snapshot),
        onChange: (change) => (this.snapshot = applyAdminChange(this.snapshot, change)),
        onLive: (live) => (this.live = live),
      });
    } catch (error) {
      this.client.signOut();
      this.signedIn = false;
      // The API's 401 speaks of bearer tokens; the owner typed a password.
      this.message = error instanceof AdminError && error.status === 401 ? 'Wrong admin token: type the one the hub was started with (--admin-token).' : (error as Error).message;
    }
  }

  /** The display app's configuration: the currency of lane totals and what the previews draw with; without one (no display app), the screens' default. */
  private async loadScreenConfig(): Promise<void> {
    try {
      const response = await fetch(`${this.src.replace(/\/+$/, '')}/display/config.json`, { cache: 'no-cache' });
      if (response.ok) this.money = (await response.json()) as ShopMoney;
    } catch {
      /* the default stays */
    }
  }

  private laneMoney(lane: string, amount: number): string {
    const own = this.money.lanes?.[lane];
    return formatMoney(amount, own?.locale ?? this.money.locale ?? SCREEN_LOCALE, own?.currency ?? this.money.currency ?? SCREEN_CURRENCY);
  }

  private signOut(): void {
    this.client.signOut();
    this.signedIn = false;
    this.snapshot = EMPTY;
  }

  /** Runs an action; a failure is shown at the top instead of thrown. */
  private async act(action: () => Promise<unknown>, done = ''): Promise<void> {
    try {
      await action();
      this.message = done;
    } catch (error) {
      this.message = (error as Error).message;
    }
  }

  protected override render() {
    if (!this.signedIn) return this.renderLogin();
    const pending = this.snapshot.displays.filter((display) => display.status === 'pending');
    const paired = this.snapshot.displays.filter((display) => display.status !== 'pending');
    return html`
      <header>
        <span class="dot ${this.live ? 'connected' : ''}" title=${this.live ? 'live' : 'reconnecting'}></span>
        <h1>Displays</h1>
        <button @click=${() => this.signOut()}>Sign out</button>
      </header>
      <main>
        ${this.message ? html`<section class="wide"><div class="card" role="status">${this.message}</div></section>` : nothing}
        <section class="wide" aria-labelledby="pending">
          <h2 id="pending">Waiting to be paired (${pending.length})</h2>
          ${pending.length
            ? repeat(pending, (display) => display.id, (display) => this.renderPending(display))
            : html`<div class="card muted">Open <strong>${this.displayUrl()}</strong> on a screen: its code appears here.</div>`}
          ${this.renderPairByCode()}
        </section>
        <section aria-labelledby="displays">
          <h2 id="displays">Displays (${paired.length})</h2>
          ${repeat(paired, (display) => display.id, (display, index) => this.renderDisplay(display, index + 1))}
        </section>
        <section aria-labelledby="lanes">
          <h2 id="lanes">Lanes (${this.snapshot.lanes.length})</h2>
          ${repeat(this.snapshot.lanes, (lane) => lane.lane, (lane) => this.renderLane(lane))}
        </section>
        <admin-media .src=${this.src} .token=${this.client.token} @admin-config-saved=${this.configSaved}></admin-media>
        <admin-schedule .src=${this.src} .token=${this.client.token} .lanes=${this.snapshot.lanes.map((lane) => lane.lane)} @admin-config-saved=${this.configSaved}></admin-schedule>
      </main>
      <datalist id="lane-names">${this.snapshot.lanes.map((lane) => html`<option value=${lane.lane}></option>`)}</datalist>
    `;
  }

  /**
   * The Media and Schedule sections edit one file (`display-hub.json`, saved with its ETag):
   * when one saves, the other reads the slides list and the new ETag again, so its next save
   * is not refused as stale (or, worse, built on the old list).
   */
  private readonly configSaved = (event: Event) => {
    const sections = this.renderRoot.querySelectorAll<HTMLElement & { reload?: () => Promise<void>; load?: () => Promise<void> }>('admin-media, admin-schedule');
    for (const section of sections) if (section !== event.target) void (section.reload ?? section.load)?.call(section);
    // The previews draw with the screens' configuration: the new slides, sleep hours and words.
    void this.loadScreenConfig();
  };

  private renderLogin() {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      void this.signIn(formValue(event.target as HTMLFormElement, 'token'));
    };
    return html`<div class="card login">
      <h2>Display hub admin</h2>
      <p class="muted">Enter the hub's admin token (<code>--admin-token</code>).</p>
      <form @submit=${submit}>
        <input name="token" type="password" autocomplete="current-password" aria-label="Admin token" required />
        <button class="primary">Sign in</button>
      </form>
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
    </div>`;
  }

  /** The display app's address on this hub, to open on a screen. */
  private displayUrl(): string {
    try {
      return new URL(`${this.src.replace(/\/+$/, '')}/display/`, location.href).href;
    } catch {
      return '/display/';
    }
  }

  /** The code as the screen shows it, typed in: for a screen whose card is not in view (or not yet listed). */
  private renderPairByCode() {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const code = normalizeCode(formValue(form, 'code'));
      void this.act(async () => {
        await this.client.assign(code, formValue(form, 'lane'), formValue(form, 'name'));
        form.reset();
      }, `Paired ${code}`);
    };
    return html`<form class="card by-code" @submit=${submit} aria-labelledby="by-code-title">
      <p id="by-code-title" class="muted">Or type the code a screen shows:</p>
      <input name="code" placeholder="Code on the screen" aria-label="Code on the screen" required autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="12" />
      <input name="lane" list="lane-names" placeholder="Lane, e.g. till-1" aria-label="Lane" required pattern="[A-Za-z0-9._\\-]{1,64}" />
      <input name="name" placeholder="Name, e.g. Front counter" aria-label="Name" maxlength="80" />
      <button class="primary">Pair</button>
    </form>`;
  }

  private renderPending(display: DisplayInfo) {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      void this.act(() => this.client.assign(display.code!, formValue(form, 'lane'), formValue(form, 'name')), `Paired ${display.code}`);
    };
    return html`<div class="card" data-code=${display.code!}>
      <div class="row">
        <span class="code">${display.code}</span>
        <span class="grow muted">${[browserOf(display.user_agent), display.address, `since ${when(display.connected_at)}`].filter(Boolean).join(' · ')}</span>
      </div>
      <form @submit=${submit}>
        <input name="lane" list="lane-names" placeholder="Lane, e.g. till-1" aria-label="Lane" required pattern="[A-Za-z0-9._\\-]{1,64}" />
        <input name="name" placeholder="Name, e.g. Front counter" aria-label="Name" maxlength="80" />
        <button class="primary">Pair</button>
      </form>
    </div>`;
  }

  private renderDisplay(display: DisplayInfo, number: number) {
    const status = display.status === 'offline' ? `offline since ${when(display.offline_since)}` : display.status;
    return html`<div class="card" data-display=${display.id}>
      <div class="row">
        <span class="dot ${display.status}" title=${display.status}></span>
        <span class="grow title">${display.name}</span>
        <span class="badge">${display.lane}</span>
      </div>
      <div class="muted">${[status, display.address, browserOf(display.user_agent)].filter(Boolean).join(' · ')}</div>
      ${this.editing === display.id ? this.renderEdit(display) : this.renderActions(display, number)}
    </div>`;
  }

  private renderActions(display: DisplayInfo, number: number) {
    const { id } = display;
    const revoke = () => confirm(`Unpair “${display.name}”? It will show a new code.`) && void this.act(() => this.client.revoke(id), `Unpaired ${display.name}`);
    return html`<div class="actions">
      <button @click=${() => this.act(() => this.client.command(id, 'identify', { number }), `Showing ${number} on ${display.name}`)}>Identify</button>
      <button @click=${() => this.act(() => this.client.command(id, 'test-bill'), `Test bill sent to ${display.lane}`)}>Test bill</button>
      <button @click=${() => this.act(() => this.client.command(id, 'reload'), `Reloading ${display.name}`)}>Reload</button>
      <button @click=${() => (this.editing = id)}>Rename / move</button>
      <button class="danger" @click=${revoke}>Revoke</button>
    </div>`;
  }

  private renderEdit(display: DisplayInfo) {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      this.editing = null;
      const name = formValue(form, 'name');
      // The name just saved, not the one it had.
      void this.act(() => this.client.update(display.id, { lane: formValue(form, 'lane'), name }), `Saved ${name || display.name}`);
    };
    return html`<form @submit=${submit}>
      <input name="lane" list="lane-names" .value=${display.lane ?? ''} aria-label="Lane" required pattern="[A-Za-z0-9._\\-]{1,64}" />
      <input name="name" .value=${display.name ?? ''} aria-label="Name" maxlength="80" />
      <button class="primary">Save</button>
      <button type="button" @click=${() => (this.editing = null)}>Cancel</button>
    </form>`;
  }

  private renderLane(lane: LaneInfo) {
    const bill = lane.bill_number ? `${lane.bill_number}${lane.total !== null ? ` · ${this.laneMoney(lane.lane, lane.total)}` : ''}` : 'no bill';
    return html`<div class="card" data-lane=${lane.lane}>
      <div class="row">
        <span class="grow title">${lane.lane}</span>
        <span class="badge ${lane.phase}">${lane.phase}</span>
      </div>
      <div class="muted">${bill} · ${lane.clients} on screen</div>
      <lane-preview lane=${lane.lane} src=${this.src} .token=${this.client.token} .config=${this.money}></lane-preview>
    </div>`;
  }
}

defineElement('display-admin', DisplayAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'display-admin': DisplayAdmin;
  }
}
