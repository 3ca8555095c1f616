import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../../define.js';
import { adminSectionStyles } from './admin-section.styles.js';
import { API_BASE_PATH } from '../../protocol/constants.js';
import type { WeekDay } from '../../protocol/display-app.js';

const DAYS: readonly WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_LABELS: Record<WeekDay, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const IMAGE = /\.(jpe?g|png|webp|gif|svg)$/i;

/** A time window as edited: `days` absent is every day, an empty time is the start or the end of the day. */
interface WindowDraft {
  days?: WeekDay[];
  from?: string;
  to?: string;
}
interface SlideDraft extends WindowDraft {
  src: string;
}
interface SleepDraft extends WindowDraft {
  on: boolean;
}
type Json = Record<string, unknown>;
interface Reply {
  status?: string;
  error?: string;
  message?: string;
  config?: Json;
  etag?: string;
  /** `GET admin/config`: the hub machine's time zone. */
  hub_time_zone?: string;
  media?: Array<{ name: string; type: string; order: number | null }>;
}

/** What a window means, in a line ("Mon–Fri · 06:00–11:00"). */
function describe(window: WindowDraft): string {
  const days = !window.days || window.days.length === 7 ? 'Every day' : DAYS.filter((day) => window.days!.includes(day)).map((day) => DAY_LABELS[day]).join(' ');
  if (!window.from && !window.to) return days === 'Every day' ? 'Always shown' : `${days} · all day`;
  const overnight = window.from && window.to && window.to < window.from ? ' (next day)' : '';
  return `${days} · ${window.from || '00:00'}–${window.to || '24:00'}${overnight}`;
}

/** The window's fields as the configuration holds them (only those that restrict something). */
function windowFields(window: WindowDraft): WindowDraft {
  return {
    ...(window.days && window.days.length < 7 ? { days: DAYS.filter((day) => window.days!.includes(day)) } : {}),
    ...(window.from ? { from: window.from } : {}),
    ...(window.to ? { to: window.to } : {}),
  };
}

/** Sleep hours as the configuration holds them (`from` and `to` always). */
const sleepFields = (sleep: SleepDraft) => ({ from: sleep.from || '22:00', to: sleep.to || '07:00', ...(windowFields(sleep).days ? { days: windowFields(sleep).days } : {}) });

const draftOf = (value: unknown): WindowDraft => {
  const window = (value && typeof value === 'object' ? value : {}) as WindowDraft;
  return { days: window.days ? [...window.days] : undefined, from: window.from, to: window.to };
};

function timeZones(current: string): string[] {
  const known = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return current && !known.includes(current) ? [current, ...known] : known;
}

/** The hub's field paths as an owner reads them: `slides.1.to: …` → `promo-1.jpg, until: …`. */
function inOwnersWords(problem: string, config: { slides?: { src: string }[] }): string {
  const words: Record<string, string> = { from: 'from', to: 'until', days: 'days' };
  return problem
    .replace(/^slides\.(\d+)\.(\w+): /, (whole, index: string, field: string) => {
      const slide = config.slides?.[Number(index)];
      return slide ? `${slide.src}, ${words[field] ?? field}: ` : whole;
    })
    .replace(/^lanes\.([\w.-]+)\.sleep\.(\w+): /, (_whole, lane: string, field: string) => `Sleep hours of ${lane}, ${words[field] ?? field}: `)
    .replace(/^sleep\.(\w+): /, (_whole, field: string) => `Sleep hours, ${words[field] ?? field}: `)
    .replace(/^timeZone: /, 'Time zone: ');
}

/**
 * The admin page's Schedule section: per slide of the shop's slideshow, the days and hours it
 * shows; the screens' sleep hours; and the shop's time zone. It edits the hub's configuration
 * file through the admin API (`GET`/`PUT admin/config`, with `If-Match`, so an edit made
 * meanwhile by someone else is never overwritten). Without a `slides` list in the
 * configuration, the media folder's files are listed (`GET admin/media`), and saving a
 * schedule writes them as the list.
 *
 * @tag admin-schedule
 * @summary Schedules, sleep hours and time zone on the hub's admin page.
 */
