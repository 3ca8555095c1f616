/**
 * `display-hub.json`: what a shop configures for the display app the hub serves at
 * `/display/`. Every field is optional; a screen with no configuration shows the welcome
 * (or the media folder's slides) in Indonesian with rupiah.
 *
 *   {
 *     "shopName": "Warung Nusantara",
 *     "logo": "logo.svg",                       // a file in --media, or a URL
 *     "tagline": "Masakan rumahan sejak 1998",
 *     "footer": "Wi-Fi: WarungNusantara",
 *     "theme": "auto",                          // light | dark | auto (the screen's setting)
 *     "language": "id",                         // the page's lang: id → Indonesian, else English
 *     "locale": "id-ID", "currency": "IDR",
 *     "slideInterval": 6000, "thanksDuration": 5000,
 *     "slides": [{ "src": "promo-1.jpg", "duration": 8000, "alt": "…" },   // absent: the media folder in name order
 *                { "src": "breakfast.jpg", "days": ["mon", "tue"], "from": "06:00", "to": "11:00" }],
 *     "timeZone": "Asia/Jakarta",               // the shop's clock for schedules (absent: the hub's)
 *     "sleep": { "from": "22:00", "to": "07:00" },   // dimmed and still while idle in these hours
 *     "mirrorStylesheet": "cashier.css",        // the cashier's CSS for mirrored payment dialogs
 *     "offlineCacheMB": 256,
 *     "lanes": { "till-2": { "theme": "dark", "footer": "Kasir 2" } }
 *   }
 *
 * Unknown fields are refused (a typo should not be silently ignored).
 */
import * as z from 'zod/mini';
import { describeFailure, isValidLaneId } from '../../protocol/index.js';
import { closestName } from '../node/closest-name.js';

const Text = (max: number) => z.string({ error: 'expected a string' }).check(z.maxLength(max, { error: `must be at most ${max} characters` }));
const Milliseconds = (min: number, max: number) =>
  z.int({ error: 'expected a whole number of milliseconds' }).check(
    z.gte(min, { error: `must be at least ${min} (ms)` }),
    z.lte(max, { error: `must be at most ${max} (ms)` }),
  );
/** A file of the media folder (`promo-1.jpg`) or a URL (`https://…`, `/…`). */
const MediaRef = z.string({ error: 'expected a file name or URL' }).check(
  z.minLength(1, { error: 'must not be empty' }),
  z.maxLength(2048, { error: 'must be at most 2048 characters' }),
);

const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES = WEEK_DAYS.join(', ');
/** A day of the week, as a shop writes it; a typo gets the day it most likely meant. */
const WeekDay = z.enum(WEEK_DAYS, {
  error: (issue) => {
    if (typeof issue.input !== 'string') return `expected a day name (${DAY_NAMES})`;
    const meant = closestName(issue.input.slice(0, 3), WEEK_DAYS) ?? closestName(issue.input, WEEK_DAYS);
    return `unknown day "${issue.input}"${meant ? ` (did you mean "${meant}"?)` : ''}; days are ${DAY_NAMES}`;
  },
});
const Days = z.array(WeekDay, { error: `expected a list of days such as ["mon", "tue"]` }).check(
  z.minLength(1, { error: 'must list at least one day (leave it out for every day)' }),
  z.maxLength(7, { error: 'at most the 7 days of the week' }),
);
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A time of day on the shop's clock, 24 h; `to` may also be 24:00 (the end of the day). */
const TimeOfDay = (endOfDay: boolean) =>
  z.string({ error: 'expected HH:MM (24 h), such as 06:00' }).check(
    z.refine((time) => CLOCK.test(time) || (endOfDay && time === '24:00'), { error: 'expected HH:MM (24 h), such as 06:00' }),
  );
/** `from` equal to `to` would mean nothing or everything: ask for what was meant (00:00 to 24:00 is the whole day). */
const distinctTimes = <T extends { from?: string; to?: string }>() =>
  z.refine<T>((window) => (window.from ?? '00:00') !== (window.to ?? '24:00'), {
    error: 'must differ from "from" (00:00 to 24:00 is the whole day)',
    path: ['to'],
  });

export const SlideConfig = z.strictObject({
  src: MediaRef,
  type: z.optional(z.enum(['image', 'video'], { error: 'must be "image" or "video"' })),
  /** ms on screen (images; videos play to their end). */
  duration: z.optional(Milliseconds(500, 3_600_000)),
  alt: z.optional(Text(300)),
  /** Shown only on these days (absent: every day). */
  days: z.optional(Days),
  /** Shown from this time of day (absent: 00:00), on the shop's clock. */
  from: z.optional(TimeOfDay(false)),
  /** Until this time (absent: 24:00); earlier than `from`: past midnight. */
  to: z.optional(TimeOfDay(true)),
}).check(distinctTimes());
export type SlideConfig = z.infer<typeof SlideConfig>;

