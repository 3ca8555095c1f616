/**
 * `ask()`: shows a prompt on the shopper's screen and resolves with the answer, a timeout
 * or a cancellation, never a rejection (a failed display must not fail a sale). The line
 * to the hub's answers is open only while a question is pending, and opened before the
 * prompt is posted, so no answer can come before anyone listens.
 */
import { validatePrompt, type PromptInput, type PromptOutcome, type PromptResponse } from '../protocol/index.js';
import type { PromptLine } from './prompt-line.js';

/** The hub times a prompt out itself; this much later, `ask()` stops waiting on its own. */
const LOCAL_TIMEOUT_GRACE_MS = 5000;
/** A dropped answer line is opened again this often while questions are pending. */
const REOPEN_MS = 1000;

function outcomeOf(response: PromptResponse): PromptOutcome {
  if (response.status === 'answered') return { status: 'answered', value: response.value };
  if (response.status === 'timeout') return { status: 'timeout' };
  return { status: 'cancelled', reason: response.reason };
}

export class PromptAsker {
  private readonly pending = new Map<string, { resolve: (outcome: PromptOutcome) => void; timer?: ReturnType<typeof setTimeout> }>();
  private listening: Promise<boolean> | null = null;

  /** `before`: resolves when what was published before the question has reached the hub. */
  constructor(
    private readonly line: PromptLine,
    private readonly before: () => Promise<void>,
  ) {}

  async ask(input: PromptInput): Promise<PromptOutcome> {
    const checked = validatePrompt(input);
    if (!checked.ok) return { status: 'cancelled', reason: `invalid prompt: ${checked.message}` };
    const { prompt_id: id, timeout_s } = checked.value;
    if (this.pending.has(id)) return { status: 'cancelled', reason: `prompt ${id} is already being asked` };
    const outcome = new Promise<PromptOutcome>((resolve) => this.pending.set(id, { resolve }));
    if (!(await this.listen())) {
      this.settle(id, { status: 'cancelled', reason: 'the hub cannot be reached' });
      return outcome;
    }
    await this.before();
    const posted = await this.line.post('prompt', input);
    if (!posted.ok) this.settle(id, { status: 'cancelled', reason: posted.error ?? `HTTP ${posted.status}` });
    else if (timeout_s) this.arm(id, timeout_s * 1000 + LOCAL_TIMEOUT_GRACE_MS);
    return outcome;
  }

  /**
   * Takes a pending question back; its `ask()` resolves `cancelled` (or `answered`, when the
   * shopper was quicker). False when it was not pending or the hub had closed it already.
   */
  async cancel(promptId: string): Promise<boolean> {
    if (!this.pending.has(promptId)) return false;
    const result = await this.line.post('cancel-prompt', { prompt_id: promptId });
    // No reply at all: the hub may be gone; stop waiting. A 409 means an answer is on its way.
    if (result.status === 0) this.settle(promptId, { status: 'cancelled', reason: 'cashier' });
    return result.ok;
  }

  /** Questions waiting for an answer. */
  get waiting(): number {
    return this.pending.size;
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { status: 'cancelled', reason: 'closed' });
  }

  private arm(id: string, ms: number): void {
    const entry = this.pending.get(id);
    if (entry) entry.timer = setTimeout(() => this.settle(id, { status: 'timeout' }), ms);
  }

  private listen(): Promise<boolean> {
    this.listening ??= this.line.open(
      (response) => this.settle(response.prompt_id, outcomeOf(response)),
      () => this.reopen(),
    );
    return this.listening;
  }

  /** The line dropped: open it again while questions wait (the hub holds their answers). */
  private reopen(): void {
    this.listening = null;
    if (this.pending.size === 0) return;
    void this.listen().then((open) => {
      if (open) return;
      this.listening = null;
      setTimeout(() => this.pending.size && this.reopen(), REOPEN_MS);
    });
  }

  private settle(id: string, outcome: PromptOutcome): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    entry.resolve(outcome);
    if (this.pending.size === 0) {
      this.listening = null;
      this.line.close();
    }
  }
}
