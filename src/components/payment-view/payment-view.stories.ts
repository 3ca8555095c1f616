import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { cashPayment, expiredQrisPayment, qrisPayment } from '../../scenarios/samples.js';
import type { Payment } from '../../protocol/index.js';

type Args = { payment: Payment };

const meta: Meta<Args> = {
  title: 'Elements/payment-view',
  component: 'payment-view',
  render: ({ payment }) => html`<div style="display:grid;place-items:center;min-height:100vh;background:#eef1f5"><div style="background:#fff;border-radius:1em"><payment-view .payment=${payment}></payment-view></div></div>`,
};
export default meta;
type Story = StoryObj<Args>;

export const CashWithChange: Story = { args: { payment: cashPayment } };
/** Less received than due: what is still owed, never "change Rp 0". */
export const CashShort: Story = { args: { payment: { ...cashPayment, tendered: 100_000, change: 0 } } };
export const QrisPending: Story = { args: { payment: qrisPayment('pending') } };
export const QrisApproved: Story = { args: { payment: qrisPayment('approved') } };
export const QrisDeclined: Story = { args: { payment: qrisPayment('declined', { message: 'Saldo tidak mencukupi' }) } };
export const QrisExpired: Story = { args: { payment: expiredQrisPayment } };
