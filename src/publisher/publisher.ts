/**
 * The cashier side: tells the hub what the shopper should see. Built so that a failed or
 * slow display can never slow or fail a sale:
 * - every call resolves (never rejects, never throws) within `timeoutMs`, to a result;
 * - latest wins: one request at a time, and a newer call of the same kind replaces the
 *   queued one, so a burst of 1000 bill updates costs two requests and no lag;
 * - order between kinds is kept (a `clear` is never overtaken by an older bill update).
 * The rules live in `LatestWinsQueue`; this class validates, and sends over HTTP or a
 * BroadcastChannel.
 * Works in browsers and in Node ≥ 20 (global `fetch`).
 */
import { DEFAULT_LANE, COMMAND_SCHEMAS, type Command, type CommandInput, type CommandName, type PromptInput, type PromptOutcome, validate } from '../protocol/index.js';
import { noAnswerMessage, postCommand, type PublishRequest, type HttpTransportOptions } from './http-transport.js';
import { LatestWinsQueue } from './latest-wins-queue.js';
import { PromptAsker } from './prompt-asker.js';
import { HttpPromptLine } from './prompt-line.js';
import { LazyBroadcastHub, type BroadcastHubLoader } from './lazy-broadcast-hub.js';
import type { PublishFailure, PublishResult, SendOptions } from './types.js';

export type { CommandInput, PublishFailure, PublishResult, SendOptions };

export interface DisplayPublisherOptions {
  /** Hub base URL, e.g. `http://127.0.0.1:5000`; `''` for the page's own origin. */
  hub?: string;
  /**
   * `http` (default): POST to the hub. `broadcast`: no server; displays in other windows of
   * this browser (`<display-sync src="broadcast:LANE">`) are served from this window.
   */
  transport?: 'http' | 'broadcast';
  /** Lane (till) to publish to; the hub's default lane when absent. */
  lane?: string;
  /** Bearer token, when the hub requires one. */
  token?: string;
  /** Longest a call may take before it resolves with `ok: false`. Default 1000 ms. */
  timeoutMs?: number;
  /** Called for every failure (also reported in the call's result). */
  onError?: (failure: PublishFailure) => void;
  /** Injectable for tests and unusual runtimes. */
  fetch?: typeof fetch;
}

/** Calls of one kind replace each other; `modal` covers show and hide. */
const KIND: Record<CommandName, string> = {
  'update-bill': 'bill',
  'show-modal': 'modal',
  'hide-modal': 'modal',
  clear: 'clear',
  payment: 'payment',
};

/** Create one with `createDisplayPublisher(options)`. */
export class DisplayPublisher {
  private readonly queue: LatestWinsQueue<PublishRequest, PublishResult>;
  private readonly broadcast: LazyBroadcastHub | undefined;
  private readonly http: HttpTransportOptions;
  private readonly asker: PromptAsker;

  /** `loadBroadcastHub`: for tests (a slow or failing load); the dynamic import otherwise. */
  constructor(
    private readonly options: DisplayPublisherOptions,
    { loadBroadcastHub }: { loadBroadcastHub?: BroadcastHubLoader } = {},
  ) {
    const timeoutMs = options.timeoutMs ?? 1000;
    const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
    const laneQuery = options.lane ? `?lane=${encodeURIComponent(options.lane)}` : '';
    this.http = { base: (options.hub ?? '').replace(/\/+$/, ''), laneQuery, token: options.token, timeoutMs, fetch: doFetch };
    this.broadcast = options.transport === 'broadcast' ? new LazyBroadcastHub(options.lane ?? DEFAULT_LANE, loadBroadcastHub) : undefined;
    this.queue = new LatestWinsQueue<PublishRequest, PublishResult>({
      send: (request, { urgent }) => this.send({ ...request, keepalive: urgent }),
      kindOf: (request) => KIND[request.command],
      resets: (request) => request.command === 'clear',
      // A payment queued behind a request in flight, then a clear: the payment still goes
      // first, or the thank-you would show no change (the shopper's change is in it).
      survivesReset: (request) => request.command === 'payment',
      timeoutMs,
      timedOut: () => ({ ok: false, status: 0, error: noAnswerMessage(timeoutMs) }),
      failed: (error) => ({ ok: false, status: 0, error: String(error) }),
      onFailure: (request, result) => this.report(request.command, result),
    });
    this.asker = new PromptAsker(this.broadcast?.prompts ?? new HttpPromptLine(this.http), () => this.queue.idle());
  }

  /**
   * Asks the shopper (tip, receipt, phone, confirm, rating, choice) on the lane's displays
   * and resolves with `{status: 'answered', value}`, `{status: 'timeout'}` or
   * `{status: 'cancelled', reason}`: never rejects. Sent after what was published before it
   * (a tip prompt follows its bill). Invalid input or an unreachable hub resolve
   * `cancelled` with the reason.
   */
  ask<V = unknown>(prompt: PromptInput): Promise<PromptOutcome<V>> {
    return this.asker.ask(prompt) as Promise<PromptOutcome<V>>;
  }

  /** Takes a question back: its `ask()` resolves `cancelled` (unless the answer was quicker). */
  cancelPrompt(promptId: string): Promise<boolean> {
    return this.asker.cancel(promptId);
  }

  updateBill(bill: CommandInput<'update-bill'>): Promise<PublishResult> {
    return this.publish('update-bill', bill);
  }

  showModal(modal: CommandInput<'show-modal'>): Promise<PublishResult> {
    return this.publish('show-modal', modal);
  }

  hideModal(modal: CommandInput<'hide-modal'> = {}, options: SendOptions = {}): Promise<PublishResult> {
    return this.publish('hide-modal', modal, options);
  }

  /** Clears the display; `reason` defaults to `payment_success` (the thank-you screen). */
  clear(body: CommandInput<'clear'> = {}): Promise<PublishResult> {
    return this.publish('clear', body);
  }

  payment(payment: CommandInput<'payment'>): Promise<PublishResult> {
    return this.publish('payment', payment);
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Requests actually sent so far (coalescing makes this smaller than the calls). */
  get requestsSent(): number {
    return this.queue.requestsSent;
  }

  /** Stops serving broadcast displays (the HTTP transport has nothing to close). */
  close(): void {
    this.asker.close();
    this.broadcast?.close();
  }

  private publish(command: CommandName, input: unknown, { keepalive = false }: SendOptions = {}): Promise<PublishResult> {
    const checked = validate(COMMAND_SCHEMAS[command], input ?? {});
    if (!checked.ok) {
      const result = { ok: false, status: 0, error: `invalid ${command} body: ${checked.message}` };
      this.report(command, result);
      return Promise.resolve(result);
    }
    return this.queue.push({ command, body: input }, { urgent: keepalive });
  }

  private async send(request: PublishRequest): Promise<PublishResult> {
    if (!this.broadcast) return postCommand(this.http, request);
    const checked = validate(COMMAND_SCHEMAS[request.command], request.body);
    if (!checked.ok) return { ok: false, status: 400, error: checked.message };
    // Waits while the hub core loads: the queue keeps later calls (latest wins) behind it.
    return this.broadcast.publish({ command: request.command, body: checked.value } as Command);
  }

  private report(command: CommandName, result: PublishResult): void {
    if (result.ok || !this.options.onError) return;
    try {
      this.options.onError({ ...result, ok: false, command });
    } catch {
      // A broken error handler must not break the sale either.
    }
  }
}

export function createDisplayPublisher(options: DisplayPublisherOptions): DisplayPublisher {
  return new DisplayPublisher(options);
}
