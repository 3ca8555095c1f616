import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { appendToLog, type LoggedEvent } from '../../sync/event-log.js';
import { INITIAL_DISPLAY_STATE, type ConnectionStatus } from '../../sync/display-state.js';

type Args = { status: ConnectionStatus; secondsSinceLastEvent: number; debug: boolean };

const meta: Meta<Args> = {
  title: 'Elements/display-status',
  component: 'display-status',
  args: { status: 'offline', secondsSinceLastEvent: 42, debug: false },
  argTypes: { status: { control: 'inline-radio', options: ['connecting', 'live', 'stale', 'offline', 'refused'] } },
  render: ({ status, secondsSinceLastEvent, debug }) => html`
    <story-state .state=${{ ...INITIAL_DISPLAY_STATE, status, lastMessageAt: Date.now() - secondsSinceLastEvent * 1000 }}>
      <div style="height:100vh;background:#eef1f5"></div>
      <display-status ?debug=${debug}></display-status>
    </story-state>
  `,
};
export default meta;
type Story = StoryObj<Args>;

export const Connecting: Story = { args: { status: 'connecting' } };
export const Stale: Story = { args: { status: 'stale', secondsSinceLastEvent: 40 } };
export const ConnectionLost: Story = { args: { status: 'offline' } };
export const LiveShowsNothing: Story = { args: { status: 'live' } };
/** The hub refused the stream (401/403): a pairing matter, not the network. */
export const NotPaired: Story = { args: { status: 'refused' } };

let log: readonly LoggedEvent[] = [];
for (const [event, summary] of [
  ['status', 'live'],
  ['connected', 'snapshot'],
  ['bill-update', 'INV-2026-0042 · 4 items · total 131870'],
  ['modal-show', 'payment (html)'],
  ['ping', ''],
] as const) {
  log = appendToLog(log, { at: Date.now(), event, id: event === 'status' || event === 'ping' ? null : String(log.length + 100), summary });
}
export const DebugOverlay: Story = {
  args: { status: 'live', debug: true },
  render: ({ status, debug }) => html`
    <story-state .state=${{ ...INITIAL_DISPLAY_STATE, status }} .log=${log}>
      <div style="height:100vh;background:#eef1f5"></div>
      <display-status ?debug=${debug}></display-status>
    </story-state>
  `,
};
