/**
 * The cashier side of the BroadcastChannel transport: the hub core, in the cashier's
 * window, answering the displays of its lane over a BroadcastChannel. Each display that
 * says hello is a subscriber like an SSE stream (its own opening, resume by id); a new
 * display gets the current state at once.
 */
import { Hub, type Subscriber } from '../hub/hub.js';
import { DEFAULT_LANE, DEFAULT_HEARTBEAT_MS, broadcastChannelName, isBroadcastMessage, type Command } from '../protocol/index.js';

/** Displays a lane keeps answering; the oldest silent one goes first beyond this. */
const MAX_DISPLAYS = 16;

export interface BroadcastHub {
  publish(command: Command): void;
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

  channel.onmessage = ({ data }) => {
    if (!isBroadcastMessage(data)) return;
    if (data.type === 'bye') return forget(data.from);
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
