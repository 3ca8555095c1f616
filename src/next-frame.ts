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

/**
 * The start of a new task (a message posted to ourselves): the browser may paint and handle
 * input before the work that follows. Not a `setTimeout(0)`: no 4 ms clamp, and tests that
 * fake the timers (a shop clock moved by hand) still see the work done.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
