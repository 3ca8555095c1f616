import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { maxTip, type PromptAnswerValue, type PromptShown, type ReceiptAnswer, type TipPrompt } from '../../protocol/index.js';
import type { PromptAnswer, PromptView } from '../../sync/display-state.js';
import { ClockController } from '../clock-controller.js';
import { DisplayElement } from '../display-element.js';
import type { PromptStrings } from '../strings.js';
import { themeTokens } from '../theme.styles.js';
import { answerText, countdownText, fill, type Option, optionsOf } from './prompt-options.js';
import { DIGIT_KEYS, EMAIL_ROWS, ERASE, emailComplete, keyFromKeyboard, phoneComplete, phoneValue, typedAmount, typeKey } from './prompt-entry.js';
import { shopperPromptStyles } from './shopper-prompt.styles.js';

/** What the shopper is doing: choosing an option, or typing on one of the pads. */
type Mode = 'choose' | 'amount' | 'phone' | 'email';

// Declared with the display's other events; re-exported where it has always been.
export type { PromptAnswerDetail } from '../../sync/display-events.js';

/**
 * A question for the shopper (tip, receipt, phone number, confirmation, rating, choice),
 * touch first: big targets, an on-screen keypad for amounts and phone numbers, a small
 * keyboard for email; a physical keyboard works too. Tips show each preset as a percent
 * and as an amount in the bill's currency. The answer is shown as sent, then as received.
 *
 * Shows the `prompt` property when set, else the prompt of the nearest `<display-sync>`
 * (which sends the answer to the hub). Alone, it fires `display-prompt-answer` and shows
 * the `answer` property the page sets.
 *
 * @tag shopper-prompt
 * @summary The shopper answers: tip, receipt, phone, confirm, rating, choice.
 * @event display-prompt-answer - The shopper answered. `detail`: `{prompt_id, value}`.
 * @csspart base - The whole card.
 * @csspart title - The question.
 * @csspart message - The line under it.
 * @csspart countdown - Time left, when the prompt has a timeout.
 * @csspart options - The options' grid.
 * @csspart option - Every option: a `<button data-value="…">`.
 * @csspart entry - What was typed on a pad.
 * @csspart keypad - The numeric pad or the email keyboard.
 * @csspart key - A key of a pad.
 * @csspart send - The send key of a pad.
 * @csspart status - Sending / received.
 * @csspart answer - The answer as sent.
 * @csspart error - Why an answer was not taken.
 */
export class ShopperPrompt extends DisplayElement {
  static override styles = [themeTokens, shopperPromptStyles];

  /** The prompt to show; wins over the context when set (even `null`). */
  @property({ attribute: false }) prompt?: PromptShown | null;

  /** The answer's progress, when used alone (the context's otherwise). */
  @property({ attribute: false }) answer?: PromptAnswer | null;

  @state() private mode: Mode = 'choose';
  @state() private typed = '';
  /** The receipt channel whose address is being typed. */
  @state() private channel: 'email' | 'whatsapp' | 'sms' | null = null;
  private shownId: string | null = null;
  /** When a prompt given by property appeared (the context's view has its own). */
  private shownAt = Date.now();
  private readonly clock = new ClockController(this);