export class AdminSchedule extends LitElement {
  static override styles = [
    adminSectionStyles,
    css`
      @media (min-width: 48rem) {
        :host {
          grid-column: 1 / -1;
        }
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      .card {
        padding: 0.75rem 1rem;
        margin-bottom: 0.75rem;
        display: grid;
        gap: 0.6rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .title {
        flex: 1;
        min-width: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .muted {
        margin: 0;
        font-size: 0.875rem;
      }
      .thumb {
        width: 4rem;
        height: 2.5rem;
        object-fit: cover;
        border-radius: 0.35rem;
        background: #000;
      }
      .days {
        display: grid;
        grid-template-columns: repeat(7, minmax(2.75rem, 1fr));
        gap: 0.25rem;
      }
      .times {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.875rem;
        color: var(--_muted);
      }
      label.check {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        min-height: 2.75rem;
        font-size: 1rem;
        color: var(--_text);
      }
      input[type='checkbox'] {
        width: 1.5rem;
        height: 1.5rem;
        margin: 0;
        accent-color: var(--_accent);
      }
      input[type='time'],
      select {
        box-sizing: border-box;
        width: 100%;
        min-height: 2.75rem;
        font: inherit;
        color: var(--_text);
        padding: 0.4rem 0.6rem;
        border: 1px solid var(--_border);
        border-radius: 0.5rem;
        background: var(--_card);
      }
      button {
        padding: 0.4rem 0.8rem;
      }
      button.day {
        padding: 0;
        font-size: 0.875rem;
      }
      button.day[aria-pressed='true'] {
        background: var(--_accent);
        border-color: var(--_accent);
        color: #fff;
        font-weight: 600;
      }
      button.primary {
        background: var(--_accent);
        border-color: var(--_accent);
        color: #fff;
        font-weight: 600;
      }
      button:disabled {
        opacity: 0.6;
        cursor: default;
      }
      .save {
        position: sticky;
        bottom: 0;
        display: flex;
        gap: 0.5rem;
        padding: 0.5rem 0;
        background: linear-gradient(transparent, var(--admin-background, #f3f5f8) 30%);
      }
      .save button {
        flex: 1;
      }
      .lane {
        display: grid;
        gap: 0.5rem;
        padding-top: 0.5rem;
        border-top: 1px solid var(--_border);
      }
      ul.error {
        margin: 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  /** Hub base URL; `''`: the page's own origin. */
  @property() src = '';

  /** The admin token (the page's sign-in). */
  @property() token = '';

  /** The lanes the hub knows (the page's lane list), offered for sleep hours of their own. */
  @property({ attribute: false }) lanes: string[] = [];

  @state() private phase: 'loading' | 'ready' | 'no-config' | 'error' = 'loading';
  @state() private slides: SlideDraft[] = [];
  @state() private sleep: SleepDraft = { on: false };
  /** Lanes with sleep hours of their own (`on`), over the shop's. */
  @state() private laneSleep: Record<string, SleepDraft> = {};
  @state() private timeZone = '';
  /** The hub machine's zone (`GET admin/config`), named beside "The hub's clock". */
  @state() private hubTimeZone = '';
  /** Reads of the file asked for so far: an answer to an older one is dropped. */
  private loads = 0;
  @state() private message = '';
  @state() private problems: string[] = [];
  @state() private saving = false;
  /** The configuration file as loaded, and its version: saved over only if it is still that one. */
  private config: Json = {};
  private etag = '';
  /** The slides are the media folder's (the configuration lists none). */
  private fromMedia = false;

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('token') || changed.has('src')) && this.token) void this.load();
  }

  private async call(method: string, path: string, body?: Json, headers: Record<string, string> = {}): Promise<{ status: number; reply: Reply; etag: string }> {
    const response = await fetch(`${this.src.replace(/\/+$/, '')}${API_BASE_PATH}/admin/${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
    const reply = (await response.json().catch(() => ({}))) as Reply;
    return { status: response.status, reply, etag: response.headers.get('ETag') ?? reply.etag ?? '' };
  }

  /** Reads the configuration (and the media folder when it lists no slides) into the form. */
  async load(): Promise<void> {
    this.phase = 'loading';
    const load = ++this.loads;
    try {
      const { status, reply, etag } = await this.call('GET', 'config');
      // A newer read was asked for meanwhile (two saves in the Media section): only the newest fills the form.
      if (load !== this.loads) return;
      if (status === 409 && reply.error === 'no_config_file') return void (this.phase = 'no-config');
      if (status !== 200 || !reply.config) throw new Error(reply.message ?? `The hub answered ${status}`);
      this.config = reply.config;
      this.etag = etag;
      this.timeZone = typeof reply.config.timeZone === 'string' ? reply.config.timeZone : '';
      this.hubTimeZone = typeof reply.hub_time_zone === 'string' ? reply.hub_time_zone : '';
      const sleep = reply.config.sleep;
      this.sleep = sleep ? { on: true, ...draftOf(sleep) } : { on: false, from: '22:00', to: '07:00' };
      const lanes = (reply.config.lanes ?? {}) as Record<string, Json>;
      this.laneSleep = Object.fromEntries(Object.entries(lanes).map(([id, lane]) => [id, lane.sleep ? { on: true, ...draftOf(lane.sleep) } : { on: false, from: '22:00', to: '07:00' }]));
      const listed = reply.config.slides;
      this.fromMedia = !Array.isArray(listed);
      if (Array.isArray(listed)) {
        this.slides = listed.map((slide: Json) => ({ src: String(slide.src), ...draftOf(slide) }));
      } else {
        const media = await this.call('GET', 'media');
        if (load !== this.loads) return;
        const logo = reply.config.logo;
        this.slides = (media.reply.media ?? [])
          .filter((file) => (file.type.startsWith('image/') || file.type.startsWith('video/')) && file.name !== logo)
          .map((file) => ({ src: file.name }));
      }
      this.phase = 'ready';
    } catch (error) {
      this.message = (error as Error).message;
      this.phase = 'error';
    }
  }

  /** The loaded configuration with this form's schedule: the rest of the file as it was. */
  private edited(): Json {
    const next: Json = { ...this.config };
    delete next.timeZone;
    delete next.sleep;
    if (this.timeZone) next.timeZone = this.timeZone;
    if (this.sleep.on) next.sleep = sleepFields(this.sleep);
    const lanes: Record<string, Json> = { ...((this.config.lanes ?? {}) as Record<string, Json>) };
    for (const [id, draft] of Object.entries(this.laneSleep)) {
      const lane: Json = { ...(lanes[id] ?? {}) };
      delete lane.sleep;
      if (draft.on) lane.sleep = sleepFields(draft);
      // A lane the file did not have is written only when it gets hours of its own.
      if (draft.on || id in lanes) lanes[id] = lane;
    }
    if (Object.keys(lanes).length) next.lanes = lanes;
    if (!this.fromMedia) {
      next.slides = (this.config.slides as Json[]).map((slide, i) => {
        const { days: _days, from: _from, to: _to, ...rest } = slide;
        return { ...rest, ...windowFields(this.slides[i] ?? { src: '' }) };
      });
    } else if (this.slides.some((slide) => Object.keys(windowFields(slide)).length)) {
      // A schedule needs the list: the folder's files, in its order, become the configuration's slides.
      next.slides = this.slides.map((slide) => ({ src: slide.src, ...windowFields(slide) }));
    }
    return next;
  }

  private async save(): Promise<void> {
    this.problems = [];
    const windows: WindowDraft[] = [...[this.sleep, ...Object.values(this.laneSleep)].filter((sleep) => sleep.on), ...this.slides];
    const empty = windows.find((window) => window?.days && window.days.length === 0);
    if (empty) return void (this.message = 'Pick at least one day (or every day).');
    this.saving = true;
    this.message = 'Saving…';
    try {
      const { status, reply, etag } = await this.call('PUT', 'config', this.edited(), { 'If-Match': this.etag });
      if (status === 200) {
        this.config = reply.config ?? this.edited();
        this.etag = etag;
        this.fromMedia = !Array.isArray(this.config.slides);
        this.message = 'Saved: the screens follow in a few seconds.';
        // The Media section holds the same file's ETag and slides list: it reads them again.
        this.dispatchEvent(new Event('admin-config-saved', { bubbles: true, composed: true }));
      } else if (status === 412) {
        await this.load();
        this.message = 'Someone else changed the settings meanwhile: they are reloaded. Check the schedule and save again.';
      } else if (status === 400) {
        this.message = 'Not saved: the hub refused these fields.';
        this.problems = (reply.message ?? 'invalid configuration').split('; ').map((problem) => inOwnersWords(problem, this.edited()));
      } else if (status === 409 && reply.error === 'no_config_file') {
        this.phase = 'no-config';
      } else {
        this.message = `Not saved: ${reply.message ?? `the hub answered ${status}`}`;
      }
    } catch (error) {
      this.message = `Not saved: ${(error as Error).message}`;
    } finally {
      this.saving = false;
    }
  }

  protected override render() {
    return html`<h2 id="schedule-title">Schedule</h2>
      ${this.phase === 'loading' ? html`<div class="card muted" role="status">Loading the schedule…</div>` : nothing}
      ${this.phase === 'no-config'
        ? html`<div class="card muted" role="status">
            Schedules are saved in the hub's configuration file: start the hub with <code>--config display-hub.json</code> (it is created on the first save).
          </div>`
        : nothing}
      ${this.phase === 'error' ? html`<div class="card error" role="alert">Could not load the schedule: ${this.message}</div>` : nothing}
      ${this.phase === 'ready' ? this.renderForm() : nothing}`;
  }

  private renderForm() {
    const zones = timeZones(this.timeZone);
    return html`
      <div class="card">
        <label>
          Time zone of the shop
          <select name="timeZone" @change=${(event: Event) => (this.timeZone = (event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.timeZone}>The hub's clock${this.hubTimeZone ? ` (${this.hubTimeZone})` : ''}</option>
            ${zones.map((zone) => html`<option value=${zone} ?selected=${zone === this.timeZone}>${zone.replace(/_/g, ' ')}</option>`)}
          </select>
        </label>
        <p class="muted">Every screen keeps this clock for slides and sleep hours, whatever its own is set to.</p>
      </div>
      <div class="card" role="group" aria-labelledby="sleep-title" data-sleep>
        <h3 id="sleep-title">Sleep hours</h3>
        <label class="check">
          <input type="checkbox" name="sleep" .checked=${this.sleep.on} @change=${(event: Event) => (this.sleep = { ...this.sleep, on: (event.target as HTMLInputElement).checked })} />
          Dim the screens while idle
        </label>
        ${this.sleep.on ? this.renderWindow(() => this.sleep, 'Sleep', (window) => (this.sleep = { ...this.sleep, ...window })) : nothing}
        <p class="muted">A bill, a payment or a question to the shopper wakes a screen at once.</p>
      </div>
      ${this.renderLaneSleep()}
      ${this.slides.length
        ? this.slides.map((slide, index) => this.renderSlide(slide, index))
        : html`<div class="card muted">No slides yet: the screens show the welcome.</div>`}
      ${this.fromMedia && this.slides.length ? html`<p class="muted">These are the media folder's files; saving a schedule writes them as the slide list.</p>` : nothing}
      <p class="muted" role="status">${this.message}</p>
      ${this.problems.length ? html`<ul class="error" role="alert">${this.problems.map((problem) => html`<li>${problem}</li>`)}</ul>` : nothing}
      <div class="save">
        <button class="primary" ?disabled=${this.saving} @click=${() => this.save()}>Save schedule</button>
      </div>
    `;
  }

  /** Per lane: the shop's sleep hours, or hours of its own. */
  private renderLaneSleep() {
    const ids = [...new Set([...Object.keys(this.laneSleep), ...this.lanes])].sort();
    if (!ids.length) return nothing;
    const draft = (id: string): SleepDraft => this.laneSleep[id] ?? { on: false, from: '22:00', to: '07:00' };
    const update = (id: string, change: Partial<SleepDraft>) => (this.laneSleep = { ...this.laneSleep, [id]: { ...draft(id), ...change } });
    return html`<div class="card" role="group" aria-labelledby="lane-sleep-title">
      <h3 id="lane-sleep-title">Sleep hours per lane</h3>
      <p class="muted">Unticked: the lane sleeps with the shop's hours above.</p>
      ${ids.map(
        (id) => html`<div class="lane" data-lane=${id}>
          <label class="check">
            <input type="checkbox" .checked=${draft(id).on} @change=${(event: Event) => update(id, { on: (event.target as HTMLInputElement).checked })} />
            Own sleep hours for ${id}
          </label>
          ${draft(id).on ? this.renderWindow(() => draft(id), `Sleep, ${id}`, (window) => update(id, window)) : nothing}
        </div>`,
      )}
    </div>`;
  }

  private renderSlide(slide: SlideDraft, index: number) {
    const name = decodeURIComponent(slide.src.split('/').pop() ?? slide.src);
    const thumb = IMAGE.test(slide.src) ? (/^([a-z]+:|\/)/i.test(slide.src) ? slide.src : `${this.src.replace(/\/+$/, '')}/media/${encodeURIComponent(slide.src)}`) : '';
    const update = (window: WindowDraft) => (this.slides = this.slides.map((old, i) => (i === index ? { ...old, ...window } : old)));
    return html`<div class="card" role="group" aria-labelledby="slide-${index}" data-slide=${slide.src}>
      <div class="row">
        ${thumb ? html`<img class="thumb" src=${thumb} alt="" loading="lazy" />` : nothing}
        <span class="title" id="slide-${index}">${name}</span>
      </div>
      <p class="muted">${describe(slide)}</p>
      ${this.renderWindow(() => this.slides[index]!, name, update)}
      <div class="row">
        <button type="button" @click=${() => update({ days: undefined, from: undefined, to: undefined })}>Always show</button>
      </div>
    </div>`;
  }

  /** Days (7 toggles) and from/to of a window (`current()` reads it as it is now); `what` names it for screen readers. */
  private renderWindow(current: () => WindowDraft, what: string, update: (window: WindowDraft) => void) {
    const window = current();
    const on = (day: WeekDay, days = window.days) => !days || days.includes(day);
    const toggle = (day: WeekDay) => {
      // Read at the click, not at the render: two taps before a render both count.
      const now = current().days;
      const days = DAYS.filter((d) => (d === day ? !on(d, now) : on(d, now)));
      update({ days: days.length === 7 ? undefined : days });
    };
    return html`
      <div class="days" role="group" aria-label="Days: ${what}">
        ${DAYS.map((day) => html`<button type="button" class="day" data-day=${day} aria-pressed=${on(day) ? 'true' : 'false'} @click=${() => toggle(day)}>${DAY_LABELS[day]}</button>`)}
      </div>
      <div class="times">
        <label>From<input type="time" name="from" .value=${window.from ?? ''} @change=${(event: Event) => update({ from: (event.target as HTMLInputElement).value || undefined })} /></label>
        <label>To<input type="time" name="to" .value=${window.to ?? ''} @change=${(event: Event) => update({ to: (event.target as HTMLInputElement).value || undefined })} /></label>
      </div>
    `;
  }
}

defineElement('admin-schedule', AdminSchedule);

declare global {
  interface HTMLElementTagNameMap {
    'admin-schedule': AdminSchedule;
  }
}
