import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { SLIDES } from './samples.js';
import { SCENARIOS } from './scenarios.js';

type Args = { scenario: string; speed: number; theme: 'light' | 'dark' };

/**
 * Each scenario played live: MSW stands in for the hub, `<display-sync>` connects to it
 * exactly as to a real one, and `<customer-display>` follows.
 */
const meta: Meta<Args> = {
  title: 'Scenarios (live, MSW)',
  args: { speed: 1, theme: 'light' },
  argTypes: {
    scenario: { control: 'select', options: SCENARIOS.map((s) => s.name) },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
  render: ({ scenario, speed, theme }) => html`
    <story-scenario scenario=${scenario} speed=${speed}>
      <customer-display theme=${theme} shop-name="Warung Nusantara" logo="/media/logo.svg" mirror-stylesheet="/demo/mirror.css" .slides=${SLIDES}>
        <span slot="footer">Scenario: ${SCENARIOS.find((s) => s.name === scenario)?.description}</span>
      </customer-display>
    </story-scenario>
  `,
};
export default meta;
type Story = StoryObj<Args>;

export const CashSale: Story = { args: { scenario: 'cash-sale' } };
export const QrisSale: Story = { args: { scenario: 'qr-sale' } };
export const Void: Story = { args: { scenario: 'void' } };
export const TwoHundredLineBill: Story = { args: { scenario: 'big-bill' } };
export const ConnectionDropAndRecovery: Story = { args: { scenario: 'connection-drop' } };
export const ShopperAnswers: Story = { args: { scenario: 'shopper-answers' } };
