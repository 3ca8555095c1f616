/**
 * Chromium's first `Intl` formatter in a page costs 100–330 ms of main-thread time on a weak
 * screen (measured at 4× CPU throttle): ICU loads and builds its locale data once per process.
 * The display's first render formats the bill's amounts, so that cost landed in the bill's
 * frame, the longest task at start. ICU's data is shared by every thread of the page's
 * process, so a throwaway worker that formats one amount pays it off the main thread while
 * the bundle downloads and runs; the render's own formatters then take ~2 ms.
 *
 * Only a head start: where workers are missing or refused (a page's CSP without `data:`
 * workers, Safari), or the worker is not done in time, the main thread pays as before. Nothing
 * waits for it, and nothing it does is seen by the shopper.
 */

/** Set once a warm-up has started in this page (the auto loader and the bundle both ask). */
const STARTED = '__posCustomerDisplayIntlWarm';

/** The worker's whole program: a currency amount and a time, in the locale it is sent, then it ends. */
const WORKER_SOURCE = `onmessage=function(e){try{
new Intl.NumberFormat(e.data,{style:"currency",currency:"IDR"}).format(1);
new Intl.DateTimeFormat(e.data,{hour:"2-digit",minute:"2-digit"}).format(0)
}catch(x){}postMessage(0);close()}`;

export function warmIntlOffMainThread(): void {
  const holder = window as unknown as Record<string, unknown>;
  if (holder[STARTED]) return;
  holder[STARTED] = true;
  try {
    if (typeof Worker !== 'function') return;
    // A data: URL rather than a Blob's: 3–15 ms on the main thread instead of 6–32 (4× CPU).
    const worker = new Worker(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
    const done = () => worker.terminate();
    worker.onmessage = done;
    worker.onerror = (event) => {
      event.preventDefault(); // refused or failed: the main thread formats as it always did
      done();
    };
    worker.postMessage(document.documentElement.lang || navigator.language || 'id');
  } catch {
    // A CSP that refuses data: workers may throw here: the warm-up is optional.
  }
}
