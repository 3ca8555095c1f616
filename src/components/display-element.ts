import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { displayContext } from '../sync/display-context.js';
import { emit, type DisplayEventDetails } from '../sync/display-events.js';
import type { DisplayState } from '../sync/display-state.js';
import { displayLocaleContext, type DisplayLocale } from './display-locale.js';
import { formatMoney } from './format.js';
import { layerStrings, resolveStrings, type DisplayStrings } from './strings.js';

/** What a display speaks when neither the element nor a container above it says. */
const DEFAULT_LOCALE = 'id-ID';
const DEFAULT_CURRENCY = 'IDR';

/**
 * What every visual element shares: the display state from the nearest `<display-sync>`
 * (when there is one); money formatting from `locale` + `currency` and the words of the
 * nearest `lang` with `strings` overrides, each its own or else the one provided by the
 * container that renders it (`<customer-display>`: see `display-locale.ts`); and `emit()`
 * for the display's typed events.
 */
export class DisplayElement extends LitElement {
  /** BCP 47 locale for numbers and money. Unset: the enclosing `<customer-display>`'s, else `id-ID`. */
  @property() locale?: string;

  /** ISO 4217 currency code; IDR is shown without decimals. Unset: the enclosing `<customer-display>`'s, else `IDR`. */
  @property() currency?: string;

  /** Overrides for any of the built-in words, over those of the enclosing `<customer-display>`. */
  @property({ attribute: false }) strings?: Partial<DisplayStrings>;

  /** The state provided by the nearest `<display-sync>`, if any. */
  @consume({ context: displayContext, subscribe: true })
  @state()
  protected display?: DisplayState;

  /** Locale, currency and words provided by the container that renders this element, if any. */
  @consume({ context: displayLocaleContext, subscribe: true })
  @state()
  private providedLocale?: DisplayLocale;

  /** The last layering of word overrides: the same object while neither layer changes. */
  private layered?: { provided?: Partial<DisplayStrings>; own?: Partial<DisplayStrings>; result?: Partial<DisplayStrings> };

  /** This element's own locale, currency and words over the provided ones (unset parts stay unset). */
  protected localeInEffect(): DisplayLocale {
    return { locale: this.locale ?? this.providedLocale?.locale, currency: this.currency ?? this.providedLocale?.currency, strings: this.stringOverrides() };
  }

  private stringOverrides(): Partial<DisplayStrings> | undefined {
    const provided = this.providedLocale?.strings;
    const own = this.strings;
    if (!provided || !own) return own ?? provided;
    if (this.layered?.provided !== provided || this.layered.own !== own) this.layered = { provided, own, result: layerStrings(provided, own) };
    return this.layered.result;
  }

  /** The locale numbers are formatted in. */
  protected get formatLocale(): string {
    return this.locale ?? this.providedLocale?.locale ?? DEFAULT_LOCALE;
  }

  /** The words to render with. */
  protected words(): DisplayStrings {
    return resolveStrings(this, this.stringOverrides());
  }

  protected money(amount: number): string {
    return formatMoney(amount, this.formatLocale, this.currency ?? this.providedLocale?.currency ?? DEFAULT_CURRENCY);
  }

  /** Fires one of the display's events (typed by name, bubbling and composed) from this element. */
  protected emit<K extends keyof DisplayEventDetails>(name: K, detail: DisplayEventDetails[K]): void {
    emit(this, name, detail);
  }
}
