/**
 * What a store shared by several hub instances offers for prompts (the `SharesPrompts`
 * capability of store.ts): one open prompt per lane kept where every instance sees it, its
 * changes made atomically there (the first valid answer wins across instances) and told to
 * every instance as numbered news, and the answers carried to whichever instance holds the
 * asking cashier's `GET /responses` stream. Free of Redis: the Redis store's exchange is
 * `store/redis/redis-prompt-exchange.ts`.
 */
import type { Prompt, PromptCloseReason, PromptResponse } from '../protocol/index.js';

/** A prompt as every instance keeps it while it is open. */
export interface SharedPrompt {
  readonly prompt: Prompt;
  /** Its JSON's bytes (the state budget counts them). */
  readonly bytes: number;
  /** When displays are told it closes (ms since the epoch), or null: no countdown shown. */
  readonly expiresAt: number | null;
  /** When it closes by itself (`timeout`), in ms since the epoch. */
  readonly deadline: number;
}

/**
 * A change of a lane's prompt, numbered by the exchange (`seq` grows with every change of
 * any lane): an instance keeps the newest it knows per lane, so news read late never
 * undoes news read early. Never carries an answer.
 */
export type PromptNews =
  | { readonly kind: 'show'; readonly lane: string; readonly seq: number; readonly open: SharedPrompt }
  | { readonly kind: 'close'; readonly lane: string; readonly seq: number; readonly prompt_id: string; readonly status: PromptCloseReason };

/** What closes a lane's prompt, if it is (still) the one meant. */
export interface CloseRequest {
  /** The prompt meant; null: whichever is open (a publish closing it). */
  readonly promptId: string | null;
  /** Only while it is the prompt read as of this news number (an answer checked against it). */
  readonly seq?: number;
  /** Only when it was asked over a bill other than this one (a new bill closes it). */
  readonly unlessBill?: string;
  readonly status: PromptCloseReason;
  /** `cancelled`: why (the cashier, `replaced`, `new-bill`, …). */
  readonly reason?: string;
  /** `answered`: the shopper's checked answer, for the asking cashier only. */
  readonly value?: unknown;
}

/** The lane's prompt as of news number `seq` (every change up to it is reflected). */
export interface PromptReading {
  readonly seq: number;
  /** The news number of the open prompt's `show` (0: none open). */
  readonly openSeq: number;
  readonly open: SharedPrompt | null;
}

export interface PromptExchange {
  /** Opens a prompt on a lane, closing (`replaced`) the open one; the news it made, in order. */
  ask(lane: string, open: SharedPrompt): Promise<PromptNews[]>;
  /** Closes the lane's prompt when the request matches it; its news, or null (nothing open matched). */
  close(lane: string, request: CloseRequest): Promise<PromptNews | null>;
  /** The lane's prompt now. */
  read(lane: string): Promise<PromptReading>;
  /** Starts carrying the lane's answers to this instance (a cashier stream opened here); resolves once nothing can be missed. */
  listenResponses(lane: string): Promise<void>;
  /** Stops it (the lane's last cashier stream here closed). */
  stopResponses(lane: string): void;
  /** The lane's answers held while no instance listened; they are gone from the exchange once taken. */
  takeHeld(lane: string): Promise<PromptResponse[]>;
  /**
   * Where news made anywhere (this instance's too) and answers for lanes listened to here
   * arrive (set once); `onReconnect` after the news could not arrive for a while (the
   * connection was down): what is known may be stale.
   */
  receive(onNews: (news: PromptNews) => void, onResponse: (lane: string, response: PromptResponse) => void, onReconnect?: () => void): void;
  /** Stops receiving (the store is closing). */
  shutdown(): void;
}
