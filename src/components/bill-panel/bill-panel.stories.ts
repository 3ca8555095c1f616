import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { discountedBill, longNamesBill, oneLineBill, twoHundredLineBill, typicalBill } from '../../scenarios/samples.js';
import type { Bill } from '../../protocol/index.js';

type Args = { bill: Bill | null; locale: string; currency: string; theme: 'light' | 'dark' };

const meta: Meta<Args> = {
  title: 'Elements/bill-panel',
  component: 'bill-panel',
  args: { bill: typicalBill, locale: 'id-ID', currency: 'IDR', theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ bill, locale, currency, theme }) => html`
    <div style="height: 100vh; box-sizing: border-box; padding: 2vmin; background: var(--display-page);" data-theme=${theme}>
      <bill-panel .bill=${bill} locale=${locale} currency=${currency}>
        <p slot="empty" style="display:grid;place-items:center;height:100%;font-size:2rem;color:#5b6472">Selamat datang</p>
      </bill-panel>
    </div>
  `,
  decorators: [
    (story, { args }) =>
      args.theme === 'dark'
        ? html`<div style="--display-page:#0b0e12;--display-background:#151a21;--display-surface:#1c232c;--display-text:#eef2f6;--display-muted:#9aa6b5;--display-accent:#3fd3a6;--display-border:#2a323d;--display-negative:#ff8a80">${story()}</div>`
        : html`<div style="--display-page:#eef1f5">${story()}</div>`,
  ],
};
export default meta;
type Story = StoryObj<Args>;

export const Empty: Story = { args: { bill: null } };
export const OneLine: Story = { args: { bill: oneLineBill } };
export const Typical: Story = {};
export const WithDiscount: Story = { args: { bill: discountedBill } };
export const LongIndonesianNamesAndNotes: Story = { args: { bill: longNamesBill } };
export const TwoHundredLines: Story = { args: { bill: twoHundredLineBill } };
export const Dark: Story = { args: { theme: 'dark', bill: discountedBill } };
export const UsDollars: Story = {
  args: { locale: 'en-US', currency: 'USD', bill: { ...typicalBill, items: typicalBill.items.map((i) => ({ ...i, subtotal: i.subtotal / 15000 })), subtotal: 8.79, tax: 0.97, total: 9.76 } },
  globals: { lang: 'en' },
};
