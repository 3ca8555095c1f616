/** Most `nextFrame` waits: a hidden page gets no animation frames, yet its elements must stay current. */
const HIDDEN_PAGE_WAIT_MS = 100;

/** The start of the next animation frame (or, on a page that has none, `hiddenWaitMs` later). */
export function nextFrame(hiddenWaitMs = HIDDEN_PAGE_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      resolve();
    };
    const frame = requestAnimationFrame(done);
    const timer = setTimeout(done, hiddenWaitMs);
  });
}
