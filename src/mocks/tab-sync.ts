/**
 * Keeps the mock hubs of several tabs in step (the display in one tab, the cashier
 * simulator in another, both offline): every publish is relayed over a BroadcastChannel,
 * and a tab that opens late asks the others for the current state.
 */
import type { Hub } from '../hub/hub.js';
import type { LaneState } from '../hub/lane-state.js';
import type { Command } from '../protocol/index.js';

type TabMessage =
  | { type: 'publish'; lane: string; command: Command }
  | { type: 'hello' }
  | { type: 'state'; lanes: Record<string, LaneState> };

export function shareAcrossTabs(hub: Hub, channelName = 'pos-customer-display:mock'): () => void {
  const channel = new BroadcastChannel(channelName);
  let relaying = false;
  let synced = false;
  const apply = (lane: string, command: Command) => {
    relaying = true;
    try {
      hub.publish(lane, command);
    } finally {
      relaying = false;
    }
  };
  const unsubscribe = hub.onChange((lane, command) => {
    if (!relaying) channel.postMessage({ type: 'publish', lane, command } satisfies TabMessage);
  });
  channel.onmessage = ({ data }: MessageEvent<TabMessage>) => {
    if (data.type === 'publish') {
      synced = true;
      apply(data.lane, data.command);
    } else if (data.type === 'hello') {
      const lanes = hub.states();
      if (Object.keys(lanes).length) channel.postMessage({ type: 'state', lanes } satisfies TabMessage);
    } else if (data.type === 'state' && !synced) {
      synced = true;
      // Replayed as publishes, so displays already connected to this tab see it too.
      for (const [lane, state] of Object.entries(data.lanes)) {
        if (state.bill) apply(lane, { command: 'update-bill', body: state.bill });
        if (state.modal) apply(lane, { command: 'show-modal', body: state.modal });
        if (state.payment) apply(lane, { command: 'payment', body: state.payment });
      }
    }
  };
  channel.postMessage({ type: 'hello' } satisfies TabMessage);
  return () => {
    unsubscribe();
    channel.close();
  };
}
