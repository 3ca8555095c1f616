/**
 * The prompts open on each lane, and the cashiers waiting for their answers, in this
 * process (a hub whose store shares prompts between instances uses `SharedPromptDesk`
 * instead, with the same rules). Nothing here is lane state: a prompt is never journaled or
 * replayed, its frames carry no event id (so they never move a display's `Last-Event-ID`),
 * and an answer lives only until it is delivered to the cashier's `GET /responses` stream
 * (or for {@link HOLD_MS} when no stream is open, then forgotten).
 *
 * One prompt per lane at a time: a new one replaces (cancels) the open one. The first
 * valid answer wins; every display of the lane gets `prompt-close`.
 *
 * Prompts take memory a cashier's client chooses: each is bounded in size
 * ({@link DEFAULT_MAX_PROMPT_BYTES}), counted in its lane's and the process's state budget
 * while open (the host's `admitPrompt`), and closes by itself after
 * {@link DEFAULT_PROMPT_TIMEOUT_S} when the cashier set no timeout, so none is held forever.
 */
import {
  formatSseFrame,
  Frame,
  validateAnswer,
  type Command,
  type Prompt,
  type PromptCloseReason,
  type PromptResponse,
} from '../protocol/index.js';
import { BudgetError, jsonBytes } from './state-budget.js';
import type { MaybePromise } from './store/store.js';
import type { Subscriber } from './stream.js';

/** How long an answer waits for a cashier stream when none is open (a reconnecting till). */
export const HOLD_MS = 30_000;
/** Answers held per lane at most (the oldest go first): a till reconnecting misses a prompt or two, never dozens. */
export const MAX_HELD_PER_LANE = 16;

/**
 * A prompt's JSON at most. The largest real one (a choice of 6 options with title and
 * message) is under 2 KiB; the rest of 16 KiB is room for a client's extra fields.
 */
export const DEFAULT_MAX_PROMPT_BYTES = 16 * 1024;

/**
 * A prompt asked without `timeout_s` closes (`timeout`) after this: a shopper answers within
 * a minute or two, and a till that forgot its prompt must not hold the memory for ever.
 * Displays are not told (no countdown the cashier did not ask for).
 */
export const DEFAULT_PROMPT_TIMEOUT_S = 120;

/** A prompt larger than `--max-prompt`: 413. */
export class PromptTooLargeError extends BudgetError {
  readonly status = 413;
  readonly code = 'prompt_too_large';
  constructor(bytes: number, max: number) {
    super(`the prompt takes ${bytes} bytes as JSON, above the limit of ${max} bytes (--max-prompt)`);
  }
}

/** Runs `callback` once after `ms`; returns what cancels it. */
export type ScheduleTimeout = (callback: () => void, ms: number) => () => void;

/** Node keeps a process alive for its timers; a prompt's must not. */
export const unrefTimeout: ScheduleTimeout = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
};

/** What the desk needs of the hub. */
export interface PromptDeskHost {
  /** Writes a frame to the lane's open display streams here, stores nothing; returns how many. */
  sendToDisplays(lane: string, frame: Frame): number;
  /** The bill open on the lane now, if any. */
  openBillId(lane: string): string | null;
  now(): number;
  /** Throws a {@link BudgetError} when a prompt of `bytes` (replacing the lane's open one) does not fit. */
  admitPrompt?(lane: string, bytes: number): void;
}

export interface PromptDeskOptions {
  /** With `host.now`, the desk's time (tests pass a fake clock's). */
  scheduleTimeout?: ScheduleTimeout;
  /** A prompt's JSON at most, in bytes. Default {@link DEFAULT_MAX_PROMPT_BYTES}. */
  maxPromptBytes?: number;
}

export type RespondOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 409; error: string; message: string; field?: string };

interface OpenPrompt {
  readonly prompt: Prompt;
  /** Its JSON's bytes, counted in the state budget while it is open. */
  readonly bytes: number;
  /** A bill with another id closes the prompt (null: asked with no bill open). */
  readonly billId: string | null;
  /** When it closes by itself, as told to displays (null: the cashier gave no timeout, displays show no countdown). */
  readonly expiresAt: number | null;
  readonly cancelTimeout: () => void;
}

interface Held {
  readonly response: PromptResponse;
  readonly cancelExpiry: () => void;
}

/**
 * What the hub and the API ask of the shopper's prompts, wherever they are kept: in this
 * process ({@link PromptDesk}, answers at once) or shared by every instance of a chain
 * (`SharedPromptDesk`, through the store: answers once the store has replied).
 */
