import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { SLIDES } from '../../scenarios/samples.js';
import { zoneAtHour } from '../../scenarios/shop-clock.js';
import type { SlideDefinition } from './slides.js';

/** `shopHour`: the hour the shop's clock reads, for the scheduled slides. */
type Args = { interval: number; shopHour: number };

const meta: Meta<Args> = {
  title: 'Elements/idle-slideshow',
  component: 'idle-slideshow',
  args: { interval: 3000, shopHour: 8 },
};
export default meta;
type Story = StoryObj<Args>;

export const SlottedImages: Story = {
  render: ({ interval }) => html`<idle-slideshow interval=${interval} style="height:100vh">
    ${SLIDES.map((slide) => html`<img src=${slide.src} alt=${slide.alt} />`)}
  </idle-slideshow>`,
};
export const SlidesProperty: Story = {
  render: ({ interval }) => html`<idle-slideshow interval=${interval} .slides=${SLIDES} style="height:100vh"></idle-slideshow>`,
};
export const AnyElementAndABrokenImage: Story = {
  render: ({ interval }) => html`<idle-slideshow interval=${interval} style="height:100vh">
    <div style="display:grid;place-items:center;background:#0b7a5f;color:#fff;font:800 8vmin system-ui">Selamat datang!</div>
    <img src="data:image/png;base64,AAAA" alt="skipped: it does not load" />
    <img src=${SLIDES[0]!.src} alt=${SLIDES[0]!.alt} />
  </idle-slideshow>`,
};
/**
 * Slides with days and hours: the coffee promo 06:00–11:00 on weekdays, the set menu
 * 11:00–15:00, the QRIS one from 18:00 to 02:00 (past midnight). Move `shopHour`: only the
 * slides on at that hour play (none: nothing; `<customer-display>` shows its welcome then).
 */
export const ScheduledSlides: Story = {
  argTypes: { shopHour: { control: { type: 'range', min: 0, max: 23, step: 1 } } },
  render: ({ interval, shopHour }) => {
    const slides: SlideDefinition[] = [
      { ...SLIDES[0]!, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' },
      { ...SLIDES[1]!, from: '11:00', to: '15:00' },
      { ...SLIDES[2]!, from: '18:00', to: '02:00' },
    ];
    return html`<p style="margin:0 0 8px;font:14px system-ui">Shop clock: ${String(shopHour).padStart(2, '0')}:xx (${zoneAtHour(shopHour)})</p>
      <idle-slideshow interval=${interval} .slides=${slides} time-zone=${zoneAtHour(shopHour)} style="height:80vh"></idle-slideshow>`;
  },
};
