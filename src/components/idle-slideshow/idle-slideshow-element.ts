import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DisplayElement } from '../display-element.js';
import { ScheduleController } from '../schedule-controller.js';
import { idleSlideshowStyles } from './idle-slideshow.styles.js';
import { imageOf, parseSlides, slideTypeOf, slideTypeOfElement, type SlideDefinition, type SlideType } from './slides.js';

/** A slide whose media never loads would block the show: skip it. A stalled video too. */
const VIDEO_SAFETY_MARGIN_MS = 5000;
const VIDEO_FALLBACK_MAX_MS = 5 * 60_000;

/**
 * The idle screen between customers: slides from its children (`<img>`, `<picture>`,
 * `<video>` or any element) or from the `slides` list, crossfading one into the next.
 * Images stay `interval` ms (or their `data-duration` / `duration`); videos play muted to
 * their end; a slide that fails to load is skipped. Inside a `<display-sync>` it runs only
 * in the `idle` phase: it pauses and hides while a bill is open and resumes after. No
 * transitions under `prefers-reduced-motion`. One timer at a time, released when it stops,
 * so it can run for days. A slide of the list with `days`/`from`/`to` shows only then, on
 * the clock of `time-zone`: the list is read again at each start or end (none on: nothing shown).
 *
 * @tag idle-slideshow
 * @summary Idle-screen slideshow (images, videos, any element).
 * @slot - The slides. `data-duration` (ms) on a slide overrides `interval`.
 * @csspart slides - The container of slides made from the `slides` list.
 * @cssproperty --display-slideshow-background - Behind the slides (default black).
 * @cssproperty --display-slideshow-fade - Crossfade duration (default 800ms).
 * @cssproperty --display-slideshow-fit - `object-fit` of images and videos (default cover; contain on portrait screens). `data-fit="contain"` on a slide sets it for that slide.
 * @event display-slide - A slide became visible. `detail`: `{index, type}`.
 */
export class IdleSlideshow extends DisplayElement {
  static override styles = idleSlideshowStyles;

  /** Default time per slide in ms. */
  @property({ type: Number }) interval = 5000;

  /** Slides as data: `[{src, type?, duration?, alt?}]` (JSON in the attribute). Wins over children. */
  @property({ converter: { fromAttribute: parseSlides } }) slides: SlideDefinition[] = [];

  /** The shop's IANA time zone for the slides' `days`/`from`/`to` (default: the device's). */
  @property({ attribute: 'time-zone' }) timeZone?: string;

  /** Stop on the current slide. */
  @property({ type: Boolean }) paused = false;

  /**
   * A slide that failed to load is skipped for this long (ms), then tried again: a Wi-Fi
   * drop or a promo server restarting must not empty the idle screen for the day.
   */
  @property({ type: Number, attribute: 'retry-delay' }) retryDelay = 60_000;

  /** Set while the display is not idle (hidden and stopped); read-only. */
  @property({ type: Boolean, reflect: true }) inactive = false;

  /** Index of the slide on screen. */
  @state() index = 0;

  @state() private slotted: Element[] = [];
  /** The slides of the list on now (their schedule); what is shown and counted. */
  private shown: SlideDefinition[] = [];
  private readonly timetable = new ScheduleController(this, () => ({ windows: this.slides, timeZone: this.timeZone }));
  /** Slides that failed to load, with when. */
  private readonly failed = new Map<number, number>();
  /** Removes the error listeners on the slotted media. */
  private unwatchSlotted: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disarm: (() => void) | undefined;
  private armedFor: Element | undefined;

  /** How many slides there are. */
  get count(): number {
    return this.slides.length ? this.shown.length : this.slotted.length;
  }

  /** Running: on the page, not paused, idle (or outside any display), with slides. */
  get running(): boolean {
    return this.isConnected && !this.paused && !this.inactive && this.count - this.failedCount() > 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('online', this.retryFailed);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    clearTimeout(this.retryTimer);
    removeEventListener('online', this.retryFailed);
    this.unwatchSlotted?.();
    this.unwatchSlotted = undefined;
  }

