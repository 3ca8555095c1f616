import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';

type Args = { change: number | null };

const meta: Meta<Args> = {
  title: 'Elements/thank-you-panel',
  component: 'thank-you-panel',
  render: ({ change }) => html`<div style="height:100vh;background:#fff"><thank-you-panel active .change=${change}></thank-you-panel></div>`,
};
export default meta;
type Story = StoryObj<Args>;

export const WithChange: Story = { args: { change: 18130 } };
export const WithoutChange: Story = { args: { change: null } };