export interface PromptBoard {
  /** Prompts open now (`/health`). */
  readonly count: number;
  /** Bytes of the open prompts (counted in the state budget). */
  readonly totalBytes: number;
  bytesOn(lane: string): number;
  lanesOutside(lanes: ReadonlyMap<string, unknown>): number;
  /** Shows a prompt (replacing the lane's open one); the displays reached here. Throws (or rejects with) a {@link BudgetError} when refused. */
  ask(lane: string, prompt: Prompt): MaybePromise<number>;
  cancel(lane: string, promptId: string, reason?: string): MaybePromise<boolean>;
  respond(lane: string, promptId: string, value: unknown): MaybePromise<RespondOutcome>;
  listen(lane: string, subscriber: Subscriber): () => void;
  /** The lane's open prompt as a `prompt-show` frame for a display's opening ('' when none); never an answer. */
  openingText(lane: string): MaybePromise<string>;
  onCommand(lane: string, command: Command): void;
  promptOn(lane: string): Prompt | undefined;
  close(): void;
}

export class PromptDesk implements PromptBoard {
  private readonly open = new Map<string, OpenPrompt>();
  private readonly cashiers = new Map<string, Set<Subscriber>>();
  private readonly held = new Map<string, Held[]>();
  private readonly scheduleTimeout: ScheduleTimeout;
  private readonly maxPromptBytes: number;
  private openBytes = 0;

  /** A bare `ScheduleTimeout` is the older form of `{ scheduleTimeout }`. */
  constructor(
    private readonly host: PromptDeskHost,
    options: PromptDeskOptions | ScheduleTimeout = {},
  ) {
    const given = typeof options === 'function' ? { scheduleTimeout: options } : options;
    this.scheduleTimeout = given.scheduleTimeout ?? unrefTimeout;
    this.maxPromptBytes = given.maxPromptBytes ?? DEFAULT_MAX_PROMPT_BYTES;
  }

  /** Prompts open now. */
  get count(): number {
    return this.open.size;
  }

  /** Bytes of the open prompts (counted in the state budget). */
  get totalBytes(): number {
    return this.openBytes;
  }

  /** Bytes of the prompt open on a lane (0: none). */
  bytesOn(lane: string): number {
    return this.open.get(lane)?.bytes ?? 0;
  }

  /** Lanes with an open prompt that are not among `lanes` (a prompt alone keeps a lane in use). */
  lanesOutside(lanes: ReadonlyMap<string, unknown>): number {
    let outside = 0;
    for (const lane of this.open.keys()) if (!lanes.has(lane)) outside++;
    return outside;
  }

  /**
   * Shows a prompt on the lane's displays (replacing the open one). Returns the displays
   * reached. Throws a {@link BudgetError} (nothing changed, the open prompt stays) when it
   * is too large or does not fit the lane's or the hub's budget.
   */
  ask(lane: string, prompt: Prompt): number {
    const bytes = jsonBytes(prompt);
    if (bytes > this.maxPromptBytes) throw new PromptTooLargeError(bytes, this.maxPromptBytes);
    this.host.admitPrompt?.(lane, bytes);
    const before = this.open.get(lane);
    if (before) this.finish(lane, before, 'cancelled', { reason: 'replaced' });
    const timeoutS = prompt.timeout_s ?? DEFAULT_PROMPT_TIMEOUT_S;
    const expiresAt = prompt.timeout_s ? this.host.now() + prompt.timeout_s * 1000 : null;
    const cancelTimeout = this.scheduleTimeout(() => this.expire(lane, prompt.prompt_id), timeoutS * 1000);
    const open: OpenPrompt = { prompt, bytes, billId: this.host.openBillId(lane), expiresAt, cancelTimeout };
    this.open.set(lane, open);
    this.openBytes += bytes;
    return this.host.sendToDisplays(lane, new Frame(this.showText(open)));
  }

  /** The cashier takes the prompt back. False when it is not open (answered, timed out). */
  cancel(lane: string, promptId: string, reason = 'cashier'): boolean {
    const open = this.open.get(lane);
    if (!open || open.prompt.prompt_id !== promptId) return false;
    this.finish(lane, open, 'cancelled', { reason });
    return true;
  }

  /** A display's answer: checked against the prompt; the first valid one closes it. */
  respond(lane: string, promptId: string, value: unknown): RespondOutcome {
    const open = this.open.get(lane);
    if (!open || open.prompt.prompt_id !== promptId) return { ok: false, status: 409, error: 'prompt_not_open', message: notOpenMessage(promptId, lane) };
    const checked = validateAnswer(open.prompt, value);
    // A refused answer leaves the prompt open: the shopper can try again.
    if (!checked.ok) return { ok: false, status: 400, error: 'invalid_answer', message: checked.message, field: checked.field };
    this.finish(lane, open, 'answered', { value: checked.value });
    return { ok: true };
  }

