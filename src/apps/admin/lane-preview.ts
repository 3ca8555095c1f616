/**
 * `<lane-preview lane="till-2">`: what the lane's screens show, small and live, on the admin
 * page. Drawn by the display's own elements (`<customer-display>` and its children) at
 * 1280×800 and scaled to 320×200, fed through the same context `<display-sync>` provides,
 * from the page's one preview stream (`preview-streams.ts`; `<display-sync>` stays the only
 * owner of display connections). Inert: no focus, no click reaches it, hidden from screen
 * readers, which read a one-line summary instead. Loaded as a chunk of its own once the
 * admin has signed in, so the page without previews stays as light as before.
 */
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing, type CSSResult, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../../define.js';
import '../../components/customer-display/customer-display.js';
import { formatMoney } from '../../components/format.js';
import { screenOf, type ServedConfig, type ServedScreen } from '../../protocol/display-app.js';
import type { LanePreviewState } from '../../protocol/fleet.js';
import { displayContext } from '../../sync/display-context.js';
import { INITIAL_DISPLAY_STATE, type DisplayState } from '../../sync/display-state.js';
import { previewStreamsFor, type PreviewStreams, type PreviewTarget } from './preview-streams.js';

/** What a screen shows when the configuration names neither (as the display app). */
const SCREEN_LOCALE = 'id-ID';
const SCREEN_CURRENCY = 'IDR';

const configs = new Map<string, Promise<Partial<ServedConfig>>>();

/** The display app's configuration (`/display/config.json`), fetched once per page; none: the screens' defaults. */
function configOf(base: string): Promise<Partial<ServedConfig>> {
  let config = configs.get(base);
  if (!config) {
    config = fetch(`${base}/display/config.json`, { cache: 'no-cache' })
      .then((response) => (response.ok ? (response.json() as Promise<Partial<ServedConfig>>) : {}))
      .catch(() => ({}));
    configs.set(base, config);
  }
  return config;
}

/**
 * The display lays a sale out by the viewport's orientation (a portrait screen stacks the
 * bill over the brand); on a phone held upright that would draw a landscape screen's
 * preview stacked. The preview keeps the landscape layout of the 1280×800 screen it shows.
 * (The display's own rule could follow its box instead, with a container query: then this goes.)
 */
const LANDSCAPE: CSSResult = css`
  .sale {
    grid-template-columns: minmax(0, 0.9fr) minmax(0, 1.35fr);
    grid-template-rows: none;
  }
  .sale .aside {
    order: 0;
  }
`;

/** The change a payment or payment dialog announces, as the display keeps it for the thank-you. */
function announcedChange(change: unknown): number | null {
  return typeof change === 'number' && Number.isFinite(change) ? change : null;
}

/** The display's state for a preview: live, as of now; a prompt keeps the time it first showed (its countdown). */
export function displayStateOf(preview: LanePreviewState, before: DisplayState, now = Date.now()): DisplayState {
  const prompt = preview.prompt;
  const same = prompt && before.prompt?.prompt.prompt_id === prompt.prompt_id;
  return {
    ...INITIAL_DISPLAY_STATE,
    status: 'live',
    phase: preview.phase,
    bill: preview.bill,
    modal: preview.modal,
    payment: preview.payment,
    changeDue: announcedChange(preview.payment?.change ?? preview.modal?.data?.change),
    lastMessageAt: now,
    prompt: prompt ? { prompt, shownAt: same ? before.prompt!.shownAt : now, answer: null, closed: false } : null,
  };
}

/**
 * @tag lane-preview
 * @summary A small, inert, live copy of what a lane's screens show (the admin page).
 */
