/**
 * The shopper's prompts when several hub instances share a store (Redis): the same rules
 * as {@link PromptDesk} (one prompt per lane, a new one replaces it, the first valid answer
 * wins, a new bill / clear / approved payment / timeout / cancel closes it), kept in the
 * store's {@link PromptExchange} so a prompt asked on any instance shows on every display of
 * the lane on any instance, and an answer posted anywhere reaches the cashier's
 * `GET /responses` stream wherever it is open.
 *
 * Each instance keeps a copy of the open prompts from the exchange's numbered news (for
 * `/health`, the budget and its displays' frames); a display's opening reads the exchange,
 * or this copy when it already knows newer news. Every instance that knows a prompt sets
 * its timeout: whichever fires first closes it (the exchange lets one close win), so a
 * prompt still closes on time when the instance that asked it is gone.
 */
import { Frame, validateAnswer, type Command, type Prompt, type PromptResponse } from '../protocol/index.js';
import {
  closeFrame,
  closingCommand,
  DEFAULT_MAX_PROMPT_BYTES,
  DEFAULT_PROMPT_TIMEOUT_S,
  notOpenMessage,
  PromptTooLargeError,
  responseFrame,
  showText,
  unrefTimeout,
  type PromptBoard,
  type PromptDeskHost,
  type PromptDeskOptions,
  type RespondOutcome,
  type ScheduleTimeout,
} from './prompt-desk.js';
import type { PromptExchange, PromptNews, SharedPrompt } from './prompt-exchange.js';
import { jsonBytes } from './state-budget.js';
import type { Subscriber } from './stream.js';

/** How long a lane's last news number is kept after its prompt closed (late news for it is then told apart). */
export const CLOSED_MEMORY_MS = 60_000;
/** An answer read as the lane changed under it is checked again this often at most. */
const MAX_ANSWER_ATTEMPTS = 4;

interface Known {
  /** The newest news number of the lane this instance has applied. */
  readonly seq: number;
  readonly open: SharedPrompt | null;
  /** Cancels the open prompt's timeout, or the forgetting of a closed lane. */
  readonly cancelTimer: () => void;
}

export class SharedPromptDesk implements PromptBoard {
  private readonly known = new Map<string, Known>();
  private readonly cashiers = new Map<string, { subscribers: Set<Subscriber>; listening: Promise<void> }>();
  private readonly scheduleTimeout: ScheduleTimeout;
  private readonly maxPromptBytes: number;
  private openBytes = 0;
  private openCount = 0;

  constructor(
    private readonly exchange: PromptExchange,
    private readonly host: PromptDeskHost,
    options: PromptDeskOptions = {},
  ) {
    this.scheduleTimeout = options.scheduleTimeout ?? unrefTimeout;
    this.maxPromptBytes = options.maxPromptBytes ?? DEFAULT_MAX_PROMPT_BYTES;
    exchange.receive(
      (news) => void this.apply(news),
      (lane, response) => this.deliver(lane, response),
      () => {
        for (const [lane, { open }] of this.known) if (open) void this.resync(lane);
        // Answers given meanwhile reached no instance, so they were held: take them for the streams here.
        for (const [lane, { subscribers }] of this.cashiers) void this.takeHeld(lane, subscribers);
      },
    );
  }

  get count(): number {
    return this.openCount;
  }

  get totalBytes(): number {
    return this.openBytes;
  }

  bytesOn(lane: string): number {
    return this.known.get(lane)?.open?.bytes ?? 0;
  }

  lanesOutside(lanes: ReadonlyMap<string, unknown>): number {
    let outside = 0;
    for (const [lane, { open }] of this.known) if (open && !lanes.has(lane)) outside++;
    return outside;
  }

  promptOn(lane: string): Prompt | undefined {
    return this.known.get(lane)?.open?.prompt;
  }

  async ask(lane: string, prompt: Prompt): Promise<number> {
    const bytes = jsonBytes(prompt);
    if (bytes > this.maxPromptBytes) throw new PromptTooLargeError(bytes, this.maxPromptBytes);
    this.host.admitPrompt?.(lane, bytes);
    const now = this.host.now();
    const timeoutS = prompt.timeout_s ?? DEFAULT_PROMPT_TIMEOUT_S;
    const open: SharedPrompt = { prompt, bytes, expiresAt: prompt.timeout_s ? now + prompt.timeout_s * 1000 : null, deadline: now + timeoutS * 1000 };
    let reached = 0;
    // Applied here at once (the same news comes back from the exchange later and is skipped).
    for (const news of await this.exchange.ask(lane, open)) reached = this.apply(news);
    return reached;
  }

  async cancel(lane: string, promptId: string, reason = 'cashier'): Promise<boolean> {
    const news = await this.exchange.close(lane, { promptId, status: 'cancelled', reason });
    if (news) this.apply(news);
    return news !== null;
  }

  async respond(lane: string, promptId: string, value: unknown): Promise<RespondOutcome> {
    for (let attempt = 0; attempt < MAX_ANSWER_ATTEMPTS; attempt++) {
      const { open, openSeq } = await this.exchange.read(lane);
      if (!open || open.prompt.prompt_id !== promptId) break;
      const checked = validateAnswer(open.prompt, value);
      // A refused answer leaves the prompt open: the shopper can try again.
      if (!checked.ok) return { ok: false, status: 400, error: 'invalid_answer', message: checked.message, field: checked.field };
      // Only if it is still the prompt just checked against: of two answers, one wins.
      const news = await this.exchange.close(lane, { promptId, seq: openSeq, status: 'answered', value: checked.value });
      if (news) {
        this.apply(news);
        return { ok: true };
      }
    }
    return { ok: false, status: 409, error: 'prompt_not_open', message: notOpenMessage(promptId, lane) };
  }