  /** A cashier's `GET /responses` stream: answers held for the lane go out at once. */
  listen(lane: string, subscriber: Subscriber): () => void {
    let set = this.cashiers.get(lane);
    if (!set) this.cashiers.set(lane, (set = new Set()));
    set.add(subscriber);
    const held = this.held.get(lane) ?? [];
    this.held.delete(lane);
    for (const { response, cancelExpiry } of held) {
      cancelExpiry();
      subscriber.send(responseFrame(response));
    }
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.cashiers.get(lane) === set) this.cashiers.delete(lane);
    };
  }

  /**
   * What a display opening a stream now must see after its opening: the open prompt, if
   * any (a screen switched on mid-question can answer it). Never an answer.
   */
  openingText(lane: string): string {
    const open = this.open.get(lane);
    return open ? this.showText(open) : '';
  }

  /** After every publish on a lane: a new bill, a clear or an approved payment closes its prompt. */
  onCommand(lane: string, command: Command): void {
    const open = this.open.get(lane);
    if (!open) return;
    const reason = closingReason(open, command);
    if (reason) this.finish(lane, open, 'cancelled', { reason });
  }

  /** The prompt open on a lane (for tests and `/lanes`). */
  promptOn(lane: string): Prompt | undefined {
    return this.open.get(lane)?.prompt;
  }

  /** Forgets everything (the hub is closing). */
  close(): void {
    for (const open of this.open.values()) open.cancelTimeout();
    for (const list of this.held.values()) for (const { cancelExpiry } of list) cancelExpiry();
    this.open.clear();
    this.openBytes = 0;
    this.held.clear();
    for (const set of this.cashiers.values()) for (const subscriber of set) subscriber.close();
    this.cashiers.clear();
  }

  private expire(lane: string, promptId: string): void {
    const open = this.open.get(lane);
    if (open && open.prompt.prompt_id === promptId) this.finish(lane, open, 'timeout', {});
  }

  private finish(lane: string, open: OpenPrompt, status: PromptCloseReason, extra: { value?: unknown; reason?: string }): void {
    open.cancelTimeout();
    this.open.delete(lane);
    this.openBytes -= open.bytes;
    const prompt_id = open.prompt.prompt_id;
    this.host.sendToDisplays(lane, closeFrame(prompt_id, status));
    this.deliver(lane, { prompt_id, status, ...extra });
  }

  /** To the lane's cashier streams; held briefly when none is open. */
  private deliver(lane: string, response: PromptResponse): void {
    const cashiers = this.cashiers.get(lane);
    if (cashiers?.size) {
      const frame = responseFrame(response);
      for (const subscriber of cashiers) subscriber.send(frame);
      return;
    }
    const list = this.held.get(lane) ?? [];
    const cancelExpiry = this.scheduleTimeout(() => {
      const rest = (this.held.get(lane) ?? []).filter((entry) => entry.response !== response);
      if (rest.length) this.held.set(lane, rest);
      else this.held.delete(lane);
    }, HOLD_MS);
    const kept = [...list, { response, cancelExpiry }];
    // Asking and cancelling in a loop with no cashier listening must not pile answers up.
    for (const dropped of kept.splice(0, Math.max(0, kept.length - MAX_HELD_PER_LANE))) dropped.cancelExpiry();
    this.held.set(lane, kept);
  }

  private showText(open: OpenPrompt): string {
    return showText(open.prompt, open.expiresAt, this.host.now());
  }
}

/** A `prompt-show` frame, written per send (not cached): `expires_in_s` is what is left now. */
export function showText(prompt: Prompt, expiresAt: number | null, now: number): string {
  const expires_in_s = expiresAt === null ? undefined : Math.max(0, Math.round((expiresAt - now) / 1000));
  return formatSseFrame({ event: 'prompt-show', data: { ...prompt, expires_in_s } });
}

/** The `prompt-close` frame every display of the lane gets (never the answer). */
export function closeFrame(prompt_id: string, status: PromptCloseReason): Frame {
  return new Frame(formatSseFrame({ event: 'prompt-close', data: { prompt_id, reason: status } }));
}

export function notOpenMessage(promptId: string, lane: string): string {
  return `prompt ${promptId} is not open on lane ${lane} (answered, timed out or cancelled)`;
}

function closingReason(open: OpenPrompt, command: Command): string | null {
  const reason = closingCommand(command);
  if (reason?.reason !== 'new-bill') return reason?.reason ?? null;
  return open.billId !== null && reason.billId !== open.billId ? 'new-bill' : null;
}

/**
 * Whether a publish may close a lane's prompt, and why: `new-bill` only when the prompt was
 * asked over another bill (`billId`, the new bill's id as the desk keeps them).
 */
export function closingCommand(command: Command): { reason: 'new-bill'; billId: string } | { reason: 'clear' | 'payment-approved' } | null {
  switch (command.command) {
    case 'update-bill':
      return { reason: 'new-bill', billId: String(command.body.bill_id) };
    case 'clear':
      return { reason: 'clear' };
    case 'payment':
      return command.body.status === 'approved' ? { reason: 'payment-approved' } : null;
    default:
      return null;
  }
}

export function responseFrame(response: PromptResponse): Frame {
  return new Frame(formatSseFrame({ event: 'prompt-response', data: response }));
}
