import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/customer-display/customer-display.js';
import '../../src/components/idle-slideshow/idle-slideshow.js';
import type { CustomerDisplay } from '../../src/components/customer-display/customer-display.js';
import type { IdleSlideshow } from '../../src/components/idle-slideshow/idle-slideshow.js';
import type { SlideDefinition } from '../../src/components/idle-slideshow/slides.js';
import { displayContext } from '../../src/sync/display-context.js';
import { INITIAL_DISPLAY_STATE, type DisplayState } from '../../src/sync/display-state.js';
import { PromptBody, type Bill, type PromptShown } from '../../src/protocol/index.js';
import { SAMPLE_PROMPTS } from '../../src/scenarios/samples.js';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const BILL: Bill = { bill_id: 1, bill_number: 'CD-1', items: [{ id: 1, name: 'Soto Ayam', quantity: 1, subtotal: 25000 }], subtotal: 25000, tax: 0, discount: 0, total: 25000 };
/** Distinct sources for the same pixel, to tell the slides apart. */
const slide = (name: string, window: Partial<SlideDefinition> = {}): SlideDefinition => ({ src: `${PIXEL}#${name}`, alt: name, ...window });
const shownNames = (show: IdleSlideshow) => [...show.shadowRoot!.querySelectorAll('.slides > img')].map((img) => img.getAttribute('alt'));

/** Monday 7 December 2026 at `hhmmss` in Jakarta (UTC+7, no DST), as ms since the epoch. */
const jakarta = (hhmmss: string) => Date.parse(`2026-12-07T${hhmmss}+07:00`);

/** Fakes the clock (Date and timers) from `now`; frames stay real so Lit renders. */
const fakeClock = (now: number) => sinon.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'Date'] });

