/**
 * The cashier simulator's questions to the shopper (issue 18): a tip before payment, the
 * receipt channel after it, and any kind on demand. What comes back is logged with any
 * address masked: even a demo does not print a shopper's email or phone number.
 */
import type { PromptInput, PromptOutcome } from '../src/protocol/index.js';
import type { DisplayPublisher } from '../src/publisher/publisher.js';
import { SAMPLE_PROMPTS } from '../src/scenarios/samples.js';

type Log = (line: string, ok: boolean) => void;

/** `budi@example.com` → `b•••@example.com`; `6281234567890` → `62•••••••7890`. */
export function mask(value: unknown): string {
  if (typeof value === 'string' && value.includes('@')) return value.replace(/^(.)[^@]*/, '$1•••');
  if (typeof value === 'string' && /^\d+$/.test(value)) return value.slice(0, 2) + '•'.repeat(Math.max(0, value.length - 6)) + value.slice(-4);
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${mask(inner)}`)
      .join(', ');
  }
  return String(value);
}

function describe(outcome: PromptOutcome): string {
  if (outcome.status === 'answered') return `answered ${mask(outcome.value)}`;
  return outcome.status === 'cancelled' ? `cancelled (${outcome.reason ?? ''})` : 'timeout';
}

export class CashierPrompts {
  private asking: string | null = null;
  private seq = 0;

  constructor(
    private readonly publisher: DisplayPublisher,
    private readonly log: Log,
  ) {}

  /** Asks and logs; resolves with the outcome. */
  async ask(input: PromptInput): Promise<PromptOutcome> {
    const prompt = { ...input, prompt_id: `${input.prompt_id}-${++this.seq}` } as PromptInput;
    this.asking = prompt.prompt_id;
    this.log(`ask ${prompt.kind} (${prompt.prompt_id}) …`, true);
    const started = performance.now();
    const outcome = await this.publisher.ask(prompt);
    if (this.asking === prompt.prompt_id) this.asking = null;
    this.log(`ask ${prompt.kind} → ${describe(outcome)} (${Math.round(performance.now() - started)} ms)`, outcome.status === 'answered');
    return outcome;
  }

  /** The tip for a bill of `total`: the amount the shopper chose (0 for none, or no answer). */
  async tip(total: number): Promise<number> {
    const outcome = await this.ask({ ...SAMPLE_PROMPTS.tip, amount_base: total, timeout_s: 20 });
    return outcome.status === 'answered' ? Number(outcome.value) : 0;
  }

  receipt(): Promise<PromptOutcome> {
    return this.ask({ ...SAMPLE_PROMPTS.receipt, timeout_s: 20 });
  }

  /** Takes the question on screen back. */
  cancel(): void {
    if (this.asking) void this.publisher.cancelPrompt(this.asking);
  }
}
