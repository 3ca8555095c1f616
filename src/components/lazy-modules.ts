/**
 * Code a display needs only at the payment moment, loaded on first use so the first bill
 * paints sooner: the HTML sanitizer (DOMPurify and our rules), the QR encoder, and the
 * schedule reader (a display with sleep hours or scheduled slides). Here as
 * ES module imports (the npm package, bundlers, tests); the drop-in bundle swaps this module
 * for `src/bundle/lazy-chunks.ts`, which loads the same code as classic scripts from beside
 * itself.
 */
export type SanitizerModule = typeof import('./payment-modal-mirror/sanitize-modal-html.js');
export type QrEncoderModule = Pick<typeof import('uqr'), 'encode'>;

/** Scheduled slides and sleep hours: only for a display that has them. */
export type ScheduleModule = typeof import('./schedule-controller.js');

export const loadSchedule = (): Promise<ScheduleModule> => import('./schedule-controller.js');
export const loadSanitizer = (): Promise<SanitizerModule> => import('./payment-modal-mirror/sanitize-modal-html.js');
export const loadQrEncoder = (): Promise<QrEncoderModule> => import('uqr');
