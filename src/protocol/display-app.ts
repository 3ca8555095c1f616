/**
 * The display app's configuration as the hub serves it (`/display/config.json`) and the
 * page reads it: the shop's `display-hub.json` with media references turned into URLs.
 * Plain types: the hub validated the file they come from (`hub/display-app/served-config.ts`
 * checks at compile time that a screen here has the fields of a screen there).
 */

/** A day of the week in schedules, Monday first. */
export type WeekDay = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ServedSlide {
  src: string;
  type?: 'image' | 'video';
  /** ms on screen (images; videos play to their end). */
  duration?: number;
  alt?: string;
  /** Shown only on these days (absent: every day), on the shop's clock (`ServedConfig.timeZone`). */
  days?: WeekDay[];
  /** "HH:MM" (24 h): shown from (absent: 00:00). */
  from?: string;
  /** "HH:MM": shown until (absent: 24:00); earlier than `from`: past midnight, as part of the day it started. */
  to?: string;
}

/** Sleep hours: the screen dims while idle from `from` to `to` on `days` (absent: every day). */
export interface ServedSleep {
  from: string;
  to: string;
  days?: WeekDay[];
}

/** What one screen shows: the shop's settings, or a lane's overrides of them. */
export interface ServedScreen {
  shopName?: string;
  /** A URL (a file of the media folder is served under `/media/`). */
  logo?: string;
  tagline?: string;
  footer?: string;
  theme?: 'light' | 'dark' | 'auto';
  language?: string;
  locale?: string;
  currency?: string;
  slideInterval?: number;
  thanksDuration?: number;
  /** The cashier's CSS for mirrored payment dialogs, as a URL. */
  mirrorStylesheet?: string;
  slides?: ServedSlide[];
  /** Dimmed and still while idle in these hours; a bill, payment or prompt wakes the screen. */
  sleep?: ServedSleep;
}

export interface ServedConfig extends ServedScreen {
  /** The shop's IANA time zone for schedules and sleep hours (the hub's own when the shop named none): every screen keeps the shop's clock. */
  timeZone: string;
  lanes: Record<string, ServedScreen>;
  /** Same-origin media every lane uses: what the service worker keeps for offline use. */
  offlineMedia: string[];
  offlineCacheBytes: number;
}

/**
 * What one screen shows: the shop's settings with its lane's overrides over them (a lane not
 * in `lanes`, or an inherited name such as `constructor`, has none). The display page and the
 * hub's first-bill HTML both read a screen through this.
 */
export function screenOf(config: Partial<ServedConfig>, lane: string): ServedScreen {
  const lanes = config.lanes;
  return Object.assign({}, config, lanes && Object.prototype.hasOwnProperty.call(lanes, lane) ? lanes[lane] : {});
}
