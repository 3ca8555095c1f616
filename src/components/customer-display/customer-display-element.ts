import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DisplayPhase } from '../../sync/display-state.js';
import { DisplayElement } from '../display-element.js';
import { LocaleProvider } from '../display-locale.js';
import { nextFrame, nextTask } from '../../next-frame.js';
import { parseSlides, type SlideDefinition } from '../idle-slideshow/slides.js';
import { loadSchedule } from '../lazy-modules.js';
import type { ScheduleController } from '../schedule-controller.js';
import type { TimeWindow } from '../schedule.js';
import { themeTokens } from '../theme.styles.js';
import { customerDisplayStyles } from './customer-display.styles.js';

/** Children that are slides: `<img>`, `<video>`, `<picture>` without a `slot`. */
const SLIDE_CHILDREN = ':scope > img:not([slot]), :scope > video:not([slot]), :scope > picture:not([slot])';

/** A phase's region: `current` while its phase is on. */
const region = (name: string, current: boolean) => `region ${name} ${current ? 'current' : ''}`;

/** A slotted `<img>`/`<video>`/`<picture>` as a slide definition for the internal slideshow. */
function slideFromChild(child: Element): SlideDefinition | null {
  const duration = Number((child as HTMLElement).dataset.duration) || undefined;
  if (child instanceof HTMLVideoElement) {
    const src = child.getAttribute('src') ?? child.querySelector('source')?.getAttribute('src');
    return src ? { src, type: 'video', duration } : null;
  }
  const image = child instanceof HTMLImageElement ? child : child.querySelector('img');
  const src = image?.getAttribute('src');
  return image && src ? { src, type: 'image', alt: image.alt, duration } : null;
}

/** A slide shown only at some times. */
const isTimed = (slide: SlideDefinition) => !!(slide.days || slide.from || slide.to);

/**
 * A ready customer display: the right view for each phase of a sale, from the nearest
 * `<display-sync>`. Idle: the slideshow (its `<img>`/`<video>`/`<picture>` children, or
 * `slides`) or a welcome. Bill: the bill beside the shop's brand (beneath it on portrait
 * screens). Payment: the mirrored payment dialog or the structured payment view over the
 * bill. Thanks: the thank-you with the change. Plus the connection banner, and a pairing
 * display's code (`<display-sync pairing>`).
 *
 *   <display-sync src="http://localhost:5000">
 *     <customer-display shop-name="Warung Nusantara" logo="logo.svg">
 *       <img src="promo-1.jpg" alt="…" /><img src="promo-2.jpg" alt="…" data-duration="8000" />
 *     </customer-display>
 *   </display-sync>
 *
 * Themes: `theme="light" | "dark"` (default: the system's `prefers-color-scheme`), and the
 * `--display-*` custom properties. Words follow the nearest `lang`.
 *
 * Schedules, on the shop's clock (`time-zone`): slides with `days`/`from`/`to` show only then
 * (none on: the welcome), and in the `sleep` hours an idle screen sleeps: dimmed, the
 * slideshow stopped (no video playing). A bill, payment, dialog or prompt wakes it at once,
 * in the same render; it sleeps again when idle again inside the hours.
 *
 * @tag customer-display
 * @summary Complete customer display layout for every phase.
 * @slot header - Replaces the header (logo and shop name).
 * @slot idle - Replaces the idle screen (slideshow or welcome).
 * @slot aside - Replaces the brand panel shown beside the bill.
 * @slot thanks - Extra content under the thank-you.
 * @slot footer - A line at the bottom (e.g. Wi-Fi password, opening hours).
 * @csspart base - The whole layout.
 * @csspart header - The header row.
 * @csspart main - The phase area.
 * @csspart idle - The idle region.
 * @csspart sale - The bill region (brand + bill).
 * @csspart aside - The brand panel beside the bill.
 * @csspart bill - The `<bill-panel>`.
 * @csspart thanks - The thank-you region.
 * @csspart footer - The footer line.
 * @csspart prompt-layer - The layer over everything while the shopper is asked something.
 * @csspart prompt - The `<shopper-prompt>`.
 * @csspart sleep - The dimming layer over the screen in sleep hours.
 * @cssproperty --display-sleep-overlay - The sleep hours' dimming layer (default black at 0.85).
 * @cssproperty --display-page - Screen background behind the panels.
 * @cssproperty --display-brand - Background of the welcome and brand panels.
 * @cssproperty --display-on-brand-muted - The tagline on the brand panel (default white at 0.92, ≥ 4.5:1 on the default brand).
 * @cssproperty --display-screen-padding - Space around everything (default 1.5vmin).
 */
export class CustomerDisplay extends DisplayElement {
  static override styles = [themeTokens, customerDisplayStyles];