  /** Failed within `retryDelay`: skipped. Older failures get another try. */
  private isFailed(index: number): boolean {
    const at = this.failed.get(index);
    return at !== undefined && Date.now() - at < this.retryDelay;
  }

  private failedCount(): number {
    let count = 0;
    for (const index of this.failed.keys()) if (this.isFailed(index)) count++;
    return count;
  }

  /** Every failed slide gets another try now (the network is back, or it is time). */
  private readonly retryFailed = () => {
    clearTimeout(this.retryTimer);
    if (this.failed.size === 0) return;
    this.failed.clear();
    this.armedFor = undefined;
    this.requestUpdate();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.inactive = !!this.display && this.display.phase !== 'idle';
    const shown = this.timetable.active(this.slides);
    if (changed.has('slides') || shown.length !== this.shown.length || shown.some((slide, i) => slide !== this.shown[i])) {
      // A new list (the hub's configuration changed) or a slide's time came or went: keep
      // the slide on screen if it stays, else start over.
      this.failed.clear();
      this.index = this.indexKeptFrom(this.shown, shown);
    }
    this.shown = shown;
    if (this.index >= this.count) this.index = 0;
  }

  protected override render() {
    return html`
      ${this.slides.length
        ? html`<div part="slides" class="slides">
            ${repeat(this.visibleIndices(), (i) => this.slideKey(i), (i) => this.renderSlide(this.shown[i]!, i))}
          </div>`
        : nothing}
      <slot @slotchange=${this.onSlotChange}></slot>
    `;
  }

  protected override updated(): void {
    const current = this.currentElement();
    if (!this.running || !current) {
      this.stop();
      return;
    }
    if (this.slides.length === 0) {
      this.slotted.forEach((element, i) => element.setAttribute('data-slide', i === this.index ? 'active' : ''));
      this.preloadNext();
    }
    if (this.armedFor !== current) this.arm(current);
  }

  /**
   * Where a new list (the hub's configuration changed) continues: at the slide on screen
   * when it is still in the list (or a new version of its file), so the show goes on
   * instead of starting over from black.
   */
  private indexKeptFrom(before: readonly SlideDefinition[], after: readonly SlideDefinition[]): number {
    const shown = before[this.index]?.src;
    if (shown === undefined) return 0;
    const found = after.findIndex((slide) => slide.src === shown);
    // A new version of the same file (`?v=`, a replaced upload) continues there too: shown anew.
    return Math.max(0, found >= 0 ? found : after.findIndex((slide) => withoutQuery(slide.src) === withoutQuery(shown)));
  }

  /**
   * A rendered slide's identity: its `src` (the element, its loaded image and its timer stay
   * when the list around it changes); with the index only when one `src` is in the list twice.
   */
  private slideKey(index: number): string {
    const src = this.shown[index]!.src;
    return this.shown.findIndex((slide) => slide.src === src) === index ? src : `${index}:${src}`;
  }

  /** The slide before (fading out), the current one and the next (preloading). */
  private visibleIndices(): number[] {
    const count = this.shown.length;
    if (!count) return [];
    const indices = new Set([(this.index - 1 + count) % count, this.index, (this.index + 1) % count]);
    return [...indices].sort((a, b) => a - b);
  }

  private renderSlide(slide: SlideDefinition, index: number) {
    const state = index === this.index ? 'active' : '';
    const failed = () => this.markFailed(index);
    return slideTypeOf(slide) === 'video'
      ? html`<video data-index=${index} data-slide=${state} src=${slide.src} muted playsinline preload="auto" .muted=${true} @error=${failed}></video>`
      : html`<img data-index=${index} data-slide=${state} src=${slide.src} alt=${slide.alt ?? ''} decoding="async" @error=${failed} />`;
  }

  private onSlotChange(event: Event): void {
    const slot = event.target as HTMLSlotElement;
    this.slotted = slot.assignedElements();
    this.failed.clear();
    this.unwatchSlotted?.();
    // Know about broken media before their turn, so they are skipped, never shown.
    const cleanups = this.slotted.map((element, index) => {
      if (element instanceof HTMLVideoElement) {
        element.muted = true;
        element.playsInline = true;
      }
      const media = element instanceof HTMLVideoElement ? element : imageOf(element);
      if (!media) return () => {};
      const onError = () => this.markFailed(index);
      media.addEventListener('error', onError, true);
      return () => media.removeEventListener('error', onError, true);
    });
    this.unwatchSlotted = () => cleanups.forEach((cleanup) => cleanup());
    this.armedFor = undefined;
  }

