/**
 * The page leaving and coming back without a reload, for a connection that must not stay
 * open meanwhile: into the back/forward cache (`pagehide`, then `freeze`) and out of it
 * (`resume`, then `pageshow` with `persisted`), or a background tab frozen and resumed
 * (Page Lifecycle API, where the browser has it). A cached page that keeps its stream open
 * holds one of the browser's 6 connections per host and counts as a display at the hub.
 *
 * No `unload` listener, ever: it keeps a page out of the back/forward cache.
 */
export interface PageLifecycleHandlers {
  /** The page is hidden for good or for now: close what it holds open. Called once per leave. */
  leave(): void;
  /** The page is back (restored from the cache, or unfrozen) after `leave`. */
  back(): void;
}

/** Calls `leave`/`back` as the page goes and returns; returns the function that stops it. */
export function watchPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  // Workers, Node (a feed used outside a page): no page to leave.
  if (typeof addEventListener !== 'function') return () => {};
  let away = false;
  const leave = () => {
    if (away) return;
    away = true;
    handlers.leave();
  };
  const back = () => {
    if (!away) return;
    away = false;
    handlers.back();
  };
  // Only a restored page comes back: the first `pageshow` of a load is not a return.
  const onPageShow = (event: Event) => (event as PageTransitionEvent).persisted && back();
  addEventListener('pagehide', leave);
  addEventListener('pageshow', onPageShow);
  // `freeze`/`resume` fire on the document (Chromium only; elsewhere they never come).
  const doc = typeof document === 'object' ? document : undefined;
  doc?.addEventListener('freeze', leave);
  doc?.addEventListener('resume', back);
  return () => {
    removeEventListener('pagehide', leave);
    removeEventListener('pageshow', onPageShow);
    doc?.removeEventListener('freeze', leave);
    doc?.removeEventListener('resume', back);
  };
}