  /** Shop name in the header and on the welcome screen. */
  @property({ attribute: 'shop-name' }) shopName = '';

  /** Logo URL for the header and the welcome screen. */
  @property() logo = '';

  /** A line under the shop name on the brand panel. */
  @property() tagline = '';

  /** `light`, `dark`, or absent to follow the system setting. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Slides as data (JSON in the attribute); children `<img>`/`<video>`/`<picture>` otherwise. */
  @property({ converter: { fromAttribute: parseSlides } }) slides: SlideDefinition[] = [];

  /** Default time per slide in ms. */
  @property({ type: Number }) interval = 5000;

  /** The shop's IANA time zone for scheduled slides and sleep hours (default: the device's). */
  @property({ attribute: 'time-zone' }) timeZone?: string;

  /** Sleep hours: `{"from": "22:00", "to": "07:00", "days"?: ["mon", …]}` (JSON in the attribute). */
  @property({ type: Object }) sleep?: TimeWindow;

  /** Set while sleeping (sleep hours, idle, nothing asked); read-only. */
  @property({ type: Boolean, reflect: true }) sleeping = false;

  /** URL of the cashier's stylesheet for mirrored payment dialogs. */
  @property({ attribute: 'mirror-stylesheet' }) mirrorStylesheet?: string;

  /** Show the event overlay of `<display-status>`. */
  @property({ type: Boolean }) debug = false;

  /** Every element it renders speaks its locale, currency and words (`display-locale.ts`). */
  private readonly localeProvider = new LocaleProvider(this, () => this.localeInEffect());

  @state() private childSlides: SlideDefinition[] = [];
  /**
   * Re-renders when a slide's time or the sleep hours start or end. Its code is loaded only
   * by a display with sleep hours or scheduled slides (most have neither): it weighs nothing
   * on the first bill of the others.
   */
  private timetable: ScheduleController | undefined;
  private loadingTimetable: Promise<void> | undefined;
  @state() private hasFooter = false;
  /**
   * What is drawn, in three renders: the first draws the region of the phase on screen (and
   * what the state shows over it) and leaves the hidden regions and the connection banner
   * empty; a task after the bill's frame, the second draws the hidden regions; a task later,
   * the third the banner. One render of everything was one long task at start on a weak
   * screen (57–109 ms at 4× CPU), and the two later parts together still 60–77 ms; nothing
   * the shopper sees waits for them.
   */
  @state() private drawnStage: 0 | 1 | 2 = 0;
  private allDrawn?: Promise<unknown>;
  private readonly childObserver = new MutationObserver(() => this.readChildSlides());