describe('schedules: scheduled slides', () => {
  afterEach(() => sinon.restore());

  it('<idle-slideshow> shows a slide only in its hours, on the clock of time-zone, changing at the exact minute', async () => {
    const clock = fakeClock(jakarta('05:59:58'));
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow
      time-zone="Asia/Jakarta"
      interval="600000"
      .slides=${[slide('breakfast', { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' }), slide('always')]}
    ></idle-slideshow>`);
    expect(show.count).to.equal(1);
    expect(shownNames(show)).to.deep.equal(['always']);
    clock.tick(1999);
    await show.updateComplete;
    expect(show.count, 'at 05:59:59.999').to.equal(1);
    clock.tick(1);
    await show.updateComplete;
    expect(show.count, 'at 06:00:00.000').to.equal(2);
    expect(shownNames(show)).to.have.members(['breakfast', 'always']);
    expect(show.running).to.equal(true);
    // Until 11:00, checked at least every minute on the way (a long timer could miss a clock change).
    clock.tick(jakarta('10:59:59') - Date.now());
    await show.updateComplete;
    expect(show.count, 'at 10:59:59').to.equal(2);
    clock.tick(1000);
    await show.updateComplete;
    expect(shownNames(show), 'at 11:00').to.deep.equal(['always']);
  });

  it('the same slide follows the shop clock, not the device clock', async () => {
    fakeClock(jakarta('07:00:00')); // 07:00 in Jakarta is 00:00 in UTC
    const slides = [slide('breakfast', { from: '06:00', to: '11:00' }), slide('always')];
    const inJakarta = await fixture<IdleSlideshow>(html`<idle-slideshow time-zone="Asia/Jakarta" .slides=${slides}></idle-slideshow>`);
    const inUtc = await fixture<IdleSlideshow>(html`<idle-slideshow time-zone="UTC" .slides=${slides}></idle-slideshow>`);
    expect(inJakarta.count).to.equal(2);
    expect(inUtc.count).to.equal(1);
  });

  it('<customer-display> shows the welcome while no slide is on, and the slideshow from the first one’s start', async () => {
    const clock = fakeClock(jakarta('05:59:59'));
    const host = await fixture<HTMLDivElement>(html`<div style="height: 600px"></div>`);
    new ContextProvider(host, { context: displayContext, initialValue: { ...INITIAL_DISPLAY_STATE, status: 'live' } });
    host.innerHTML = '<customer-display shop-name="Warung Pagi" time-zone="Asia/Jakarta"></customer-display>';
    const display = host.querySelector('customer-display') as CustomerDisplay;
    display.slides = [slide('breakfast', { from: '06:00', to: '11:00' })];
    await display.updateComplete;
    expect(display.shadowRoot!.querySelector('.welcome')!.textContent).to.contain('Warung Pagi');
    expect(display.shadowRoot!.querySelector('idle-slideshow')).to.equal(null);
    clock.tick(1000);
    await display.updateComplete;
    expect(display.shadowRoot!.querySelector('.welcome')).to.equal(null);
    expect(display.shadowRoot!.querySelector('idle-slideshow')!.count).to.equal(1);
  });
});

describe('schedules: sleep hours', () => {
  afterEach(() => sinon.restore());

  async function mount(now: number) {
    const clock = fakeClock(now);
    const host = await fixture<HTMLDivElement>(html`<div style="height: 600px"></div>`);
    const provider = new ContextProvider(host, { context: displayContext, initialValue: { ...INITIAL_DISPLAY_STATE, status: 'live' } });
    host.innerHTML = `<customer-display time-zone="Asia/Jakarta" sleep='{"from":"22:00","to":"07:00"}'></customer-display>`;
    const display = host.querySelector('customer-display') as CustomerDisplay;
    display.slides = [slide('one'), slide('two')];
    await display.updateComplete;
    const set = async (state: Partial<DisplayState>) => {
      provider.setValue({ ...INITIAL_DISPLAY_STATE, status: 'live', ...state });
      await display.updateComplete;
    };
    const overlay = () => display.shadowRoot!.querySelector<HTMLElement>('[part=sleep]');
    const show = () => display.shadowRoot!.querySelector('idle-slideshow')!;
    return { clock, display, set, overlay, show };
  }

  it('dims the idle screen and stops the slideshow from the start of the hours to their end', async () => {
    const { clock, display, overlay, show } = await mount(jakarta('21:59:59'));
    expect(display.sleeping).to.equal(false);
    expect(overlay()).to.equal(null);
    expect(show().running).to.equal(true);
    clock.tick(1000);
    await display.updateComplete;
    await show().updateComplete;
    expect(display.sleeping, 'at 22:00').to.equal(true);
    expect(display.hasAttribute('sleeping')).to.equal(true);
    expect(getComputedStyle(overlay()!).backgroundColor).to.equal('rgba(0, 0, 0, 0.85)');
    expect(show().paused).to.equal(true);
    expect(show().running, 'nothing moves').to.equal(false);
    // Past midnight, still asleep; awake at 07:00.
    clock.tick(Date.parse('2026-12-08T06:59:59+07:00') - Date.now());
    await display.updateComplete;
    expect(display.sleeping, 'at 06:59:59').to.equal(true);
    clock.tick(1000);
    await display.updateComplete;
    await show().updateComplete;
    expect(display.sleeping, 'at 07:00').to.equal(false);
    expect(overlay()).to.equal(null);
    expect(show().running).to.equal(true);
  });

  it('a bill wakes it in the same render, a prompt too; idle again inside the hours, it sleeps again', async () => {
    const { display, set, overlay } = await mount(jakarta('23:00:00'));
    expect(display.sleeping).to.equal(true);
    await set({ phase: 'bill', bill: BILL });
    expect(display.sleeping).to.equal(false);
    expect(overlay(), 'no dimming left in the render that shows the bill').to.equal(null);
    expect(display.shadowRoot!.querySelector('.region.current')!.getAttribute('part')).to.equal('sale');
    await set({ phase: 'idle' });
    expect(display.sleeping).to.equal(true);
    await set({ phase: 'idle', prompt: { prompt: PromptBody.parse(SAMPLE_PROMPTS.receipt) as PromptShown, shownAt: Date.now(), answer: null, closed: false } });
    expect(display.sleeping, 'a question for the shopper wakes it').to.equal(false);
    await set({ phase: 'idle', modal: { visible: true, modal_type: 'payment', html: '<p>Pay</p>', data: {} } });
    expect(display.sleeping, 'a dialog wakes it').to.equal(false);
    await set({ phase: 'payment', bill: BILL });
    expect(display.sleeping).to.equal(false);
  });

  it('the dimming is themeable: --display-sleep-overlay and ::part(sleep)', async () => {
    const { display, overlay } = await mount(jakarta('23:00:00'));
    display.style.setProperty('--display-sleep-overlay', 'rgb(10 20 30 / 0.5)');
    expect(getComputedStyle(overlay()!).backgroundColor).to.equal('rgba(10, 20, 30, 0.5)');
  });

  it('no sleep hours, or a bad sleep attribute: never sleeps', async () => {
    fakeClock(jakarta('23:00:00'));
    const display = await fixture<CustomerDisplay>(html`<customer-display time-zone="Asia/Jakarta" sleep="22:00-07:00"></customer-display>`);
    expect(display.sleep ?? null).to.equal(null);
    expect(display.sleeping).to.equal(false);
    display.setAttribute('sleep', '{"from":"22:00"}');
    await display.updateComplete;
    expect(display.sleeping, 'no "to"').to.equal(false);
    display.setAttribute('sleep', '{"from":"22:00","to":"07:00"}');
    await display.updateComplete;
    expect(display.sleeping).to.equal(true);
  });
});
