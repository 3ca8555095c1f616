import { ContextProvider, createContext } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { DisplayStrings } from './strings.js';

/**
 * How a display speaks: the locale and currency of its numbers and money, and overrides of
 * its words. Each part may be unset (the element's default then applies).
 */
export interface DisplayLocale {
  readonly locale?: string;
  readonly currency?: string;
  readonly strings?: Partial<DisplayStrings>;
}

/**
 * The locale a container hands to the display elements it renders, so `<customer-display
 * locale="en-US" currency="USD">` is said once, not passed to every panel. `Symbol.for` so
 * that two copies of this library on one page still find each other.
 */
export const displayLocaleContext = createContext<DisplayLocale>(Symbol.for('pos-customer-display:locale'));

/**
 * Provides `displayLocaleContext` from its host to the elements in the host's shadow DOM (and
 * to its children): what `read()` returns, read at each update of the host. Subscribers are
 * told only when a part changes, so a container's other updates do not re-render its panels.
 */
export class LocaleProvider implements ReactiveController {
  private readonly provider: ContextProvider<typeof displayLocaleContext>;

  constructor(
    host: ReactiveElement,
    private readonly read: () => DisplayLocale,
  ) {
    this.provider = new ContextProvider(host, { context: displayLocaleContext, initialValue: {} });
    host.addController(this);
  }

  /** Before the host renders: its children are created with the value already in place. */
  hostUpdate(): void {
    const next = this.read();
    const current = this.provider.value;
    if (next.locale !== current.locale || next.currency !== current.currency || next.strings !== current.strings) this.provider.setValue(next);
  }
}
