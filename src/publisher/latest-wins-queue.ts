/**
 * The publisher's queue: what makes a slow or dead display unable to slow a sale.
 * - one request at a time;
 * - latest wins: a call of a kind already queued replaces that call's payload in place, and
 *   both calls get the one request's result (the older marked `coalesced`), so a burst of
 *   N calls costs two requests: the one in flight and the last one;
 * - order across kinds is kept, and a reset (a `clear`) makes everything queued before it
 *   moot (but what survives a reset: a payment, whose change the thank-you shows), so it is
 *   never overtaken by an older call;
 * - every call resolves (never rejects) by its deadline, `timeoutMs` after it was made; its
 *   payload is still delivered when the request gets through;
 * - each failure is reported once: at the deadline for a call still waiting then, or when
 *   its request fails, for the calls still waiting then.
 */

export interface Outcome {
  ok: boolean;
  /** This call's payload was sent by a later call of the same kind. */
  coalesced?: boolean;
}

export interface LatestWinsQueueOptions<P, R extends Outcome> {
  /** Sends one payload. Should resolve to a result; a rejection becomes `failed(error)`. */
  send(payload: P, options: { urgent: boolean }): Promise<R>;
  /** Calls of the same kind replace each other. */
  kindOf(payload: P): string;
  /** A payload that makes every queued one moot (it resets what they would have set). */
  resets(payload: P): boolean;
  /** A queued payload a reset leaves in place, sent before it (default: none). */
  survivesReset?(payload: P): boolean;
  /** How long a call may wait for its result. */
  timeoutMs: number;
  /** The result of a call its deadline answered. */
  timedOut(): R;
  /** The result of a request whose `send` rejected. */
  failed(error: unknown): R;
  /** Told once per failure, with the payload that failed. Must not throw. */
  onFailure?(payload: P, result: R): void;
}

interface Call<R> {
  settle(result: R): void;
  /** Its deadline (or its request) answered it already. */
  answered: boolean;
  /** A later call of its kind carries its payload. */
  coalesced: boolean;
}

interface Operation<P, R> {
  payload: P;
  /** The calls this request answers; all but the last were coalesced into it. */
  calls: Array<Call<R>>;
}

export class LatestWinsQueue<P, R extends Outcome> {
  private readonly queue: Array<Operation<P, R>> = [];
  /** The one regular request in flight. */
  private inFlight: Operation<P, R> | undefined;
  /** Urgent requests, sent beside the regular one (the page is going away). */
  private readonly urgentInFlight = new Set<Operation<P, R>>();
  private readonly idleWaiters: Array<() => void> = [];
  private sent = 0;

  constructor(private readonly options: LatestWinsQueueOptions<P, R>) {}

  /**
   * Queues `payload`; resolves with its request's result, or `timedOut()` at the deadline.
   * `urgent`: sent at once, even beside a request in flight (for `pagehide`: the page will
   * not wait), still replacing a queued call of its kind.
   */
  push(payload: P, { urgent = false } = {}): Promise<R> {
    return new Promise<R>((resolve) => {
      const call = this.startCall(payload, resolve);
      const operation = this.merge({ payload, calls: [call] }, urgent);
      if (urgent) this.sendUrgent(operation);
      else this.pump();
    });
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Requests sent so far (coalescing makes this smaller than the calls). */
  get requestsSent(): number {
    return this.sent;
  }

  /** A call with its deadline: answered in time even behind a slow request. */
  private startCall(payload: P, resolve: (result: R) => void): Call<R> {
    const deadline = setTimeout(() => {
      if (call.answered) return;
      const result = this.options.timedOut();
      this.options.onFailure?.(payload, result);
      call.settle(result);
    }, this.options.timeoutMs);
    const call: Call<R> = {
      answered: false,
      coalesced: false,
      settle: (result) => {
        if (call.answered) return;
        call.answered = true;
        clearTimeout(deadline);
        resolve(result);
      },
    };
    return call;
  }

  /**
   * Applies latest-wins: returns the operation that will carry `operation`'s payload, which is
   * queued unless urgent (the caller sends that one itself).
   */
  private merge(operation: Operation<P, R>, urgent: boolean): Operation<P, R> {
    const { kindOf, resets, survivesReset = () => false } = this.options;
    const replaced = resets(operation.payload)
      ? this.queue.filter((queued) => !survivesReset(queued.payload))
      : this.queue.filter((queued) => kindOf(queued.payload) === kindOf(operation.payload));
    const older = replaced[0];
    if (older && !resets(operation.payload) && !urgent) {
      // Same kind: take the older call's place in the queue, so the order across kinds stays.
      markCoalesced(older);
      older.payload = operation.payload;
      older.calls.push(...operation.calls);
      return older;
    }
    for (const moot of replaced) {
      markCoalesced(moot);
      this.remove(moot);
    }
    operation.calls = [...replaced.flatMap((moot) => moot.calls), ...operation.calls];
    if (!urgent) this.queue.push(operation);
    return operation;
  }

  private remove(operation: Operation<P, R>): void {
    const index = this.queue.indexOf(operation);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private pump(): void {
    if (this.inFlight) return;
    const operation = this.queue.shift();
    if (!operation) return this.wakeIdleWaiters();
    this.inFlight = operation;
    void this.send(operation, false).then(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  private sendUrgent(operation: Operation<P, R>): void {
    this.urgentInFlight.add(operation);
    void this.send(operation, true).then(() => {
      this.urgentInFlight.delete(operation);
      this.wakeIdleWaiters();
    });
  }

  /** Sends one request and answers every call it carries; reports its failure once. */
  private async send(operation: Operation<P, R>, urgent: boolean): Promise<void> {
    this.sent++;
    let result: R;
    try {
      result = await this.options.send(operation.payload, { urgent });
    } catch (error) {
      result = this.options.failed(error);
    }
    const waiting = operation.calls.filter((call) => !call.answered);
    // Calls answered at their deadline were reported then.
    if (!result.ok && waiting.length > 0) this.options.onFailure?.(operation.payload, result);
    for (const call of waiting) call.settle(call.coalesced ? { ...result, coalesced: true } : result);
  }

  private isIdle(): boolean {
    return !this.inFlight && this.queue.length === 0 && this.urgentInFlight.size === 0;
  }

  private wakeIdleWaiters(): void {
    if (this.isIdle()) for (const wake of this.idleWaiters.splice(0)) wake();
  }
}

/** A newer call carries this operation's payload now: its latest caller was overtaken. */
function markCoalesced<P, R>(operation: Operation<P, R>): void {
  const latest = operation.calls[operation.calls.length - 1];
  if (latest) latest.coalesced = true;
}
