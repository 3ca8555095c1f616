import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { SLIDES } from '../../scenarios/samples.js';

type Args = { interval: number };

const meta: Meta<Args> = {
  title: 'Elements/idle-slideshow',
  component: 'idle-slideshow',
  args: { interval: 3000 },
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
