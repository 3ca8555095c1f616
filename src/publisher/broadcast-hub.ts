/**
 * The cashier side of the BroadcastChannel transport: the hub core, in the cashier's
 * window, answering the displays of its lane over a BroadcastChannel. Each display that
 * says hello is a subscriber like an SSE stream (its own opening, resume by id); a new
 * display gets the current state at once.
 */
import { Hub, type Subscriber } from '../hub/hub.js';
import { promptReply, type PromptAction } from '../hub/prompt-api.js';
import { DEFAULT_LANE, DEFAULT_HEARTBEAT_MS, broadcastChannelName, isBroadcastMessage, parseFrames, type Command } from '../protocol/index.js';
import { parseResponse, type PromptLine } from './prompt-line.js';
import type { PublishResult } from './publisher.js';

/** Displays a lane keeps answering; the oldest silent one goes first beyond this. */
const MAX_DISPLAYS = 16;

export interface BroadcastHub {
  publish(command: Command): void;
  /** `ask()` over the channel: the same prompt rules as the hub's. */
  readonly prompts: PromptLine;
  readonly displays: number;
  close(): void;
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

  /** What a POST of `action` would answer, as a publish result. */
  const reply = (action: PromptAction, body: unknown): PublishResult => {
    const { status, body: replyBody } = promptReply(hub.prompts, action, laneId, body);
    return status === 200 ? { ok: true, status } : { ok: false, status, error: (replyBody as { message: string }).message };
  };

  channel.onmessage = ({ data }) => {
    if (!isBroadcastMessage(data)) return;
    if (data.type === 'bye') return forget(data.from);
    if (data.type === 'respond') {
      const result = reply('respond', { prompt_id: data.prompt_id, value: data.value });
      return channel.postMessage({ type: 'respond-result', to: data.from, request: data.request, ok: result.ok, error: result.error });
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

  let stopListening: (() => void) | undefined;
  const prompts: PromptLine = {
    async open(onResponse) {
      stopListening?.();
      const subscriber: Subscriber = {
        send: (frame) => {
          for (const message of parseFrames(frame.text)) {
            const answer = 'event' in message && message.event === 'prompt-response' ? parseResponse(message.data) : null;
            if (answer) onResponse(answer);
          }
        },
        close: () => undefined,
      };
      stopListening = hub.prompts.listen(laneId, subscriber);
      return true;
    },
    close() {
      stopListening?.();
      stopListening = undefined;
    },
    post: async (action, body) => reply(action, body),
  };

  return {
    publish: (command) => void hub.publish(laneId, command),
    prompts,
    get displays() {
      return displays.size;
    },
    close() {
      void hub.close();
      channel.close();
      displays.clear();
    },
  };
}