export class LanePreviewElement extends LitElement implements PreviewTarget {
  static override styles = css`
    :host {
      display: block;
      margin-top: 0.5rem;
    }
    .frame {
      position: relative;
      width: 320px;
      max-width: 100%;
      height: 200px;
      overflow: hidden;
      border-radius: 8px;
      border: 1px solid var(--admin-border, #dde2ea);
      background: #0b0e12;
      /* Nothing inside takes a tap: the preview is a picture of the screen. */
      pointer-events: none;
      user-select: none;
    }
    .screen {
      width: 1280px;
      height: 800px;
      transform: scale(0.25);
      transform-origin: 0 0;
    }
    customer-display {
      width: 1280px;
      height: 800px;
      min-height: 0;
    }
    .waiting {
      display: grid;
      place-items: center;
      height: 100%;
      color: #c9d1db;
      font-size: 0.85rem;
    }
    .summary {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;

  /** The lane whose screens this shows. */
  @property() lane = '';

  /** Hub base URL; `''`: the page's own origin. */
  @property() src = '';

  /** The admin token the page signed in with (the preview stream needs it). */
  @property({ attribute: false }) token = '';

  /** The display app's configuration (`/display/config.json`), if the page has it; absent: fetched once per page. */
  @property({ attribute: false }) config: Partial<ServedConfig> | undefined = undefined;

  /** The lane's state, once the stream sent it (until then nothing is drawn). */
  @state() private preview: LanePreviewState | null = null;
  @state() private screen: ServedScreen = {};
  /** The shop's clock (the configuration's `timeZone`), for the lane's sleep hours and scheduled slides. */
  @state() private timeZone: string | undefined;
  /** Its card is in view (with the stream's margin): only then is the display drawn. */
  @state() private visible = false;

  private readonly provider = new ContextProvider(this, { context: displayContext, initialValue: INITIAL_DISPLAY_STATE });
  private streams: PreviewStreams | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.register();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.streams?.remove(this);
    this.streams = undefined;
    this.visible = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('token')) this.register();
    if (this.config) {
      if (changed.has('config') || changed.has('lane')) {
        this.screen = screenOf(this.config, this.lane);
        this.timeZone = this.config.timeZone;
      }
    } else if (changed.has('src') || changed.has('lane') || changed.has('config')) {
      const lane = this.lane;
      void configOf(this.base).then((config) => {
        if (this.lane !== lane || this.config) return;
        this.screen = screenOf(config, lane);
        this.timeZone = config.timeZone;
      });
    }
  }

  protected override updated(): void {
    const root = this.renderRoot.querySelector('customer-display')?.shadowRoot;
    const sheet = LANDSCAPE.styleSheet;
    if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** The one stream of the page for this hub and token. */
  private register(): void {
    if (!this.isConnected || !this.token) return;
    const streams = previewStreamsFor(this.base, this.token);
    if (streams === this.streams) return;
    this.streams?.remove(this);
    this.streams = streams;
    streams.add(this, this);
  }

  private get base(): string {
    return this.src.replace(/\/+$/, '');
  }

  inView(visible: boolean): void {
    this.visible = visible;
  }

  /** The stream's latest state of the lane. */
  show(state: LanePreviewState): void {
    this.preview = state;
    this.provider.setValue(displayStateOf(state, this.provider.value));
  }

  /** One line a screen reader reads instead of the picture: "till-2: bill INV-1001, total Rp 61.050". */
  private summary(): string {
    const preview = this.preview;
    if (!preview) return `${this.lane}: preview when in view`;
    const money = (amount: number) => formatMoney(amount, this.screen.locale ?? SCREEN_LOCALE, this.screen.currency ?? SCREEN_CURRENCY);
    const parts: string[] = [];
    if (preview.phase === 'idle') parts.push('idle screen');
    else if (preview.bill) parts.push(`bill ${preview.bill.bill_number ?? preview.bill.bill_id}, total ${money(preview.bill.total)}`);
    if (preview.phase === 'payment') parts.push(preview.payment ? `payment ${preview.payment.status}` : 'payment dialog');
    if (preview.prompt) parts.push(`asking the shopper: ${preview.prompt.title ?? preview.prompt.kind}`);
    return `${this.lane}: ${parts.join(', ')}`;
  }

  protected override render() {
    const screen = this.screen;
    // Videos stay off the preview: a phone would otherwise play every lane's videos at once.
    const slides = (screen.slides ?? []).filter((slide) => slide.type !== 'video' && !/\.(mp4|webm)$/i.test(slide.src));
    const theme = screen.theme === 'light' || screen.theme === 'dark' ? screen.theme : undefined;
    return html`<div class="frame" inert aria-hidden="true">
        ${this.preview && this.visible
          ? html`<div class="screen" lang=${screen.language || 'id'}>
              <customer-display
                shop-name=${screen.shopName ?? nothing}
                logo=${screen.logo ?? nothing}
                tagline=${screen.tagline ?? nothing}
                theme=${theme ?? nothing}
                locale=${screen.locale ?? nothing}
                currency=${screen.currency ?? nothing}
                interval=${screen.slideInterval ?? nothing}
                mirror-stylesheet=${screen.mirrorStylesheet ?? nothing}
                time-zone=${this.timeZone ?? nothing}
                sleep=${screen.sleep ? JSON.stringify(screen.sleep) : nothing}
                .slides=${slides}
              ></customer-display>
            </div>`
          : html`<div class="waiting">${this.lane}</div>`}
      </div>
      <span class="summary">${this.summary()}</span>`;
  }
}

defineElement('lane-preview', LanePreviewElement);

declare global {
  interface HTMLElementTagNameMap {
    'lane-preview': LanePreviewElement;
  }
}
