/**
 * The cashier side: tells the hub what the shopper should see. Built so that a failed or
 * slow display can never slow or fail a sale:
 * - every call resolves (never rejects, never throws) within `timeoutMs`, to a result;
 * - latest wins: one request at a time, and a newer call of the same kind replaces the
 *   queued one, so a burst of 1000 bill updates costs two requests and no lag;
 * - order between kinds is kept (a `clear` is never overtaken by an older bill update).
 * Works in browsers and in Node ≥ 20 (global `fetch`).
 */
import { DEFAULT_LANE, API_BASE_PATH, COMMAND_SCHEMAS, type Command, type CommandName, validate } from '../protocol/index.js';
import { createBroadcastHub } from './broadcast-hub.js';
import type * as z from 'zod/mini';

/** What a cashier app passes in: the wire bodies, before defaults are applied. */
export type CommandInput<K extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[K]>;

export interface PublishResult {
  /** The hub accepted the state this call asked for. */
  ok: boolean;
  /** HTTP status; 0 when no reply came (network error, timeout, invalid input). */
  status: number;
  /** Why it failed. */
  error?: string;
  /** This call's state was sent by a later call of the same kind (latest wins). */
  coalesced?: boolean;
}

export interface PublishFailure extends PublishResult {
  ok: false;
  /** The endpoint, e.g. `update-bill`. */
  command: CommandName;
}

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

export interface DisplayPublisher {
  updateBill(bill: CommandInput<'update-bill'>): Promise<PublishResult>;
  showModal(modal: CommandInput<'show-modal'>): Promise<PublishResult>;
  hideModal(modal?: CommandInput<'hide-modal'>): Promise<PublishResult>;
  /** Clears the display; `reason` defaults to `payment_success` (the thank-you screen). */
  clear(body?: CommandInput<'clear'>): Promise<PublishResult>;
  payment(payment: CommandInput<'payment'>): Promise<PublishResult>;
  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void>;
  /** Requests actually sent so far (coalescing makes this smaller than the calls). */
  readonly requestsSent: number;
  /** Stops serving broadcast displays (the HTTP transport has nothing to close). */
  close(): void;
}

/** Calls of one kind replace each other; `modal` covers show and hide. */
type Kind = 'bill' | 'modal' | 'clear' | 'payment';
const KIND: Record<CommandName, Kind> = {
  'update-bill': 'bill',
  'show-modal': 'modal',
  'hide-modal': 'modal',
  clear: 'clear',
  payment: 'payment',
};

interface Caller {
  settle: (result: PublishResult) => void;
  /** Its state rides on a later call's request. */
  coalesced: boolean;
  /** Answered already (by its deadline); its failure was reported then. */
  readonly answered: () => boolean;
}

interface Operation {
  kind: Kind;
  command: CommandName;
  body: unknown;
  /** The calls waiting for this request; all but the last were coalesced into it. */
  callers: Caller[];
}

export function createDisplayPublisher(options: DisplayPublisherOptions): DisplayPublisher {
  const timeoutMs = options.timeoutMs ?? 1000;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const base = (options.hub ?? '').replace(/\/+$/, '');
  const broadcast = options.transport === 'broadcast' ? createBroadcastHub(options.lane ?? DEFAULT_LANE) : undefined;
  const laneQuery = options.lane ? `?lane=${encodeURIComponent(options.lane)}` : '';
  const queue: Operation[] = [];
  let inFlight: Operation | undefined;
  let requestsSent = 0;
  const idleWaiters: Array<() => void> = [];

  const report = (command: CommandName, result: PublishResult) => {
    if (result.ok || !options.onError) return;
    try {
      options.onError({ ...result, ok: false, command });
    } catch {
      // A broken error handler must not break the sale either.
    }
  };

  function publish(command: CommandName, input: unknown): Promise<PublishResult> {
    const checked = validate(COMMAND_SCHEMAS[command], input ?? {});
    if (!checked.ok) {
      const result = { ok: false, status: 0, error: `invalid ${command} body: ${checked.message}` };
      report(command, result);
      return Promise.resolve(result);
    }
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: PublishResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      // The caller gets an answer in time even when its request waits behind a slow one;
      // the state itself is still delivered when the hub answers again.
      const deadline = setTimeout(() => {
        const result = { ok: false, status: 0, error: `no answer from the hub within ${timeoutMs} ms` };
        report(command, result);
        settle(result);
      }, timeoutMs);
      enqueue({ kind: KIND[command], command, body: input, callers: [{ settle, coalesced: false, answered: () => settled }] });
    });
  }

  function enqueue(operation: Operation): void {
    if (operation.kind === 'clear') {
      // Clearing resets everything: whatever is still queued is moot.
      const moot = queue.splice(0);
      for (const older of moot) supersede(older);
      operation.callers = [...moot.flatMap((older) => older.callers), ...operation.callers];
      queue.push(operation);
    } else {
      const older = queue.find((queued) => queued.kind === operation.kind);
      if (older) {
        supersede(older);
        older.command = operation.command;
        older.body = operation.body;
        older.callers.push(...operation.callers);
      } else {
        queue.push(operation);
      }
    }
    pump();
  }

  /** A newer call replaces this operation's state; earlier callers were marked already. */
  function supersede(operation: Operation): void {
    const latest = operation.callers[operation.callers.length - 1];
    if (latest) latest.coalesced = true;
  }

  function pump(): void {
    if (inFlight) return;
    const operation = queue.shift();
    if (!operation) {
      for (const wake of idleWaiters.splice(0)) wake();
      return;
    }
    inFlight = operation;
    void send(operation).then((result) => {
      inFlight = undefined;
      // One report per failure: calls that already timed out were reported then.
      if (operation.callers.some((caller) => !caller.answered())) report(operation.command, result);
      for (const caller of operation.callers) caller.settle(caller.coalesced ? { ...result, coalesced: true } : result);
      pump();
    });
  }

  async function send(operation: Operation): Promise<PublishResult> {
    requestsSent++;
    if (broadcast) {
      const checked = validate(COMMAND_SCHEMAS[operation.command], operation.body);
      if (!checked.ok) return { ok: false, status: 400, error: checked.message };
      broadcast.publish({ command: operation.command, body: checked.value } as Command);
      return { ok: true, status: 200 };
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    try {
      const response = await doFetch(`${base}${API_BASE_PATH}/${operation.command}${laneQuery}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(operation.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) {
        void response.body?.cancel().catch(() => {});
        return { ok: true, status: response.status };
      }
      let message = `HTTP ${response.status}`;
      try {
        const reply = (await response.json()) as { message?: string };
        if (reply.message) message = reply.message;
      } catch {
        /* not JSON */
      }
      return { ok: false, status: response.status, error: message };
    } catch (error) {
      const name = (error as Error).name;
      const message = name === 'TimeoutError' || name === 'AbortError' ? `no answer from the hub within ${timeoutMs} ms` : (error as Error).message;
      return { ok: false, status: 0, error: message };
    }
  }

  return {
    updateBill: (bill) => publish('update-bill', bill),
    showModal: (modal) => publish('show-modal', modal),
    hideModal: (modal = {}) => publish('hide-modal', modal),
    clear: (body = {}) => publish('clear', body),
    payment: (payment) => publish('payment', payment),
    idle: () => (inFlight || queue.length ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
    get requestsSent() {
      return requestsSent;
    },
    close: () => broadcast?.close(),
  };
}
