/**
 * The cashier side of the BroadcastChannel transport: the hub core, in the cashier's
 * window, answering the displays of its lane over a BroadcastChannel. Each display that
 * says hello is a subscriber like an SSE stream (its own opening, resume by id); a new
 * display gets the current state at once.
 */
import { Hub } from '../hub.js';
import type { Subscriber } from '../stream.js';
import { promptReply } from '../api/prompt-api.js';
import type { PromptBoard } from '../prompt-desk.js';
import { DEFAULT_LANE, DEFAULT_HEARTBEAT_MS, broadcastChannelName, isBroadcastMessage, type Command, type PromptResponse } from '../../protocol/index.js';
import { responsesIn, type PromptAction, type PromptLine } from '../../publisher/prompt-line.js';
import type { PublishResult } from '../../publisher/types.js';

/** Displays a lane keeps answering; the oldest silent one goes first beyond this. */
const MAX_DISPLAYS = 16;

export interface BroadcastHub {
  publish(command: Command): void;
  /** `ask()` over the channel: the same prompt rules as the hub's. */
  readonly prompts: PromptLine;
  readonly displays: number;
  close(): void;
}

/** `ask()` against the hub core of this window: the same rules and replies as over HTTP. */
class LocalPromptLine implements PromptLine {
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly desk: PromptBoard,
    private readonly lane: string,
  ) {}

  async open(onResponse: (response: PromptResponse) => void): Promise<boolean> {
    this.close();
    const subscriber: Subscriber = { send: (frame) => responsesIn(frame.text).forEach(onResponse), close: () => undefined };
    this.stopListening = this.desk.listen(this.lane, subscriber);
    return true;
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  async post(action: PromptAction, body: unknown): Promise<PublishResult> {
    return this.reply(action, body);
  }

  /** What a POST of `action` would answer, as a publish result. */
  async reply(action: PromptAction | 'respond', body: unknown): Promise<PublishResult> {
    const { status, body: replyBody } = await promptReply(this.desk, action, this.lane, body);
    return status === 200 ? { ok: true, status } : { ok: false, status, error: (replyBody as { message: string }).message };
  }
}

export function createBroadcastHub(lane: string, options: { heartbeatMs?: number } = {}): BroadcastHub {
  const hub = new Hub({ heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS });
  const channel = new BroadcastChannel(broadcastChannelName(lane));
  const displays = new Map<string, () => void>();
  const laneId = lane || DEFAULT_LANE;

  const forget = (id: string) => {
    displays.get(id)?.();
    displays.delete(id);
  };

  const prompts = new LocalPromptLine(hub.prompts, laneId);

  channel.onmessage = ({ data }) => {
    if (!isBroadcastMessage(data)) return;
    if (data.type === 'bye') return forget(data.from);
    if (data.type === 'respond') {
      void prompts.reply('respond', { prompt_id: data.prompt_id, value: data.value }).then((result) =>
        channel.postMessage({ type: 'respond-result', to: data.from, request: data.request, ok: result.ok, error: result.error }),
      );
      return;
    }
    if (data.type !== 'hello') return;
    forget(data.from); // a hello again (after silence) replaces the old subscription
    if (displays.size >= MAX_DISPLAYS) forget(displays.keys().next().value!);
    const to = data.from;
    const subscriber: Subscriber = {
      send: (frame) => channel.postMessage({ type: 'frames', to, text: frame.text }),
      close: () => forget(to),
    };
    displays.set(to, hub.connect(laneId, subscriber, data.lastEventId));
  };
  // A reloaded cashier window has no subscribers: displays that are already open say hello
  // again now rather than after their silence timeout.
  channel.postMessage({ type: 'hub-ready' });

  return {
    publish: (command) => void hub.publish(laneId, command),
    prompts,
    get displays() {
      return displays.size;
    },
    close() {
      prompts.close();
      void hub.close();
      channel.close();
      displays.clear();
    },
  };
}
