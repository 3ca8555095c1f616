import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { PromptBody, type PromptInput, type PromptShown } from '../../protocol/index.js';
import { SAMPLE_PROMPTS } from '../../scenarios/samples.js';
import type { PromptAnswer } from '../../sync/display-state.js';
import type { ShopperPrompt } from './shopper-prompt.js';

type Args = { prompt: PromptInput; answer: PromptAnswer | null; lang: 'id' | 'en'; theme: 'light' | 'dark'; expiresIn?: number };

/** Alone (no hub): an answer is shown as sent, then as received a moment later, as a hub would. */
function answerLocally(event: CustomEvent<{ value: unknown }>): void {
  const element = event.target as ShopperPrompt;
  element.answer = { value: event.detail.value, status: 'sending' };
  setTimeout(() => (element.answer = { value: event.detail.value, status: 'acknowledged' }), 600);
}

const shown = (input: PromptInput, expiresIn?: number): PromptShown => ({ ...PromptBody.parse(input), expires_in_s: expiresIn }) as PromptShown;

const meta: Meta<Args> = {
  title: 'Elements/shopper-prompt',
  component: 'shopper-prompt',
  args: { answer: null, lang: 'id', theme: 'light' },
  argTypes: { lang: { control: 'inline-radio', options: ['id', 'en'] }, theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ prompt, answer, lang, theme, expiresIn }) => html`
    <customer-display theme=${theme} lang=${lang} style="min-height:100vh">
      <div slot="idle" style="display:grid;place-items:center;height:100%;padding:2em">
        <shopper-prompt style="width:100%" .prompt=${shown(prompt, expiresIn)} .answer=${answer} @display-prompt-answer=${answerLocally}></shopper-prompt>
      </div>
    </customer-display>
  `,
};
export default meta;
type Story = StoryObj<Args>;

const tip = SAMPLE_PROMPTS.tip;

export const Tip: Story = { args: { prompt: tip } };
export const TipWithCountdown: Story = { args: { prompt: tip, expiresIn: 45 } };
export const TipFixedAmountsNoCustom: Story = {
  args: { prompt: { ...tip, prompt_id: 'tip-fixed', presets: [{ amount: 2000 }, { amount: 5000 }, { amount: 10000 }], allow_custom: false } },
};
export const TipSending: Story = { args: { prompt: tip, answer: { value: 20813, status: 'sending' } } };
export const TipReceived: Story = { args: { prompt: tip, answer: { value: 20813, status: 'acknowledged' } } };
export const TipRefused: Story = { args: { prompt: tip, answer: { value: 99999, status: 'refused', error: 'value: must be at most 138750' } } };
export const Receipt: Story = { args: { prompt: SAMPLE_PROMPTS.receipt } };
export const ReceiptReceived: Story = {
  args: { prompt: SAMPLE_PROMPTS.receipt, answer: { value: { channel: 'whatsapp', phone: '6281234567890' }, status: 'acknowledged' } },
};
export const Phone: Story = { args: { prompt: SAMPLE_PROMPTS.phone } };
export const Confirm: Story = { args: { prompt: SAMPLE_PROMPTS.confirm } };
export const Rating: Story = { args: { prompt: SAMPLE_PROMPTS.rating } };
export const Choice: Story = { args: { prompt: SAMPLE_PROMPTS.choice } };
export const EnglishDark: Story = { args: { prompt: tip, lang: 'en', theme: 'dark' } };
