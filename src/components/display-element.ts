import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { displayContext } from '../sync/display-context.js';
import { emit, type DisplayEventDetails } from '../sync/display-events.js';
import type { DisplayState } from '../sync/display-state.js';
import { formatMoney } from './format.js';
import { resolveStrings, type DisplayStrings } from './strings.js';

/**
 * What every visual element shares: the display state from the nearest `<display-sync>`
 * (when there is one), money formatting from `locale` + `currency`, and the words of the
 * nearest `lang` with per-element overrides.
 */
export class DisplayElement extends LitElement {
  /** BCP 47 locale for numbers and money. */
  @property() locale = 'id-ID';

  /** ISO 4217 currency code. IDR is shown without decimals. */
  @property() currency = 'IDR';

  /** Overrides for any of the built-in words. */
  @property({ attribute: false }) strings?: Partial<DisplayStrings>;

  /** The state provided by the nearest `<display-sync>`, if any. */
  @consume({ context: displayContext, subscribe: true })
  @state()
  protected display?: DisplayState;

  /** The words to render with. */
  protected words(): DisplayStrings {
    return resolveStrings(this, this.strings);
  }

  protected money(amount: number): string {
    return formatMoney(amount, this.locale, this.currency);
  }

  /** Fires one of the display's events (typed by name, bubbling and composed) from this element. */
  protected emit<K extends keyof DisplayEventDetails>(name: K, detail: DisplayEventDetails[K]): void {
    emit(this, name, detail);
  }
}
