/**
 * The admin page's one preview stream (`GET admin/preview?lanes=`), for the lanes whose
 * cards are in view: each `<lane-preview>` registers its element, an IntersectionObserver
 * says which are on screen, and the stream is reopened (debounced) when that set changes. A
 * hidden page holds none. So a chain's page listing hundreds of lanes asks the hub for the
 * few a phone shows, never for all of them. No Lit here.
 */
import { API_BASE_PATH } from '../../protocol/constants.js';
import { MAX_PREVIEW_LANES, PREVIEW_EVENT, type LanePreview, type LanePreviewState } from '../../protocol/fleet.js';

/** What a lane's preview is told. */
export interface PreviewTarget {
  readonly lane: string;
  show(state: LanePreviewState): void;
  /** Its card came into view or left it (out of view, a preview draws nothing: no slideshow runs off screen). */
  inView(visible: boolean): void;
}

/** Scrolling settles before the stream is reopened (one reopen per fling, not one per card). */
const REOPEN_DELAY_MS = 150;
/** A refused or broken stream (EventSource gave up) is tried again after this long. */
const RETRY_MS = 5000;

export class PreviewStreams {
  private readonly targets = new Map<Element, PreviewTarget>();
  private readonly visible = new Set<Element>();
  private readonly observer: IntersectionObserver;
  private source: EventSource | undefined;
  /** The lanes the open stream follows, joined (what {@link lanes} reports). */
  private following = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onVisibility = () => this.schedule();

  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {
    // A margin: a card about to scroll in already has its state when it arrives.
    this.observer = new IntersectionObserver((entries) => this.intersected(entries), { rootMargin: '120px 0px' });
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** The lanes the open stream follows now (tests, and the page's `data-preview-lanes`). */
  get lanes(): string[] {
    return this.following ? this.following.split(',') : [];
  }

  add(element: Element, target: PreviewTarget): void {
    this.targets.set(element, target);
    this.observer.observe(element);
  }

  remove(element: Element): void {
    this.observer.unobserve(element);
    this.targets.delete(element);
    if (this.visible.delete(element)) this.schedule();
  }

  /** Nothing registered any more: the stream and the listeners go. */
  get empty(): boolean {
    return this.targets.size === 0;
  }

  close(): void {
    clearTimeout(this.timer);
    this.observer.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.open([]);
  }

  private intersected(entries: IntersectionObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      if (!this.targets.has(entry.target)) continue;
      const before = this.visible.has(entry.target);
      if (entry.isIntersecting) this.visible.add(entry.target);
      else this.visible.delete(entry.target);
      if (before !== entry.isIntersecting) this.targets.get(entry.target)!.inView(entry.isIntersecting);
      changed ||= before !== entry.isIntersecting;
    }
    if (changed) this.schedule();
  }

  private schedule(delayMs = REOPEN_DELAY_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(this.wanted()), delayMs);
  }

  /** The lanes in view, in page order, at most what one stream takes; none while the page is hidden. */
  private wanted(): string[] {
    if (document.visibilityState === 'hidden') return [];
    const lanes = new Set<string>();
    for (const [element, { lane }] of this.targets) if (this.visible.has(element) && lane) lanes.add(lane);
    return [...lanes].slice(0, MAX_PREVIEW_LANES);
  }

  private open(lanes: string[]): void {
    const key = lanes.join(',');
    if (key === this.following && (this.source || lanes.length === 0)) return;
    this.source?.close();
    this.source = undefined;
    this.following = key;
    document.documentElement.dataset.previewLanes = key;
    if (lanes.length === 0) return;
    const query = `lanes=${lanes.map(encodeURIComponent).join(',')}&key=${encodeURIComponent(this.token)}`;
    const source = new EventSource(`${this.base}${API_BASE_PATH}/admin/preview?${query}`);
    this.source = source;
    source.addEventListener(PREVIEW_EVENT, (event) => {
      const { lane, state } = JSON.parse((event as MessageEvent<string>).data) as LanePreview;
      for (const target of this.targets.values()) if (target.lane === lane) target.show(state);
    });
    source.addEventListener('error', () => {
      // Refused (429, 503) or cut: EventSource gives up; try again a while later.
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.source = undefined;
      this.following = '';
      this.schedule(RETRY_MS);
    });
  }
}

const byCredentials = new Map<string, PreviewStreams>();

/** The page's preview stream for this hub and token (one per page; made on first use). */
export function previewStreamsFor(base: string, token: string): PreviewStreams {
  const key = `${base}\n${token}`;
  for (const [other, streams] of byCredentials) {
    // Signed in again with another token: the old stream goes.
    if (other !== key && streams.empty) {
      streams.close();
      byCredentials.delete(other);
    }
  }
  let streams = byCredentials.get(key);
  if (!streams) byCredentials.set(key, (streams = new PreviewStreams(base, token)));
  return streams;
}
