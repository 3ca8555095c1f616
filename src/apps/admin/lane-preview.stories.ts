import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { LanePreviewState } from '../../protocol/fleet.js';
import { cashDialog, qrisPayment, SAMPLE_PROMPTS, SLIDES, typicalBill } from '../../scenarios/samples.js';
import { PromptBody } from '../../protocol/prompts.js';
import './lane-preview.js';
import type { LanePreviewElement } from './lane-preview.js';

type Args = { state: LanePreviewState; theme: 'light' | 'dark' };

const idle: LanePreviewState = { phase: 'idle', bill: null, modal: null, payment: null, prompt: null };
const bill: LanePreviewState = { ...idle, phase: 'bill', bill: typicalBill };

/**
 * The admin page's live preview of a lane, in each state its stream can send (given here
 * with `show()`, as the page's preview stream does). The shop's settings as the display
 * app's configuration gives them.
 */
const meta: Meta<Args> = {
  title: 'Admin/lane-preview',
  component: 'lane-preview',
  args: { state: bill, theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ state, theme }) => html`
    <div style="padding:16px;max-width:358px;font:16px system-ui">
      <lane-preview
        lane="till-2"
        .config=${{ shopName: 'Warung Nusantara', tagline: 'Masakan rumahan sejak 1998', logo: '/media/logo.svg', mirrorStylesheet: '/demo/mirror.css', theme, slides: SLIDES, lanes: {} }}
        ${ref((element) => (element as LanePreviewElement | undefined)?.show(state))}
      ></lane-preview>
    </div>
  `,
};
export default meta;
type Story = StoryObj<Args>;

export const Idle: Story = { args: { state: idle } };
export const Bill: Story = {};
export const PaymentQris: Story = { args: { state: { ...bill, phase: 'payment', payment: qrisPayment('pending') } } };
export const PaymentCashDialog: Story = { args: { state: { ...bill, phase: 'payment', modal: cashDialog } } };
export const Prompt: Story = { args: { state: { ...bill, prompt: PromptBody.parse(SAMPLE_PROMPTS.tip) } } };
export const DarkBill: Story = { args: { theme: 'dark' } };
