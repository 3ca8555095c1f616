/**
 * Prompts shared through Redis by every instance of a chain (see prompt-scripts.ts for the
 * keys and the atomic changes). One subscribed connection of its own: the news channel
 * always, and a lane's responses channel while a cashier stream of that lane is open here.
 *
 * What Redis holds of a prompt: the open prompt itself (a hash with a TTL a little past its
 * timeout, so none outlives every instance), and an answer only while no instance has a
 * cashier stream for its lane, in a list that expires after {@link HOLD_MS} (the single
 * hub's hold for a reconnecting till) and is deleted when a stream takes it.
 */
import type { Redis } from 'ioredis';
import type { PromptResponse } from '../../../protocol/index.js';
import { HOLD_MS, MAX_HELD_PER_LANE } from '../../prompt-desk.js';
import type { CloseRequest, PromptExchange, PromptNews, PromptReading, SharedPrompt } from '../../prompt-exchange.js';
import { ASK_SCRIPT, CLOSE_SCRIPT } from './prompt-scripts.js';

/** An open prompt's hash outlives its timeout by this much (its instances close it first, on time). */
export const PROMPT_KEY_SLACK_MS = 10_000;
const MAX_ATTEMPTS = 8;

type Script = (...args: string[]) => Promise<Array<number | string> | null>;

export class RedisPromptExchange implements PromptExchange {
  private readonly subscriber: Redis;
  private readonly news: string;
  private onNews: (news: PromptNews) => void = () => {};
  private onResponse: (lane: string, response: PromptResponse) => void = () => {};
  private onReconnect: () => void = () => {};
  private readonly subscribed: Promise<unknown>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.news = `${prefix}:prompts`;
    redis.defineCommand('pcdPromptAsk', { numberOfKeys: 6, lua: ASK_SCRIPT });
    redis.defineCommand('pcdPromptClose', { numberOfKeys: 5, lua: CLOSE_SCRIPT });
    // It queues its SUBSCRIBEs while reconnecting, and subscribes again after.
    this.subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', () => {}); // the main connection reports trouble
    this.subscriber.on('message', (channel: string, text: string) => this.message(channel, text));
    // Back after the connection dropped: news PUBLISHed meanwhile was lost to this instance.
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      if (connectedBefore) this.onReconnect();
      connectedBefore = true;
    });
    this.subscribed = this.subscriber.subscribe(this.news);
    this.subscribed.catch(() => {});
  }

  /** Resolves once the news channel is subscribed: no change made anywhere after is missed. */
  async ready(): Promise<void> {
    await this.subscribed;
  }

  receive(onNews: (news: PromptNews) => void, onResponse: (lane: string, response: PromptResponse) => void, onReconnect?: () => void): void {
    this.onNews = onNews;
    this.onResponse = onResponse;
    if (onReconnect) this.onReconnect = onReconnect;
  }

  async ask(lane: string, open: SharedPrompt): Promise<PromptNews[]> {
    const record = JSON.stringify(open);
    const ttlMs = Math.max(1, Math.ceil(open.deadline - this.now())) + PROMPT_KEY_SLACK_MS;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // The bill the prompt is asked over: a later bill with another id closes it.
      const [rev, bill] = await this.redis.hmget(this.laneKey(lane, 'state'), 'rev', 'bill');
      const billField = bill ? `=${String((JSON.parse(bill) as { bill_id: unknown }).bill_id)}` : '';
      const args = [lane, open.prompt.prompt_id, record, billField, String(ttlMs), rev ?? '', String(HOLD_MS), String(MAX_HELD_PER_LANE)];
      const reply = await this.script('pcdPromptAsk')(...this.keys(lane), this.laneKey(lane, 'state'), ...args);
      if (!reply) continue; // the lane's bill changed meanwhile: read it again
      const [seq, replacedSeq, replacedId] = reply as [number, number, string];
      const made: PromptNews[] = [];
      if (replacedSeq) made.push({ kind: 'close', lane, seq: replacedSeq, prompt_id: replacedId, status: 'cancelled' });
      made.push({ kind: 'show', lane, seq, open });
      return made;
    }
    throw new Error(`lane ${lane} changed under ${MAX_ATTEMPTS} attempts in a row`);
  }

  async close(lane: string, request: CloseRequest): Promise<PromptNews | null> {
    const extra = request.status === 'answered' ? { value: request.value } : request.reason === undefined ? {} : { reason: request.reason };
    const members = JSON.stringify(extra).slice(1, -1);
    const args = [
      lane,
      request.promptId ?? '',
      request.status,
      members ? `,${members}` : '',
      request.seq === undefined ? '' : String(request.seq),
      request.unlessBill === undefined ? '' : `=${request.unlessBill}`,
      String(HOLD_MS),
      String(MAX_HELD_PER_LANE),
    ];
    const reply = await this.script('pcdPromptClose')(...this.keys(lane), ...args);
    if (!reply) return null;
    const [seq, id] = reply as [number, string];
    return { kind: 'close', lane, seq, prompt_id: id, status: request.status };
  }

  async read(lane: string): Promise<PromptReading> {
    const [[, hash], [, counter]] = ((await this.redis.multi().hgetall(this.laneKey(lane, 'prompt')).get(`${this.prefix}:prompt-seq`).exec()) ?? []) as [
      [unknown, Record<string, string>],
      [unknown, string | null],
    ];
    const open = hash.record ? (JSON.parse(hash.record) as SharedPrompt) : null;
    return { seq: Number(counter ?? 0), openSeq: open ? Number(hash.seq) : 0, open };
  }

  async listenResponses(lane: string): Promise<void> {
    await this.subscriber.subscribe(this.laneKey(lane, 'responses'));
  }

  stopResponses(lane: string): void {
    void this.subscriber.unsubscribe(this.laneKey(lane, 'responses')).catch(() => {});
  }

  async takeHeld(lane: string): Promise<PromptResponse[]> {
    const key = this.laneKey(lane, 'answers');
    const [[, held]] = ((await this.redis.multi().lrange(key, 0, -1).del(key).exec()) ?? []) as [[unknown, string[]]];
    return held.map((text) => JSON.parse(text) as PromptResponse);
  }

  shutdown(): void {
    this.subscriber.disconnect();
  }

  private message(channel: string, text: string): void {
    if (channel === this.news) return this.onNews(JSON.parse(text) as PromptNews);
    const lane = channel.slice(`${this.prefix}:lane:`.length, -':responses'.length);
    this.onResponse(lane, JSON.parse(text) as PromptResponse);
  }

  private script(name: 'pcdPromptAsk' | 'pcdPromptClose'): Script {
    const run = (this.redis as unknown as Record<string, Script>)[name]!;
    return (...args) => run.call(this.redis, ...args);
  }

  private keys(lane: string): string[] {
    return [this.laneKey(lane, 'prompt'), `${this.prefix}:prompt-seq`, this.news, this.laneKey(lane, 'responses'), this.laneKey(lane, 'answers')];
  }

  private laneKey(lane: string, kind: 'state' | 'prompt' | 'responses' | 'answers'): string {
    return `${this.prefix}:lane:${lane}:${kind}`;
  }
}