  override connectedCallback(): void {
    super.connectedCallback();
    this.readChildSlides();
    this.childObserver.observe(this, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'data-duration', 'slot'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.childObserver.disconnect();
  }

  /**
   * The first render at the next animation frame, not at once: on a page where the elements
   * are in the document before the bundle, they upgrade while the script runs, and this render
   * (the layout, its child elements and their styles) made that one task 300+ ms on a weak
   * screen (4× CPU). `<bill-panel>`, created by this render, renders at the frame after
   * (its own `scheduleUpdate`): the layout and the bill are laid out in two frames, not one.
   * Later renders are not held back.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      await nextFrame(); // the frame that paints what the script did
      await nextFrame();
    }
    super.scheduleUpdate();
  }

  protected override firstUpdated(): void {
    // After the frame in which <bill-panel> (created by this render) renders the bill, each stage in a task of its own.
    const drawStage = (stage: 1 | 2) => () => {
      this.drawnStage = stage;
      return super.getUpdateComplete();
    };
    this.allDrawn = nextFrame().then(nextTask).then(drawStage(1)).then(nextTask).then(drawStage(2));
  }

  /**
   * Also waits for the renders that draw the rest (`drawnStage`), and for the schedule's code
   * and the render after it (tests, screenshots).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    if (this.drawnStage !== 2 && this.allDrawn) {
      await this.allDrawn;
      complete = await super.getUpdateComplete();
    }
    if (this.timetable || !this.loadingTimetable) return complete;
    await this.loadingTimetable;
    return super.getUpdateComplete();
  }

  /** Whether a region's content is drawn: the phase's own at once, the others from the second render on. */
  private drawn(current: boolean): boolean {
    return current || this.drawnStage >= 1;
  }

  /** The phase shown: the display's, or `idle` outside a `<display-sync>`. */
  get phase(): DisplayPhase {
    return this.display?.phase ?? 'idle';
  }

  private readChildSlides(): void {
    const found = [...this.querySelectorAll(SLIDE_CHILDREN)].map(slideFromChild).filter((slide): slide is SlideDefinition => !!slide);
    if (JSON.stringify(found) !== JSON.stringify(this.childSlides)) this.childSlides = found;
  }

  private slideList(): SlideDefinition[] {
    return this.slides.length ? this.slides : this.childSlides;
  }

  /** The schedule's clock, once its code has arrived; undefined while it loads or when nothing is scheduled. */
  private clock(): ScheduleController | undefined {
    if (!this.timetable && !this.loadingTimetable && (this.sleep || this.slideList().some(isTimed))) {
      this.loadingTimetable = loadSchedule().then(
        (module) => {
          this.timetable = new module.ScheduleController(this, () => ({ windows: [this.sleep, ...this.slideList()], timeZone: this.timeZone }));
          this.requestUpdate();
        },
        (error: unknown) => {
          this.loadingTimetable = undefined; // offline for a moment: the next render asks again
          console.error(error);
        },
      );
    }
    return this.timetable;
  }


  protected override willUpdate(): void {
    // Nothing to show the shopper, inside the hours: sleep. Anything to show wakes it in this render.
    const d = this.display;
    this.sleeping = this.phase === 'idle' && !d?.prompt && !d?.modal && !!this.clock()?.isSleepTime(this.sleep);
  }

  protected override render() {
    const phase = this.phase;
    const onSale = phase === 'bill' || phase === 'payment';
    return html`
      <div part="base" class="layout phase-${phase}">
        <header part="header" class="header">
          <slot name="header">${this.renderLogo('logo')} ${this.shopName ? html`<span class="shop-name">${this.shopName}</span>` : nothing}</slot>
        </header>
        <main part="main" class="main">
          <section part="idle" class=${region('idle', phase === 'idle')} aria-hidden=${phase !== 'idle'}>
            ${this.drawn(phase === 'idle') ? html`<slot name="idle">${this.renderIdle()}</slot>` : nothing}
          </section>
          <section part="sale" class=${region('sale', onSale)} aria-hidden=${!onSale}>
            ${this.drawn(onSale)
              ? html`<aside part="aside" class="aside"><slot name="aside">${this.renderBrand()}</slot></aside>
                  <bill-panel part="bill"></bill-panel>`
              : nothing}
          </section>
          <section part="thanks" class=${region('thanks', phase === 'thanks')} aria-hidden=${phase !== 'thanks'}>
            ${this.drawn(phase === 'thanks') ? html`<thank-you-panel><slot name="thanks"></slot></thank-you-panel>` : nothing}
          </section>
        </main>
        <footer part="footer" class="footer ${this.hasFooter ? '' : 'empty'}">
          <slot name="footer" @slotchange=${this.onFooterChange}></slot>
        </footer>
      </div>
      ${this.sleeping ? html`<div part="sleep" class="sleep" aria-hidden="true"></div>` : nothing}
      ${this.renderOverlays()}
    `;
  }

  /** The shop's logo, in the class of the place it is shown (header, welcome, brand). */
  private renderLogo(className: string) {
    return this.logo ? html`<img class=${className} src=${this.logo} alt="" />` : nothing;
  }

  /** The slideshow when there are slides on now, else a welcome. */
  private renderIdle() {
    const slides = this.slideList();
    // Until the schedule reader is here (a moment, once), the slides without a time.
    const on = this.timetable ? this.timetable.active(slides) : slides.filter((slide) => !isTimed(slide));
    if (on.length) {
      return html`<idle-slideshow .slides=${slides} .interval=${this.interval} .timeZone=${this.timeZone} ?paused=${this.sleeping}></idle-slideshow>`;
    }
    const words = this.words();
    return html`<div class="welcome">
      ${this.renderLogo('welcome-logo')}
      <strong>${words.welcome}</strong>
      <span>${this.shopName || words.welcomeDetail}</span>
    </div>`;
  }

  /** The brand panel beside the bill. */
  private renderBrand() {
    return html`<div class="brand">
      ${this.renderLogo('brand-logo')}
      <strong>${this.shopName || this.words().welcome}</strong>
      ${this.tagline ? html`<span>${this.tagline}</span>` : nothing}
    </div>`;
  }

  /** What comes over the layout: the payment, a prompt, the connection banner, the pairing code. */
  private renderOverlays() {
    return html`
      <payment-modal-mirror stylesheet=${this.mirrorStylesheet ?? nothing}></payment-modal-mirror>
      ${this.display?.prompt
        ? html`<div part="prompt-layer" class="prompt-layer"><shopper-prompt part="prompt"></shopper-prompt></div>`
        : nothing}
      ${this.drawnStage === 2 ? html`<display-status ?debug=${this.debug}></display-status>` : nothing}
      <pairing-screen></pairing-screen>
    `;
  }

  private onFooterChange(event: Event): void {
    this.hasFooter = (event.target as HTMLSlotElement).assignedNodes().length > 0;
  }
}
