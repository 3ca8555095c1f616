import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { cashDialog, cashPayment, qrisPayment, SLIDES, typicalBill } from '../../scenarios/samples.js';
import { zoneAtHour } from '../../scenarios/shop-clock.js';
import { INITIAL_DISPLAY_STATE, type DisplayState } from '../../sync/display-state.js';

/** `shopHour`: the hour the shop's clock reads (its sleep hours are 22:00–07:00); absent: no sleep hours. */
type Args = { state: Partial<DisplayState>; theme: 'light' | 'dark'; shopName: string; shopHour?: number };

/**
 * The whole display in every phase. The state is provided as `<display-sync>` would; the
 * "Scenarios" stories run the same layout live through MSW.
 */
const meta: Meta<Args> = {
  title: 'Layout/customer-display',
  component: 'customer-display',
  args: { theme: 'light', shopName: 'Warung Nusantara', state: {} },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ state, theme, shopName, shopHour }) => html`
    <story-state .state=${{ ...INITIAL_DISPLAY_STATE, status: 'live', ...state }}>
      <customer-display
        theme=${theme}
        shop-name=${shopName}
        tagline="Masakan rumahan sejak 1998"
        logo="/media/logo.svg"
        mirror-stylesheet="/demo/mirror.css"
        .slides=${SLIDES}
        .sleep=${shopHour === undefined ? undefined : { from: '22:00', to: '07:00' }}
        time-zone=${shopHour === undefined ? nothing : zoneAtHour(shopHour)}
      >
        <span slot="footer">Wi-Fi: WarungNusantara · Buka setiap hari 08.00–22.00</span>
      </customer-display>
    </story-state>
  `,
};
export default meta;
type Story = StoryObj<Args>;

const bill = { phase: 'bill', bill: typicalBill } as const;
export const Idle: Story = { args: { state: { phase: 'idle' } } };
export const Bill: Story = { args: { state: bill } };
export const PaymentCashMirrored: Story = { args: { state: { ...bill, phase: 'payment', modal: cashDialog } } };
export const PaymentCashStructured: Story = { args: { state: { ...bill, phase: 'payment', payment: cashPayment } } };
export const PaymentQrisPending: Story = { args: { state: { ...bill, phase: 'payment', payment: qrisPayment('pending') } } };
export const Thanks: Story = { args: { state: { phase: 'thanks', lastClear: { reason: 'payment_success', at: Date.now(), change: 18130 } } } };
export const DarkBill: Story = { args: { theme: 'dark', state: bill } };
export const DarkPayment: Story = { args: { theme: 'dark', state: { ...bill, phase: 'payment', payment: qrisPayment('pending') } } };
export const ConnectionLost: Story = { args: { state: { ...bill, status: 'offline', lastMessageAt: Date.now() - 42_000 } } };
/** A portrait screen (1080×1920, shown at half size): the bill on top, the brand below. */
export const Portrait: Story = {
  args: { state: bill },
  globals: { viewport: { value: 'portrait', isRotated: false } },
};
/** Sleep hours (22:00–07:00) at 23:00 on the shop's clock: dimmed, the slideshow stopped. Move `shopHour` to wake it. */
export const Sleeping: Story = {
  args: { state: { phase: 'idle' }, shopHour: 23 },
  argTypes: { shopHour: { control: { type: 'range', min: 0, max: 23, step: 1 } } },
};
/** The same hour with a bill: awake at once, as long as there is something to show. */
export const SleepHoursWithABill: Story = { args: { state: bill, shopHour: 23 } };
