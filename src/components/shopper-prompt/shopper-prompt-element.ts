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

/**
 * Where the focus goes after the next render: the first option (a question opened, or an
 * answer refused), a pad's entry, the answer's status, or the option that opened a pad
 * (by its `data-value`, after Back or Escape).
 */
type FocusTarget = { to: 'first' | 'entry' | 'status' } | { to: 'opener'; value: string };

const FOCUS_SELECTORS = { first: 'button[part=option], [part=entry]', entry: '[part=entry]', status: '[part=status]' } as const;

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
  /** Whether the answer's status was on screen at the last render (instead of the options). */
  private wasBusy = false;
  private focusNext: FocusTarget | null = null;
  /** The option that opened the pad on screen, to return to. */
  private openedBy: string | null = null;
  /** What had the focus before the question opened, given back when it closes. */
  private focusBefore: HTMLElement | null = null;
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
    // Removed with its question (<customer-display> drops the prompt layer): the focus it
    // held has fallen to <body>; give it back to what had it before, if anything did.
    const before = this.focusBefore;
    this.focusBefore = null;
    if (before?.isConnected && (!document.activeElement || document.activeElement === document.body)) before.focus();
  }

  protected override willUpdate(): void {
    const view = this.view;
    const id = view?.prompt.prompt_id ?? null;
    if (id !== this.shownId) {
      this.moveFocusFor(id);
      // A new question starts on its options, with nothing typed.
      this.shownId = id;
      this.shownAt = Date.now();
      this.mode = view?.prompt.kind === 'phone' ? 'phone' : 'choose';
      this.typed = '';
      this.channel = null;
    }
    this.clock.running = !!view && !view.answer && typeof view.prompt.expires_in_s === 'number';
    const busy = !!view && view.answer !== null && view.answer.status !== 'refused';
    // Answered: the options are replaced by the answer's status, which takes the focus (never
    // <body>); refused: the options are back, the first one focused.
    if (view && busy !== this.wasBusy) this.focusNext = { to: busy ? 'status' : 'first' };
    this.wasBusy = busy;
  }

  /**
   * A question opening takes the focus (keyboard users and screen readers land on it, not
   * on <body>); closing gives it back to what had it, when that was something.
   */
  private moveFocusFor(id: string | null): void {
    if (id !== null) {
      if (this.shownId === null) this.focusBefore = this.focusOutside();
      this.focusNext = { to: this.view?.prompt.kind === 'phone' ? 'entry' : 'first' };
      return;
    }
    const before = this.focusBefore;
    this.focusBefore = null;
    this.focusNext = null;
    if (before?.isConnected && this.shadowRoot?.activeElement) before.focus();
  }

  /** The page's focused element when it is not in this prompt (nor <body>). */
  private focusOutside(): HTMLElement | null {
    let active = document.activeElement as HTMLElement | null;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
    if (!active || active === document.body || this.shadowRoot?.contains(active)) return null;
    return active;
  }

  protected override updated(): void {
    const target = this.focusNext;
    if (!target) return;
    this.focusNext = null;
    const root = this.renderRoot as ShadowRoot;
    const found =
      target.to === 'opener'
        ? [...root.querySelectorAll<HTMLElement>('button[part=option]')].find((button) => button.dataset.value === target.value)
        : root.querySelector<HTMLElement>(FOCUS_SELECTORS[target.to]);
    // The dialog itself when the target is missing (a prompt with no options): never <body>.
    (found ?? root.querySelector<HTMLElement>('[part=base]'))?.focus();
  }

  protected override render() {
    const view = this.view;
    if (!view) return nothing;
    const words = this.words().prompts;
    const { prompt, answer } = view;
    const busy = answer !== null && answer.status !== 'refused';
    return html`
      <section
        part="base"
        class="prompt kind-${prompt.kind}"
        role="dialog"
        aria-modal="true"
        tabindex="-1"
        aria-labelledby="title"
        aria-describedby=${prompt.message ? 'message' : nothing}
      >
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
      <div part="status" class="status ${received ? 'received' : 'sending'}" role="status" aria-live="polite" tabindex="-1">
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
    if (this.openedBy !== null) this.focusNext = { to: 'opener', value: this.openedBy };
  }

  private choose(option: Option): void {
    if (option.opens) {
      // The pad's entry takes the focus: a physical keyboard types into it, a screen reader
      // lands on it (the option pressed is gone).
      this.focusNext = { to: 'entry' };
      this.openedBy = option.value;
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