/** Sleep hours: the screen dims while idle from `from` to `to` (past midnight when `to` is earlier) on `days`. */
export const SleepConfig = z.strictObject({
  from: TimeOfDay(false),
  to: TimeOfDay(true),
  days: z.optional(Days),
}, { error: 'expected {"from": "HH:MM", "to": "HH:MM"}' }).check(distinctTimes());
export type SleepConfig = z.infer<typeof SleepConfig>;

/** What a lane may override: everything that is about one screen. */
const screenFields = {
  shopName: z.optional(Text(120)),
  logo: z.optional(MediaRef),
  tagline: z.optional(Text(200)),
  footer: z.optional(Text(300)),
  theme: z.optional(z.enum(['light', 'dark', 'auto'], { error: 'must be "light", "dark" or "auto"' })),
  language: z.optional(
    z.string({ error: 'expected a language tag' }).check(z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'expected a language tag such as "id" or "en"' })),
  ),
  locale: z.optional(
    z.string({ error: 'expected a locale' }).check(
      z.refine((tag) => isSupportedLocale(tag), { error: 'expected a locale such as "id-ID" or "en-US"' }),
    ),
  ),
  currency: z.optional(z.string({ error: 'expected a currency code' }).check(z.regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code such as "IDR"' }))),
  slideInterval: z.optional(Milliseconds(1000, 3_600_000)),
  thanksDuration: z.optional(Milliseconds(0, 600_000)),
  /** The cashier's CSS for mirrored payment dialogs (a media file or URL). */
  mirrorStylesheet: z.optional(MediaRef),
  slides: z.optional(z.array(SlideConfig, { error: 'expected an array of slides' }).check(z.maxLength(500, { error: 'at most 500 slides' }))),
  /** Sleep hours: dimmed and still while idle; a bill, payment or prompt wakes the screen. */
  sleep: z.optional(SleepConfig),
};

export const LaneConfig = z.strictObject(screenFields);
export type LaneConfig = z.infer<typeof LaneConfig>;

export const DisplayAppConfig = z.strictObject({
  /** An editor's JSON schema hint; ignored. */
  $schema: z.optional(z.string()),
  ...screenFields,
  /** The shop's clock for schedules and sleep hours (IANA, e.g. "Asia/Jakarta"); absent: the hub machine's. */
  timeZone: z.optional(
    z.string({ error: 'expected a time zone' }).check(z.refine(isTimeZone, { error: 'expected an IANA time zone such as "Asia/Jakarta" or "Europe/Berlin"' })),
  ),
  /** Upper bound of what a screen keeps for offline use (media), in MB. */
  offlineCacheMB: z.optional(z.int({ error: 'expected a whole number of MB' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(10_000, { error: 'must be at most 10000' }))),
  lanes: z.optional(
    z.record(
      z.string().check(z.refine(isValidLaneId, { error: 'lane ids are 1-64 letters, digits, ".", "_" or "-"' })),
      LaneConfig,
      { error: 'expected an object of lane ids' },
    ),
  ),
});
export type DisplayAppConfig = z.infer<typeof DisplayAppConfig>;

function isSupportedLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return timeZone.length > 0;
  } catch {
    return false;
  }
}

/** A bad configuration: the first offending field, and every problem (a shop fixes them all at once). */
export interface DisplayConfigFailure {
  ok: false;
  /** Dotted path of the first offending field (`lanes.till-2.theme`). */
  field: string;
  /** Every problem, one line each, in the file's order as zod reports it. */
  problems: string[];
  /** The problems in one line (the first alone when there is only one). */
  message: string;
}

/** Validates a parsed `display-hub.json`; the failure names every bad field (`lanes.till-2.theme`), not only the first. */
export function validateDisplayConfig(input: unknown): { ok: true; value: DisplayAppConfig } | DisplayConfigFailure {
  const result = DisplayAppConfig.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const found: { field: string; message: string }[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown key itself, not the object holding it.
      for (const key of issue.keys) {
        const field = [...issue.path.map(String), key].join('.');
        const meant = closestName(key, fieldsAt(issue.path));
        found.push({ field, message: `${field}: unknown field${meant ? ` (did you mean "${meant}"?)` : ''} (see docs/display-app.md#configuration)` });
      }
      continue;
    }
    // The wire's wording ("is required", the schema's own messages), one issue at a time.
    found.push(describeFailure(issue, input));
  }
  const problems = found.map((problem) => problem.message);
  return { ok: false, field: found[0]!.field, problems, message: problems.join('; ') };
}

/** The fields an object at `path` of the configuration may have: a slide's, sleep hours', a lane's, or the top level's. */
function fieldsAt(path: readonly PropertyKey[]): string[] {
  if (typeof path[path.length - 1] === 'number') return Object.keys(SlideConfig.shape);
  if (path[path.length - 1] === 'sleep') return Object.keys(SleepConfig.shape);
  if (path[0] === 'lanes' && path.length === 2) return Object.keys(LaneConfig.shape);
  return path.length === 0 ? Object.keys(DisplayAppConfig.shape) : [];
}
