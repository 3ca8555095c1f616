import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/components/shopper-prompt/shopper-prompt.js';
import type { PromptAnswerDetail, ShopperPrompt } from '../../src/components/shopper-prompt/shopper-prompt.js';
import { PromptBody, type PromptInput, type PromptShown } from '../../src/protocol/index.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';

/** A prompt as the display receives it (defaults applied by the schema). */
const shown = (input: PromptInput, extra: { expires_in_s?: number } = {}): PromptShown => ({ ...PromptBody.parse(input), ...extra }) as PromptShown;

const root = (el: ShopperPrompt) => el.shadowRoot!;
const text = (el: ShopperPrompt, part: string) => (root(el).querySelector(`[part~="${part}"]`) as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').trim() ?? null;
const options = (el: ShopperPrompt) => [...root(el).querySelectorAll<HTMLButtonElement>('button[part=option]')];
const option = (el: ShopperPrompt, value: string) => root(el).querySelector<HTMLButtonElement>(`button[part=option][data-value="${value}"]`)!;
const key = (el: ShopperPrompt, name: string) => root(el).querySelector<HTMLButtonElement>(`button[part=key][data-key="${name}"]`)!;
const sendKey = (el: ShopperPrompt) => root(el).querySelector<HTMLButtonElement>('button[part=send]')!;

/** Every answer the element fires. */
function answers(el: ShopperPrompt): PromptAnswerDetail[] {
  const seen: PromptAnswerDetail[] = [];
  el.addEventListener('display-prompt-answer', (event) => seen.push(event.detail));
  return seen;
}

async function press(el: ShopperPrompt, ...keys: string[]) {
  for (const name of keys) {
    key(el, name).click();
    await el.updateComplete;
  }
}

describe('<shopper-prompt>', () => {
  afterEach(() => sinon.restore());

  it('a tip: each preset as percent and amount, no tip, another amount; a tap answers with the amount', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="id" .prompt=${shown({ ...SAMPLE_PROMPTS.tip, amount_base: 27750 })}></shopper-prompt>`);
    const seen = answers(el);
    expect(text(el, 'title')).to.equal('Ingin memberi tip?');
    expect(options(el).map((button) => button.innerText.replace(/\s+/g, ' ').trim())).to.deep.equal([
      '10 % Rp 2.775',
      '15 % Rp 4.163',
      '20 % Rp 5.550',
      'Jumlah lain',
      'Tanpa tip',
    ]);
    option(el, '4163').click();
    expect(seen).to.deep.equal([{ prompt_id: 'tip-42', value: 4163 }]);
  });

  it('every target is at least 48 px, on a small screen too', async () => {
    const el = await fixture<ShopperPrompt>(html`<div style="width: 320px; font-size: 12px"><shopper-prompt .prompt=${shown(SAMPLE_PROMPTS.rating)}></shopper-prompt></div>`);
    const prompt = el.querySelector('shopper-prompt') as ShopperPrompt;
    await prompt.updateComplete;
    for (const button of options(prompt)) {
      const box = button.getBoundingClientRect();
      expect(Math.min(box.width, box.height), button.dataset.value).to.be.at.least(48);
    }
  });

  it('another amount on the keypad: capped at the maximum, sent as typed', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown({ ...SAMPLE_PROMPTS.tip, amount_base: 27750, max_amount: 10000 })}></shopper-prompt>`);
    const seen = answers(el);
    option(el, 'custom').click();
    await el.updateComplete;
    expect(root(el).activeElement?.getAttribute('part'), 'the entry takes the focus').to.equal('entry');
    expect(sendKey(el).disabled, 'nothing typed yet').to.equal(true);
    await press(el, '1', '2', '000');
    expect(text(el, 'entry')).to.equal('Rp 12.000');
    expect(sendKey(el).disabled, 'over the maximum').to.equal(true);
    expect(root(el).textContent).to.match(/At most Rp\s10\.000/);
    await press(el, 'erase', 'erase', 'erase', 'erase', 'erase');
    await press(el, '5', '000');
    sendKey(el).click();
    expect(seen).to.deep.equal([{ prompt_id: 'tip-42', value: 5000 }]);
  });

  it('a physical keyboard types on the pads: digits, Backspace, Enter; nothing else', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt .prompt=${shown({ ...SAMPLE_PROMPTS.phone, country_code: null, min_length: 6 })}></shopper-prompt>`);
    const seen = answers(el);
    const type = async (name: string) => {
      (root(el).activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, composed: true }));
      await el.updateComplete;
    };
    for (const name of ['0', '8', 'a', '<', '1', '2', '3', '4', '5', 'Backspace', 'Enter']) await type(name);
    expect(seen).to.deep.equal([{ prompt_id: 'member-42', value: '081234' }]);
  });

  it('a receipt by email: the small keyboard, sent only when well-formed; by WhatsApp with the country code', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.receipt)}></shopper-prompt>`);
    const seen = answers(el);
    expect(options(el).map((button) => button.dataset.value)).to.deep.equal(['print', 'email', 'whatsapp', 'none']);
    option(el, 'email').click();
    await el.updateComplete;
    await press(el, 'b', 'u', 'd', 'i', '@');
    expect(sendKey(el).disabled).to.equal(true);
    await press(el, 'x', '.com');
    expect(text(el, 'entry')).to.equal('budi@x.com');
    sendKey(el).click();
    (root(el).querySelector('.back') as HTMLButtonElement | null)?.click();
    await el.updateComplete;
    option(el, 'whatsapp').click();
    await el.updateComplete;
    expect(text(el, 'entry')).to.match(/^\+62/);
    await press(el, '0', '8', '1', '2', '3', '4', '5', '6', '7', '8');
    sendKey(el).click();
    expect(seen).to.deep.equal([
      { prompt_id: 'receipt-42', value: { channel: 'email', email: 'budi@x.com' } },
      { prompt_id: 'receipt-42', value: { channel: 'whatsapp', phone: '62812345678' } },
    ]);
  });

  it('confirm, rating and choice: one button per option with its data-value, labels as text', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.confirm)}></shopper-prompt>`);
    const seen = answers(el);
    expect(options(el).map((button) => [button.dataset.value, button.innerText.trim()])).to.deep.equal([
      ['yes', 'Yes, please'],
      ['no', 'No, thanks'],
    ]);
    option(el, 'no').click();
    el.prompt = shown(SAMPLE_PROMPTS.rating);
    await el.updateComplete;
    expect(options(el).map((button) => button.getAttribute('aria-label'))).to.deep.equal(['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5']);
    option(el, '4').click();
    el.prompt = shown({ prompt_id: 'c', kind: 'choice', options: [{ value: 'x', label: '<img src=x onerror=alert(1)>' }] });
    await el.updateComplete;
    expect(root(el).querySelector('img')).to.equal(null);
    expect(option(el, 'x').innerText).to.equal('<img src=x onerror=alert(1)>');
    option(el, 'x').click();
    expect(seen.map((answer) => answer.value)).to.deep.equal([false, 4, 'x']);
  });

  it('shows the answer as sent, then as received; a refused answer says why and asks again', async () => {
    const prompt = shown({ ...SAMPLE_PROMPTS.tip, amount_base: 27750 });
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${prompt} .answer=${{ value: 4163, status: 'sending' }}></shopper-prompt>`);
    expect(text(el, 'status')).to.equal('… Rp 4.163 Sending…');
    expect(options(el)).to.have.length(0, 'no second answer while one is on its way');
    el.answer = { value: 4163, status: 'acknowledged' };
    await el.updateComplete;
    expect(text(el, 'status')).to.equal('✓ Rp 4.163 Thank you, received');
    el.answer = { value: 4163, status: 'refused', error: 'value: must be at most 3000' };
    await el.updateComplete;
    expect(text(el, 'error')).to.equal('Not sent: value: must be at most 3000');
    expect(root(el).querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
    expect(options(el)).to.have.length(5);
  });

  it('counts down when the prompt has a timeout', async () => {
    const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setInterval', 'clearInterval', 'Date'] });
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.rating, { expires_in_s: 10 })}></shopper-prompt>`);
    expect(text(el, 'countdown')).to.equal('0:10 left');
    clock.tick(3000);
    await el.updateComplete;
    expect(text(el, 'countdown')).to.equal('0:07 left');
    expect(root(el).querySelector('[part=countdown]')!.getAttribute('role')).to.equal('timer');
  });

  it('is a labelled dialog for screen readers', async () => {
    const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.phone)}></shopper-prompt>`);
    const dialog = root(el).querySelector('[part=base]')!;
    expect(dialog.getAttribute('role')).to.equal('dialog');
    expect(root(el).getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.equal('Member number');
    expect(key(el, 'erase').getAttribute('aria-label')).to.equal('Delete');
    expect(root(el).querySelector('[part=entry]')!.getAttribute('aria-label')).to.equal('Phone number');
  });

  describe('focus (WCAG 2.4.3): into the question, never left on <body>', () => {
    /** What has the focus inside the prompt, in words ("option:yes", "entry", "status"; "none"): a failure prints it, not an element. */
    const focused = (el: ShopperPrompt): string => {
      const active = root(el).activeElement as HTMLElement | null;
      if (!active) return 'none';
      const part = active.getAttribute('part') ?? active.tagName.toLowerCase();
      return part === 'option' ? `option:${active.dataset.value}` : part;
    };
    const first = (el: ShopperPrompt) => `option:${options(el)[0]?.dataset.value}`;

    for (const kind of ['tip', 'receipt', 'confirm', 'rating', 'choice'] as const) {
      it(`a ${kind} prompt opening focuses its first option`, async () => {
        const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS[kind])}></shopper-prompt>`);
        expect(focused(el), 'focus is inside the prompt').to.equal(first(el));
      });
    }

    it('a phone prompt opening focuses its entry; a later question moves the focus to its options', async () => {
      const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.phone)}></shopper-prompt>`);
      expect(focused(el)).to.equal('entry');
      el.prompt = shown(SAMPLE_PROMPTS.confirm);
      await el.updateComplete;
      expect(focused(el)).to.equal(first(el));
    });

    it('after an answer the status has the focus; refused, the first option again', async () => {
      const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.rating)}></shopper-prompt>`);
      option(el, '4').click();
      el.answer = { value: 4, status: 'sending' };
      await el.updateComplete;
      expect(focused(el), 'the answer as sent').to.equal('status');
      el.answer = { value: 4, status: 'acknowledged' };
      await el.updateComplete;
      expect(focused(el), 'still on the status when received').to.equal('status');
      el.answer = { value: 4, status: 'refused', error: 'closed' };
      await el.updateComplete;
      expect(focused(el)).to.equal(first(el));
    });

    it('Escape on the email keyboard goes back to the email option, focused', async () => {
      const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.receipt)}></shopper-prompt>`);
      option(el, 'email').click();
      await el.updateComplete;
      expect(focused(el)).to.equal('entry');
      root(el).activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
      await el.updateComplete;
      expect(focused(el), 'the option that opened the keyboard').to.equal('option:email');
    });

    it('Back from the amount pad returns to "another amount"', async () => {
      const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.tip)}></shopper-prompt>`);
      option(el, 'custom').click();
      await el.updateComplete;
      (root(el).querySelector('.back') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(focused(el)).to.equal('option:custom');
    });

    it('closing gives the focus back to what had it before', async () => {
      const host = await fixture<HTMLElement>(html`<div><button id="before">before</button><shopper-prompt lang="en"></shopper-prompt></div>`);
      const before = host.querySelector<HTMLButtonElement>('#before')!;
      const el = host.querySelector<ShopperPrompt>('shopper-prompt')!;
      before.focus();
      el.prompt = shown(SAMPLE_PROMPTS.confirm);
      await el.updateComplete;
      expect(focused(el)).to.equal('option:yes');
      el.prompt = null;
      await el.updateComplete;
      expect(document.activeElement?.id ?? 'none', 'the page\'s button').to.equal('before');
    });

    it('removed with its question (as <customer-display> does), it gives the focus back too', async () => {
      const host = await fixture<HTMLElement>(html`<div><button id="before">before</button></div>`);
      const before = host.querySelector<HTMLButtonElement>('#before')!;
      before.focus();
      const el = document.createElement('shopper-prompt') as ShopperPrompt;
      el.prompt = shown(SAMPLE_PROMPTS.rating);
      host.append(el);
      await el.updateComplete;
      expect(focused(el)).to.equal('option:1');
      el.remove();
      expect(document.activeElement?.id ?? 'none').to.equal('before');
    });

    it('all six kinds answered with the keyboard alone (real key presses), every button named', async () => {
      const cases = [
        { kind: 'tip', keys: ['Tab', 'Enter'], value: 4163 },
        { kind: 'receipt', keys: ['Enter'], value: { channel: 'print' } },
        { kind: 'phone', keys: [...'08123456789', 'Enter'], value: '628123456789' },
        { kind: 'confirm', keys: ['Tab', 'Space'], value: false },
        { kind: 'rating', keys: ['Tab', 'Tab', 'Tab', 'Tab', 'Enter'], value: 5 },
        { kind: 'choice', keys: ['Enter'], value: 'dine-in' },
      ] as const;
      for (const { kind, keys, value } of cases) {
        const el = await fixture<ShopperPrompt>(html`<shopper-prompt lang="id" .prompt=${shown({ ...SAMPLE_PROMPTS[kind], amount_base: 27750 } as PromptInput)}></shopper-prompt>`);
        const seen = answers(el);
        for (const button of root(el).querySelectorAll('button')) {
          expect((button.getAttribute('aria-label') ?? button.textContent ?? '').trim(), `${kind}: a named button`).not.to.equal('');
        }
        for (const press of keys) {
          await sendKeys({ press });
          await el.updateComplete;
        }
        expect(seen, kind).to.deep.equal([{ prompt_id: SAMPLE_PROMPTS[kind].prompt_id, value }]);
      }
    });

    it('aria-describedby only when there is a message to point at', async () => {
      const withMessage = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown(SAMPLE_PROMPTS.phone)}></shopper-prompt>`);
      const described = root(withMessage).querySelector('[part=base]')!.getAttribute('aria-describedby');
      expect(root(withMessage).getElementById(described!)!.textContent).to.equal('Collect points with your phone number');
      const bare = await fixture<ShopperPrompt>(html`<shopper-prompt lang="en" .prompt=${shown({ ...SAMPLE_PROMPTS.confirm, message: undefined })}></shopper-prompt>`);
      expect(root(bare).querySelector('[part=base]')!.hasAttribute('aria-describedby')).to.equal(false);
    });
  });
});
