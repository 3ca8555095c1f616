import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { cashDialog, qrisPayment } from '../../scenarios/samples.js';
import type { ModalShowEvent } from '../../protocol/index.js';

type Args = { modal: ModalShowEvent | null; stylesheet: string };

const meta: Meta<Args> = {
  title: 'Elements/payment-modal-mirror',
  component: 'payment-modal-mirror',
  args: { stylesheet: '/demo/mirror.css' },
  render: ({ modal, stylesheet }) => html`<div style="min-height:100vh;background:#eef1f5"></div><payment-modal-mirror .modal=${modal} stylesheet=${stylesheet}></payment-modal-mirror>`,
};
export default meta;
type Story = StoryObj<Args>;

export const HtmlMode: Story = { args: { modal: cashDialog } };
export const HtmlModeWithoutCashierCss: Story = { args: { modal: cashDialog, stylesheet: '' } };
export const HostileHtmlIsNeutralised: Story = {
  args: {
    modal: {
      visible: true,
      modal_type: 'payment',
      html: `<div class="modal-box"><h2>Pembayaran</h2><img src=x onerror="document.body.style.background='red'"><a href="javascript:alert(1)">link</a><style>*{display:none}</style><p>Total <strong>Rp 27.750</strong></p></div>`,
      data: {},
    },
  },
};
export const DataOnlyUsesStructuredView: Story = { args: { modal: { visible: true, modal_type: 'payment', html: null, data: { total: 27750, payment_method: 'cash', tendered: 50000, change: 22250 } } } };
export const StructuredPayment: Story = {
  render: () => html`<div style="min-height:100vh;background:#eef1f5"></div><payment-modal-mirror .payment=${qrisPayment('pending')}></payment-modal-mirror>`,
};
