import { loadQrEncoder, loadSanitizer, type QrEncoderModule, type SanitizerModule } from './lazy-modules.js';

/**
 * A module loaded on first use: `value` once it has arrived (so renders after that stay
 * synchronous), `load()` to ask for it. A failed load is forgotten, so the next render
 * asks again (a display may have been offline for a moment).
 */
export class LazyModule<T> {
  value: T | undefined;
  private pending: Promise<T> | undefined;

  constructor(private readonly loader: () => Promise<T>) {}

  load(): Promise<T> {
    this.pending ??= this.loader().then(
      (value) => (this.value = value),
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}

export const sanitizer = new LazyModule<SanitizerModule>(loadSanitizer);
export const qrEncoder = new LazyModule<QrEncoderModule>(loadQrEncoder);

/**
 * One element's use of a lazy module: `get()` gives the module or, while it loads,
 * undefined (and re-renders the element when it arrives); `settle()` makes the element's
 * `updateComplete` also wait for that load and the render after it.
 */
export class LazyUse<T> {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly host: { requestUpdate(): void },
    private readonly module: LazyModule<T>,
  ) {}

  get(): T | undefined {
    if (this.module.value) return this.module.value;
    // (No `finally`: Chrome 61 has none.)
    this.pending ??= this.module.load().then(
      () => {
        this.pending = undefined;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        // Shown in the console; the next render asks again.
        this.pending = undefined;
        console.error(error);
      },
    );
    return undefined;
  }

  async settle(updateComplete: () => Promise<boolean>): Promise<boolean> {
    let complete = await updateComplete();
    while (this.pending) {
      await this.pending;
      complete = await updateComplete();
    }
    return complete;
  }
}
