/**
 * BroadcastChannel mode's hub core, loaded on demand (`import()`): an HTTP-only cashier
 * page never carries it. Loading starts when the publisher is made (displays already open
 * are answered as soon as it is there); what is published or asked before then waits for
 * it. A failed load is a failed send, as an unreachable hub is over HTTP, and the next
 * send tries the load again (a chunk that failed on a flaky network may load later).
 */
import type { Command, PromptResponse } from '../protocol/index.js';
import type { BroadcastHub, createBroadcastHub } from '../hub/adapters/broadcast-hub.js';
import type { PromptAction, PromptLine } from './prompt-line.js';
import type { PublishResult } from './types.js';

/** What the dynamic import gives; injectable so tests can make it slow or fail. */
export type BroadcastHubLoader = () => Promise<{ createBroadcastHub: typeof createBroadcastHub }>;

export const loadBroadcastHubModule: BroadcastHubLoader = () => import('../hub/adapters/broadcast-hub.js');

const CLOSED = 'the publisher was closed';

type Loaded = { hub: BroadcastHub } | { error: string };

export class LazyBroadcastHub {
  readonly prompts: PromptLine;
  private loading: Promise<Loaded> | undefined;
  private closed = false;

  constructor(
    private readonly lane: string,
    private readonly load: BroadcastHubLoader = loadBroadcastHubModule,
  ) {
    this.prompts = new LazyPromptLine(() => this.ready());
    void this.ready();
  }

  /** Resolves when the command is in this window's hub (the displays get it from there). */
  async publish(command: Command): Promise<PublishResult> {
    const loaded = await this.ready();
    if ('error' in loaded) return { ok: false, status: 0, error: loaded.error };
    loaded.hub.publish(command);
    return { ok: true, status: 200 };
  }

  /** Stops serving displays; a hub still loading is never started. */
  close(): void {
    this.closed = true;
    this.prompts.close();
    void this.loading?.then((loaded) => 'hub' in loaded && loaded.hub.close());
  }

  /** The hub, or why there is none; never rejects. */
  private ready(): Promise<Loaded> {
    if (this.closed) return Promise.resolve({ error: CLOSED });
    this.loading ??= this.load()
      .then(({ createBroadcastHub }): Loaded => (this.closed ? { error: CLOSED } : { hub: createBroadcastHub(this.lane) }))
      // Not loaded (a chunk lost on the network) or not started (no BroadcastChannel here).
      .catch((error: unknown): Loaded => {
        this.loading = undefined; // the next send tries again
        return { error: `the broadcast hub could not start: ${error instanceof Error ? error.message : String(error)}` };
      });
    return this.loading;
  }
}

/** The hub's prompt line once it is loaded; an unloadable hub is an unreachable one. */
class LazyPromptLine implements PromptLine {
  /** Bumped by `close()`: an `open()` still waiting for the hub must not start listening. */
  private generation = 0;
  private line: PromptLine | undefined;

  constructor(private readonly ready: () => Promise<Loaded>) {}

  async open(onResponse: (response: PromptResponse) => void, onLost: () => void): Promise<boolean> {
    const generation = ++this.generation;
    const loaded = await this.ready();
    if ('error' in loaded || generation !== this.generation) return false;
    this.line = loaded.hub.prompts;
    return this.line.open(onResponse, onLost);
  }

  close(): void {
    this.generation++;
    this.line?.close();
    this.line = undefined;
  }

  async post(action: PromptAction, body: unknown): Promise<PublishResult> {
    const loaded = await this.ready();
    if ('error' in loaded) return { ok: false, status: 0, error: loaded.error };
    return loaded.hub.prompts.post(action, body);
  }
}