  private markFailed(index: number): void {
    this.failed.set(index, Date.now());
    if (index === this.index) this.advance();
  }

  private currentElement(): Element | undefined {
    if (this.slides.length) return this.renderRoot.querySelector(`.slides > [data-index="${this.index}"]`) ?? undefined;
    return this.slotted[this.index];
  }

  private typeOf(element: Element): SlideType {
    return this.slides.length ? slideTypeOf(this.shown[this.index]!) : slideTypeOfElement(element);
  }

  private durationOf(element: Element): number {
    const fromList = this.slides.length ? this.shown[this.index]?.duration : undefined;
    const fromAttribute = Number((element as HTMLElement).dataset?.duration);
    const duration = fromList ?? (Number.isFinite(fromAttribute) && fromAttribute > 0 ? fromAttribute : this.interval);
    return Math.max(500, duration);
  }

  /** Starts the current slide: its timer, or its video, and what to do if it fails. */
  private arm(element: Element): void {
    this.stop();
    this.armedFor = element;
    if (this.failed.delete(this.index)) {
      // Its failure has expired: a browser does not fetch a broken image again by itself.
      const media = element instanceof HTMLVideoElement ? element : imageOf(element);
      media?.setAttribute('src', media.getAttribute('src') ?? '');
      if (media instanceof HTMLVideoElement) media.load();
    }
    const type = this.typeOf(element);
    const index = this.index;
    const cleanups: Array<() => void> = [];
    const listen = (target: EventTarget, name: string, handler: () => void) => {
      target.addEventListener(name, handler, { capture: true });
      cleanups.push(() => target.removeEventListener(name, handler, { capture: true }));
    };
    const fail = () => this.markFailed(index);
    this.disarm = () => cleanups.forEach((cleanup) => cleanup());

    if (type === 'video') {
      const video = element as HTMLVideoElement;
      listen(video, 'ended', () => this.advance());
      // <source> errors fire on the <source>, and are caught here in the capture phase.
      listen(video, 'error', fail);
      video.currentTime = 0;
      video.play().catch(() => {
        if (this.armedFor === video && !video.error) this.schedule(this.durationOf(video)); // autoplay refused: show the poster frame
      });
      const expected = Number.isFinite(video.duration) ? video.duration * 1000 + VIDEO_SAFETY_MARGIN_MS : VIDEO_FALLBACK_MAX_MS;
      this.schedule(expected);
      cleanups.push(() => video.pause());
    } else {
      const image = type === 'image' ? imageOf(element) : null;
      if (image) {
        listen(image, 'error', fail);
        // An image that already failed fired its error before we listened: decode() rejects
        // for it (naturalWidth would also be 0 for a good SVG without a size).
        if (image.complete) image.decode().catch(() => this.armedFor === element && fail());
      }
      this.schedule(this.durationOf(element));
    }
    this.emit('display-slide', { index, type });
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.advance(), ms);
  }

  /** Moves to the next slide that has not failed. */
  private advance(): void {
    const count = this.count;
    this.stop();
    if (count - this.failedCount() <= 0) {
      // Every slide failed: stay still (no busy loop) and try them all again later.
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(this.retryFailed, this.retryDelay);
      return;
    }
    let next = this.index;
    do next = (next + 1) % count;
    while (this.isFailed(next));
    this.index = next;
    this.requestUpdate(); // re-arms in updated(), also when it is the same (only) slide
  }

  /** Lazy images of the next slide start loading now, so they are ready when shown. */
  private preloadNext(): void {
    const next = this.slotted[(this.index + 1) % this.slotted.length];
    const image = next && imageOf(next);
    if (image?.loading === 'lazy') image.loading = 'eager';
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.disarm?.();
    this.disarm = undefined;
    this.armedFor = undefined;
  }
}

function withoutQuery(src: string): string {
  return src.split('?')[0]!;
}