  listen(lane: string, subscriber: Subscriber): () => void {
    let entry = this.cashiers.get(lane);
    if (!entry) {
      const listening = this.exchange.listenResponses(lane);
      listening.catch(() => {});
      this.cashiers.set(lane, (entry = { subscribers: new Set(), listening }));
    }
    const { subscribers } = entry;
    subscribers.add(subscriber);
    // Once the lane's answers come here, none can be held any more: take those held till now.
    entry.listening.then(() => this.takeHeld(lane, new Set([subscriber]))).catch(() => {});
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size > 0 || this.cashiers.get(lane) !== entry) return;
      this.cashiers.delete(lane);
      this.exchange.stopResponses(lane);
    };
  }

  async openingText(lane: string): Promise<string> {
    const reading = await this.exchange.read(lane);
    const mine = this.known.get(lane);
    // News already applied here but newer than the read (it raced the read) wins.
    const open = mine && mine.seq > reading.seq ? mine.open : reading.open;
    return open ? showText(open.prompt, open.expiresAt, this.host.now()) : '';
  }

  onCommand(lane: string, command: Command): void {
    const closing = closingCommand(command);
    if (!closing) return;
    const request =
      closing.reason === 'new-bill'
        ? { promptId: null, status: 'cancelled' as const, reason: closing.reason, unlessBill: closing.billId }
        : { promptId: null, status: 'cancelled' as const, reason: closing.reason };
    // The publish has succeeded; the prompt closes right after it (Redis away: its timeout closes it).
    this.exchange.close(lane, request).then(
      (news) => news && this.apply(news),
      () => {},
    );
  }

  close(): void {
    for (const { cancelTimer } of this.known.values()) cancelTimer();
    this.known.clear();
    this.openBytes = 0;
    this.openCount = 0;
    for (const { subscribers } of this.cashiers.values()) for (const subscriber of subscribers) subscriber.close();
    this.cashiers.clear();
  }

  /**
   * A prompt known open here that the exchange no longer has (its close was PUBLISHed while
   * this instance could not hear it): closed on the displays here too, so none keeps
   * showing a question nobody can answer. `timeout` is the only reason it can give.
   */
  private async resync(lane: string): Promise<void> {
    const known = this.known.get(lane);
    if (!known?.open) return;
    const reading = await this.exchange.read(lane).catch(() => null);
    const now = this.known.get(lane);
    if (!reading || now !== known || reading.openSeq === known.seq) return;
    if (reading.open) this.apply({ kind: 'show', lane, seq: reading.seq, open: reading.open });
    else this.apply({ kind: 'close', lane, seq: reading.seq, prompt_id: known.open.prompt.prompt_id, status: 'timeout' });
  }

  /** News from the exchange (made here or elsewhere), unless newer is known: to the lane's displays here. Returns the displays reached. */
  private apply(news: PromptNews): number {
    const before = this.known.get(news.lane);
    if (before && before.seq >= news.seq) return 0;
    before?.cancelTimer();
    if (before?.open) this.countOpen(before.open, -1);
    if (news.kind === 'show') {
      const { lane, open } = news;
      const promptId = open.prompt.prompt_id;
      // Closed already (elsewhere, on time): resync in case that news was lost here.
      const cancelTimer = this.scheduleTimeout(
        () => void this.exchange.close(lane, { promptId, status: 'timeout' }).then((closed) => void (closed ? this.apply(closed) : this.resync(lane)), () => {}),
        Math.max(0, open.deadline - this.host.now()),
      );
      this.known.set(lane, { seq: news.seq, open, cancelTimer });
      this.countOpen(open, 1);
      return this.host.sendToDisplays(lane, new Frame(showText(open.prompt, open.expiresAt, this.host.now())));
    }
    const forget = this.scheduleTimeout(() => this.known.get(news.lane)?.seq === news.seq && this.known.delete(news.lane), CLOSED_MEMORY_MS);
    this.known.set(news.lane, { seq: news.seq, open: null, cancelTimer: forget });
    return this.host.sendToDisplays(news.lane, closeFrame(news.prompt_id, news.status));
  }

  private countOpen(open: SharedPrompt, sign: 1 | -1): void {
    this.openBytes += sign * open.bytes;
    this.openCount += sign;
  }

  /** Answers held for the lane, to these of its cashier streams still open. Redis away: they stay held (for their TTL). */
  private async takeHeld(lane: string, subscribers: ReadonlySet<Subscriber>): Promise<void> {
    const open = [...subscribers].filter((subscriber) => this.cashiers.get(lane)?.subscribers.has(subscriber));
    if (!open.length) return;
    const held = await this.exchange.takeHeld(lane).catch(() => []);
    for (const response of held) for (const subscriber of open) subscriber.send(responseFrame(response));
  }

  /** An answer for a lane whose cashier streams are here. */
  private deliver(lane: string, response: PromptResponse): void {
    const frame = responseFrame(response);
    for (const subscriber of this.cashiers.get(lane)?.subscribers ?? []) subscriber.send(frame);
  }
}
