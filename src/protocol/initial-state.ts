/**
 * The lane's state carried in the display app's page (`/display/?lane=…`), so the first
 * bill is on screen without waiting for the stream: what a snapshot opening would send
 * (its events, all as of `lastEventId`), for one lane. The display validates the events
 * with the stream's schemas and then opens its stream resuming from `lastEventId`, so the
 * hub sends only what changed since (or a snapshot that replaces the seed).
 */

/** The `<script type="application/json">` element holding it. */
export const INITIAL_STATE_ELEMENT_ID = 'display-initial-state';
/** The one holding the served configuration (`config.json`'s content), so the page need not fetch it first. */
export const CONFIG_ELEMENT_ID = 'display-config';
/** The hub's static copy of the first bill (`src/hub/display-app/first-paint.ts`): removed once the live display has rendered. */
export const FIRST_PAINT_ELEMENT_ID = 'display-first-paint';
/** Comments around that copy in the page, so the service worker can drop it from the page it keeps offline. */
export const FIRST_PAINT_START = '<!--first-paint-->';
export const FIRST_PAINT_END = '<!--/first-paint-->';

/** The events a snapshot opening may carry (nothing else belongs in a seed). */
export const SEED_EVENT_NAMES = ['bill-update', 'modal-show', 'payment-update'] as const;

export interface DisplaySeed {
  /** The lane the state is of (a page for another lane ignores it). */
  readonly lane: string;
  /** The newest event the state covers: the stream resumes from it. */
  readonly lastEventId: string;
  readonly events: ReadonlyArray<{ readonly event: string; readonly data: unknown }>;
}

/**
 * JSON safe inside a `<script>` element: `<`, `>` and `&` as `\u` escapes, so no text
 * (an item's name, say) can close the element or open a comment; JSON.parse gives the
 * text back unchanged. U+2028/2029 too, for engines that treat them as line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
