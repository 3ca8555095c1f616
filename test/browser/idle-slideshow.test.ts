import { ContextProvider } from '@lit/context';
import { emulateMedia } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/idle-slideshow/idle-slideshow.js';
import type { IdleSlideshow } from '../../src/components/idle-slideshow/idle-slideshow.js';
import { displayContext } from '../../src/sync/display-context.js';
import { INITIAL_DISPLAY_STATE } from '../../src/sync/display-state.js';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const active = (show: IdleSlideshow) => show.querySelector('[data-slide=active]')?.id ?? show.shadowRoot!.querySelector('[data-slide=active]')?.getAttribute('src');

describe('<idle-slideshow>', () => {
  afterEach(async () => {
    sinon.restore();
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('shows slides in order, each for its own duration (interval or data-duration)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow interval="3000">
      <div id="one">1</div><div id="two" data-duration="8000">2</div><div id="three">3</div>
    </idle-slideshow>`);
    // [ms to advance, slide shown after it]: each slide stays exactly its duration.
    const timeline: Array<[number, string]> = [[0, 'one'], [2999, 'one'], [1, 'two'], [7999, 'two'], [1, 'three'], [3000, 'one']];
    for (const [ms, expected] of timeline) {
      clock.tick(ms);
      await show.updateComplete;
      expect(active(show)).to.equal(expected, `after +${ms} ms`);
    }
  });

  it('skips a slide that fails to load, without showing it', async () => {
    const shown: number[] = [];
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow interval="300" @display-slide=${(e: CustomEvent) => shown.push(e.detail.index)}>
      <img id="good" src=${PIXEL} alt="" /><img id="broken" src="/does-not-exist.png" alt="" /><div id="last">x</div>
    </idle-slideshow>`);
    await waitUntil(() => shown.length >= 4, 'four slides shown', { timeout: 3000 });
    expect(shown.slice(0, 4)).to.deep.equal([0, 2, 0, 2]);
    expect(show.count).to.equal(3);
  });

  it('tries a failed slide again after retry-delay (the promo server came back)', async () => {
    const shown: number[] = [];
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow interval="500" retry-delay="1200" @display-slide=${(e: CustomEvent) => shown.push(e.detail.index)}>
      <div>one</div><img src="/does-not-exist.png" alt="" /><div>three</div>
    </idle-slideshow>`);
    await waitUntil(() => shown.length >= 2, 'a round', { timeout: 3000 });
    expect(shown.slice(0, 2)).to.deep.equal([0, 2], 'skipped while broken');
    show.querySelector('img')!.setAttribute('src', PIXEL); // the same slide, now loading
    await waitUntil(() => shown.includes(1), 'the slide shown once its failure expired', { timeout: 5000 });
  });

  it('stays still (no busy loop) when every slide fails, and tries again later', async () => {
    const shown: number[] = [];
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow interval="100" @display-slide=${(e: CustomEvent) => shown.push(e.detail.index)}>
      <img src="/missing-1.png" alt="" /><img src="/missing-2.png" alt="" />
    </idle-slideshow>`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(show.running).to.equal(false);
    expect(new Set(shown).size, 'each tried at most once').to.equal(shown.length);
    expect(shown.length).to.be.at.most(2);
    show.retryDelay = 100;
    show.querySelectorAll('img').forEach((img) => img.setAttribute('src', PIXEL));
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => show.running, 'running again once the network is back', { timeout: 3000 });
  });

  it('stops (and hides) outside the idle phase, resumes on clear', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const provider = new ContextProvider(host, { context: displayContext, initialValue: INITIAL_DISPLAY_STATE });
    host.innerHTML = '<idle-slideshow interval="1000"><div id="a">a</div><div id="b">b</div></idle-slideshow>';
    const show = host.querySelector('idle-slideshow') as IdleSlideshow;
    await show.updateComplete;
    expect(show.inactive).to.equal(false);
    provider.setValue({ ...INITIAL_DISPLAY_STATE, phase: 'bill' });
    await show.updateComplete;
    expect(show.inactive).to.equal(true);
    expect(getComputedStyle(show).visibility).to.equal('hidden');
    expect(clock.countTimers(), 'no timer while a bill is open').to.equal(0);
    clock.tick(10_000);
    provider.setValue({ ...INITIAL_DISPLAY_STATE, phase: 'idle' });
    await show.updateComplete;
    expect(show.inactive).to.equal(false);
    expect(active(show)).to.equal('a', 'it stayed on its slide while paused');
    clock.tick(1000);
    await show.updateComplete;
    expect(active(show)).to.equal('b');
  });

  it('leaves no timer behind when removed', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow><div>1</div><div>2</div></idle-slideshow>`);
    await show.updateComplete;
    expect(clock.countTimers()).to.equal(1, 'one timer at a time');
    show.remove();
    expect(clock.countTimers()).to.equal(0);
  });

  it('plays videos muted and moves on when one ends', async () => {
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow interval="60000">
      <video id="clip"></video><div id="after">after</div>
    </idle-slideshow>`);
    await show.updateComplete;
    const video = show.querySelector('video')!;
    expect(video.muted).to.equal(true);
    expect(active(show)).to.equal('clip');
    const next = oneEvent(show, 'display-slide');
    video.dispatchEvent(new Event('ended'));
    expect((await next).detail.index).to.equal(1);
    expect(active(show)).to.equal('after');
  });

  it('builds slides from the slides list, rendering only the previous, current and next', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slides = Array.from({ length: 6 }, (_, i) => ({ src: `${PIXEL}#${i}`, alt: `slide ${i}`, duration: 1000 }));
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow .slides=${slides}></idle-slideshow>`);
    await show.updateComplete;
    const rendered = () => [...show.shadowRoot!.querySelectorAll('img')].map((img) => img.alt);
    expect(rendered()).to.deep.equal(['slide 0', 'slide 1', 'slide 5']);
    clock.tick(1000);
    await show.updateComplete;
    expect(rendered()).to.deep.equal(['slide 0', 'slide 1', 'slide 2']);
    expect(active(show)).to.equal(`${PIXEL}#1`);
  });

  it('takes a new slides list in place: the slide on screen stays (same element, same timer) when still listed, else it starts over', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slide = (name: string) => ({ src: `${PIXEL}#${name}`, alt: name, duration: 1000 });
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow .slides=${[slide('a'), slide('b'), slide('c')]}></idle-slideshow>`);
    clock.tick(1000);
    await show.updateComplete;
    expect(active(show)).to.equal(`${PIXEL}#b`);
    const shownElement = show.shadowRoot!.querySelector('[data-slide=active]');
    clock.tick(400);
    // An upload before it and a deletion after it (the admin page): b is now at index 2.
    show.slides = [slide('new'), slide('a'), slide('b')];
    await show.updateComplete;
    expect(active(show)).to.equal(`${PIXEL}#b`);
    expect(show.index).to.equal(2);
    expect(show.shadowRoot!.querySelector('[data-slide=active]')).to.equal(shownElement, 'not re-created (no fade from black)');
    clock.tick(599);
    await show.updateComplete;
    expect(active(show)).to.equal(`${PIXEL}#b`, 'its time runs on, not restarted');
    clock.tick(1);
    await show.updateComplete;
    expect(active(show)).to.equal(`${PIXEL}#new`, 'then the next one of the new list');
    // The slide on screen deleted: the new list starts at its first slide.
    show.slides = [slide('x'), slide('y')];
    await show.updateComplete;
    expect(active(show)).to.equal(`${PIXEL}#x`);
  });

  it('parses the slides attribute and ignores junk in it', async () => {
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow slides='[{"src":"a.png"},{"nope":1},{"src":"b.mp4"}]'></idle-slideshow>`);
    expect(show.slides.map((s) => s.src)).to.deep.equal(['a.png', 'b.mp4']);
    const broken = await fixture<IdleSlideshow>(html`<idle-slideshow slides="not json"></idle-slideshow>`);
    expect(broken.slides).to.deep.equal([]);
  });

  it('crossfades, except under prefers-reduced-motion', async () => {
    const show = await fixture<IdleSlideshow>(html`<idle-slideshow><div id="x">x</div><div>y</div></idle-slideshow>`);
    expect(getComputedStyle(show.querySelector('#x')!).transitionDuration).to.equal('0.8s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(show.querySelector('#x')!).transitionDuration).to.equal('0s');
  });
});
