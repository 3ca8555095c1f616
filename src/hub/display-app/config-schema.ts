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
 *     "slides": [{ "src": "promo-1.jpg", "duration": 8000, "alt": "…" }],   // absent: the media folder in name order
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

export const SlideConfig = z.strictObject({
  src: MediaRef,
  type: z.optional(z.enum(['image', 'video'], { error: 'must be "image" or "video"' })),
  /** ms on screen (images; videos play to their end). */
  duration: z.optional(Milliseconds(500, 3_600_000)),
  alt: z.optional(Text(300)),
});
export type SlideConfig = z.infer<typeof SlideConfig>;

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
};

export const LaneConfig = z.strictObject(screenFields);
export type LaneConfig = z.infer<typeof LaneConfig>;

export const DisplayAppConfig = z.strictObject({
  /** An editor's JSON schema hint; ignored. */
  $schema: z.optional(z.string()),
  ...screenFields,
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

/** The fields an object at `path` of the configuration may have: a slide's, a lane's, or the top level's. */
function fieldsAt(path: readonly PropertyKey[]): string[] {
  if (typeof path[path.length - 1] === 'number') return Object.keys(SlideConfig.shape);
  if (path[0] === 'lanes' && path.length === 2) return Object.keys(LaneConfig.shape);
  return path.length === 0 ? Object.keys(DisplayAppConfig.shape) : [];
}