  private get view(): PromptView | null {
    if (this.prompt !== undefined) {
      return this.prompt ? { prompt: this.prompt, shownAt: this.shownAt, answer: this.answer ?? null, closed: false } : null;
    }
    return this.display?.prompt ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this.onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeydown);
  }

  protected override willUpdate(): void {
    const view = this.view;
    const id = view?.prompt.prompt_id ?? null;
    if (id !== this.shownId) {
      // A new question starts on its options, with nothing typed.
      this.shownId = id;
      this.shownAt = Date.now();
      this.mode = view?.prompt.kind === 'phone' ? 'phone' : 'choose';
      this.typed = '';
      this.channel = null;
    }
    this.clock.running = !!view && !view.answer && typeof view.prompt.expires_in_s === 'number';
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // A pad just opened: focus its entry, so a physical keyboard types into it and a
    // screen reader lands on it (the option pressed is gone).
    if (changed.has('mode') && this.mode !== 'choose') (this.renderRoot.querySelector('[part=entry]') as HTMLElement | null)?.focus();
  }

  protected override render() {
    const view = this.view;
    if (!view) return nothing;
    const words = this.words().prompts;
    const { prompt, answer } = view;
    const busy = answer !== null && answer.status !== 'refused';
    return html`
      <section part="base" class="prompt kind-${prompt.kind}" role="dialog" aria-modal="true" aria-labelledby="title" aria-describedby="message">
        <header class="head">
          <h2 id="title" part="title">${prompt.title || words.titles[prompt.kind]}</h2>
          ${prompt.message ? html`<p id="message" part="message">${prompt.message}</p>` : nothing}
          ${busy ? nothing : this.renderCountdown(view, words)}
        </header>
        ${busy ? this.renderStatus(view, words) : this.renderBody(prompt, words)}
        ${answer?.status === 'refused' ? html`<p part="error" class="error" role="alert">${fill(words.notSent, { reason: answer.error ?? '' })}</p>` : nothing}
      </section>
    `;
  }

  private renderCountdown(view: PromptView, words: PromptStrings) {
    const seconds = view.prompt.expires_in_s;
    if (typeof seconds !== 'number') return nothing;
    const left = seconds * 1000 - (this.clock.now - view.shownAt);
    return html`<span part="countdown" class="countdown" role="timer">${fill(words.timeLeft, { time: countdownText(left) })}</span>`;
  }

  private renderStatus({ prompt, answer, closed }: PromptView, words: PromptStrings) {
    const received = answer!.status === 'acknowledged' || closed;
    return html`
      <div part="status" class="status ${received ? 'received' : 'sending'}" role="status" aria-live="polite">
        <span class="mark" aria-hidden="true">${received ? '✓' : '…'}</span>
        <span part="answer" class="answer">${answerText(prompt, answer!.value, this.formatter, this.words())}</span>
        <span class="status-line">${received ? words.received : words.sending}</span>
      </div>
    `;
  }

  private renderBody(prompt: PromptShown, words: PromptStrings) {
    switch (this.mode) {
      case 'amount':
        return this.renderAmountPad(prompt as TipPrompt, words);
      case 'phone':
        return this.renderPhonePad(prompt, words);
      case 'email':
        return this.renderEmailKeyboard(words);
      default:
        return this.renderChoices(optionsOf(prompt, this.formatter, this.words()));
    }
  }

  private renderChoices(options: Option[]) {
    return html`
      <div part="options" class="options count-${options.length}">
        ${repeat(
          options,
          (option) => option.value,
          (option) => html`<button
            part="option"
            class="option ${option.className ?? ''}"
            data-value=${option.value}
            aria-label=${option.label ?? nothing}
            @click=${() => this.choose(option)}
          >
            <span class="option-main">${option.main}</span>
            ${option.detail ? html`<span class="option-detail">${option.detail}</span>` : nothing}
          </button>`,
        )}
      </div>
    `;
  }

  private renderAmountPad(prompt: TipPrompt, words: PromptStrings) {
    const amount = typedAmount(this.typed);
    const max = maxTip(prompt);
    const tooMuch = amount > max;
    const hint = tooMuch ? html`<span class="hint over">${fill(words.atMost, { max: this.money(max) })}</span>` : nothing;
    return this.renderPad(this.money(amount), hint, ['000'], amount > 0 && !tooMuch, () => this.send(amount), words, words.otherAmount);
  }

  private renderPhonePad(prompt: PromptShown, words: PromptStrings) {
    const countryCode = 'country_code' in prompt ? (prompt.country_code as string | null | undefined) : null;
    const shown = html`${countryCode ? html`<span class="prefix">+${countryCode}</span>` : nothing}${this.typed || '\u00a0'}`;
    const send = () => this.sendPhone(phoneValue(this.typed, countryCode));
    return this.renderPad(shown, nothing, [], phoneComplete(prompt, this.typed), send, words, words.phoneNumber);
  }

  /** The numeric pad: what was typed, digits, erase, and back / send. */
  private renderPad(shown: unknown, hint: unknown, extraKeys: string[], complete: boolean, send: () => void, words: PromptStrings, label: string) {
    const keys = [...DIGIT_KEYS, ...extraKeys, '0'];
    const kind = extraKeys.length ? 'amount' : 'phone';
    return html`
      <div part="entry" class="entry ${kind}" tabindex="0" role="textbox" aria-readonly="true" aria-label=${label} aria-live="polite">${shown}</div>
      ${hint}
      <div part="keypad" class="keypad digits">
        ${keys.map((key) => this.renderKey(key, key))}
        ${this.renderKey(ERASE, '⌫', words.erase)}
      </div>
      ${this.renderPadActions(complete, send, words)}
    `;
  }

  private renderEmailKeyboard(words: PromptStrings) {
    return html`
      <div part="entry" class="entry email" tabindex="0" role="textbox" aria-readonly="true" aria-label=${words.emailAddress} aria-live="polite">${this.typed || '\u00a0'}</div>
      <div part="keypad" class="keypad letters">
        ${EMAIL_ROWS.map((row, index) => html`<div class="row">
          ${row.map((key) => this.renderKey(key, key))}${index === EMAIL_ROWS.length - 1 ? this.renderKey(ERASE, '⌫', words.erase) : nothing}
        </div>`)}
      </div>
      ${this.renderPadActions(emailComplete(this.typed), () => this.sendReceipt({ channel: 'email', email: this.typed }), words)}
    `;
  }

  private renderKey(key: string, text: string, label?: string): TemplateResult {
    return html`<button part="key" class="key" data-key=${key} aria-label=${label ?? nothing} @click=${() => this.press(key)}>${text}</button>`;
  }

  private renderPadActions(complete: boolean, send: () => void, words: PromptStrings) {
    // A phone prompt has no options to go back to.
    const canGoBack = this.view?.prompt.kind !== 'phone';
    return html`
      <div class="actions">
        ${canGoBack ? html`<button class="key back" @click=${() => this.back()}>${words.back}</button>` : nothing}
        <button part="send" class="key send" ?disabled=${!complete} @click=${send}>${words.send}</button>
      </div>
    `;
  }

  private readonly onKeydown = (event: KeyboardEvent) => {
    if (this.mode === 'choose' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && this.view?.prompt.kind !== 'phone') return this.back();
    if (event.key === 'Enter') {
      (this.renderRoot.querySelector('[part=send]') as HTMLButtonElement | null)?.click();
      return event.preventDefault();
    }
    const key = keyFromKeyboard(event.key, this.mode === 'email' ? 'email' : 'digits');
    if (key === null) return;
    event.preventDefault();
    this.press(key);
  };

  private press(key: string): void {
    this.typed = typeKey(this.typed, key, this.mode === 'email' ? 254 : 15);
  }

  private back(): void {
    this.mode = 'choose';
    this.typed = '';
    this.channel = null;
  }

  private choose(option: Option): void {
    if (option.opens) {
      this.mode = option.opens;
      this.channel = option.channel ?? null;
      this.typed = '';
      return;
    }
    if (option.answer !== undefined) this.send(option.answer);
  }

  private sendPhone(number: string): void {
    if (this.view?.prompt.kind === 'receipt') this.sendReceipt({ channel: this.channel as 'whatsapp' | 'sms', phone: number });
    else this.send(number);
  }

  private sendReceipt(answer: ReceiptAnswer): void {
    this.send(answer);
  }

  private send(value: PromptAnswerValue): void {
    const view = this.view;
    if (view) this.emit('display-prompt-answer', { prompt_id: view.prompt.prompt_id, value });
  }

  /** Money in this element's locale and currency. */
  private readonly formatter = (amount: number) => this.money(amount);
}
