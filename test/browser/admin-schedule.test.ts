import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/apps/admin/admin-schedule.js';
import type { AdminSchedule } from '../../src/apps/admin/admin-schedule.js';

const ADMIN = '/api/customer-display/admin';
const CONFIG = {
  shopName: 'Warung Pagi',
  logo: 'logo.png',
  slides: [{ src: 'breakfast.jpg', duration: 8000, alt: 'Breakfast' }, { src: 'coffee.mp4', days: ['sat', 'sun'], from: '08:00' }],
  lanes: { 'till-2': { theme: 'dark' } },
};

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Stubs fetch with the contract's replies: `replies[method path]` is a queue (the last one repeats). */
function stubHub(replies: Record<string, Array<[number, unknown, string?]>>): Call[] {
  const calls: Call[] = [];
  sinon.stub(window, 'fetch').callsFake(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const path = url.pathname.replace(`${ADMIN}/`, '');
    const method = init?.method ?? 'GET';
    calls.push({ method, path, headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const queue = replies[`${method} ${path}`];
    if (!queue) return new Response(JSON.stringify({ status: 'error', error: 'not_found', message: 'no route' }), { status: 404 });
    const [status, body, etag] = queue.length > 1 ? queue.shift()! : queue[0]!;
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) } });
  });
  return calls;
}

const configReply = (config: unknown, etag: string): [number, unknown, string] => [200, { status: 'ok', config, etag, file: '/shop/display-hub.json' }, etag];

async function mount(): Promise<AdminSchedule> {
  const element = await fixture<AdminSchedule>(html`<admin-schedule token="admin-secret"></admin-schedule>`);
  await waitUntil(() => !element.shadowRoot!.textContent!.includes('Loading the schedule'), 'loaded', { timeout: 3000 });
  await element.updateComplete;
  return element;
}

const $ = (element: AdminSchedule, selector: string) => element.shadowRoot!.querySelector<HTMLElement>(selector)!;
const slideCard = (element: AdminSchedule, src: string) => $(element, `[data-slide="${src}"]`);
const pressed = (card: HTMLElement) => [...card.querySelectorAll('button.day[aria-pressed=true]')].map((button) => (button as HTMLElement).dataset.day);
async function setTime(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('change'));
}
async function save(element: AdminSchedule) {
  [...element.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent!.includes('Save schedule'))!.click();
  await element.updateComplete;
  await waitUntil(() => element.shadowRoot!.querySelector('.save button:not([disabled])') && status(element) !== 'Saving…', 'saved', { timeout: 3000 });
  await element.updateComplete;
}
const status = (element: AdminSchedule) => $(element, '[role=status]').textContent!.trim();

describe('<admin-schedule>', () => {
  afterEach(() => sinon.restore());

  it('shows each slide of the configuration with its days and hours, the sleep hours and the time zone', async () => {
    const calls = stubHub({ 'GET config': [configReply({ ...CONFIG, timeZone: 'Asia/Jakarta', sleep: { from: '22:00', to: '06:00' } }, '"v1"')] });
    const element = await mount();
    expect(calls[0]!.headers.Authorization).to.equal('Bearer admin-secret');
    expect(pressed(slideCard(element, 'breakfast.jpg'))).to.have.length(7);
    expect(pressed(slideCard(element, 'coffee.mp4'))).to.deep.equal(['sat', 'sun']);
    expect(slideCard(element, 'coffee.mp4').textContent).to.contain('Sat Sun · 08:00–24:00');
    expect(slideCard(element, 'breakfast.jpg').textContent).to.contain('Always shown');
    expect(($(element, 'select[name=timeZone]') as HTMLSelectElement).value).to.equal('Asia/Jakarta');
    expect(($(element, 'input[name=sleep]') as HTMLInputElement).checked).to.equal(true);
    expect(($(element, '[data-sleep] input[name=from]') as HTMLInputElement).value).to.equal('22:00');
  });

  it('saves the edited schedule over the loaded version (If-Match), the rest of the file as it was', async () => {
    const calls = stubHub({ 'GET config': [configReply(CONFIG, '"v1"')], 'PUT config': [configReply({}, '"v2"')] });
    const element = await mount();
    const breakfast = slideCard(element, 'breakfast.jpg');
    breakfast.querySelector<HTMLButtonElement>('[data-day=sat]')!.click();
    breakfast.querySelector<HTMLButtonElement>('[data-day=sun]')!.click();
    await element.updateComplete;
    await setTime(slideCard(element, 'breakfast.jpg').querySelector('input[name=from]')!, '06:00');
    await setTime(slideCard(element, 'breakfast.jpg').querySelector('input[name=to]')!, '11:00');
    slideCard(element, 'coffee.mp4').querySelector<HTMLButtonElement>('button:not(.day)')!.click(); // Always show
    ($(element, 'input[name=sleep]') as HTMLInputElement).click();
    await element.updateComplete;
    const select = $(element, 'select[name=timeZone]') as HTMLSelectElement;
    select.value = 'Europe/Berlin';
    select.dispatchEvent(new Event('change'));
    await element.updateComplete;
    await save(element);
    const put = calls.find((call) => call.method === 'PUT')!;
    expect(put.path).to.equal('config');
    expect(put.headers['If-Match']).to.equal('"v1"');
    expect(put.body).to.deep.equal({
      shopName: 'Warung Pagi',
      logo: 'logo.png',
      slides: [{ src: 'breakfast.jpg', duration: 8000, alt: 'Breakfast', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '11:00' }, { src: 'coffee.mp4' }],
      lanes: { 'till-2': { theme: 'dark' } },
      timeZone: 'Europe/Berlin',
      sleep: { from: '22:00', to: '07:00' },
    });
    expect(status(element)).to.match(/^Saved/);
  });

  it('412 (someone else saved meanwhile): reloads and says so; the next save goes over the new version', async () => {
    const calls = stubHub({
      'GET config': [configReply(CONFIG, '"v1"'), configReply({ ...CONFIG, shopName: 'Warung Baru' }, '"v2"')],
      'PUT config': [[412, { status: 'error', error: 'config_changed', message: 'The configuration changed since it was read.' }], configReply({}, '"v3"')],
    });
    const element = await mount();
    await save(element);
    expect(status(element)).to.match(/Someone else changed the settings meanwhile/);
    expect(calls.filter((call) => call.method === 'GET' && call.path === 'config')).to.have.length(2);
    await save(element);
    const puts = calls.filter((call) => call.method === 'PUT');
    expect(puts[1]!.headers['If-Match']).to.equal('"v2"');
    expect((puts[1]!.body as { shopName: string }).shopName).to.equal('Warung Baru', 'the other edit is kept');
  });

  it('400: lists every field the hub refused, in the owner’s words (the slide by its file, not a count from 0)', async () => {
    stubHub({
      'GET config': [configReply(CONFIG, '"v1"')],
      'PUT config': [[400, { status: 'error', error: 'invalid_config', message: 'slides.0.to: must differ from "from"; sleep.from: expected HH:MM (24 h), such as 06:00', field: 'slides.0.to' }]],
    });
    const element = await mount();
    await save(element);
    const items = [...element.shadowRoot!.querySelectorAll('ul.error li')].map((item) => item.textContent);
    expect(items).to.deep.equal(['breakfast.jpg, until: must differ from "from"', 'Sleep hours, from: expected HH:MM (24 h), such as 06:00']);
    expect(status(element)).to.match(/Not saved/);
  });

  it('a day list with no day is not sent', async () => {
    const calls = stubHub({ 'GET config': [configReply({ slides: [{ src: 'a.jpg', days: ['mon'] }] }, '"v1"')] });
    const element = await mount();
    slideCard(element, 'a.jpg').querySelector<HTMLButtonElement>('[data-day=mon]')!.click();
    await element.updateComplete;
    await save(element);
    expect(calls.some((call) => call.method === 'PUT')).to.equal(false);
    expect(status(element)).to.match(/at least one day/);
  });

  it('per lane: sleep hours of its own over the shop’s, for a lane of the file or one the hub knows', async () => {
    const calls = stubHub({
      'GET config': [configReply({ sleep: { from: '22:00', to: '07:00' }, lanes: { 'till-2': { theme: 'dark', sleep: { from: '21:00', to: '06:00' } }, 'till-3': { footer: 'x' } } }, '"v1"')],
      'PUT config': [configReply({}, '"v2"')],
    });
    const element = await fixture<AdminSchedule>(html`<admin-schedule token="t" .lanes=${['drive-thru', 'till-2']}></admin-schedule>`);
    await waitUntil(() => element.shadowRoot!.querySelector('[data-lane]'), 'loaded', { timeout: 3000 });
    const lane = (id: string) => $(element, `[data-lane="${id}"]`);
    expect([...element.shadowRoot!.querySelectorAll<HTMLElement>('[data-lane]')].map((row) => row.dataset.lane)).to.deep.equal(['drive-thru', 'till-2', 'till-3']);
    expect((lane('till-2').querySelector('input[type=checkbox]') as HTMLInputElement).checked).to.equal(true);
    expect((lane('till-2').querySelector('input[name=from]') as HTMLInputElement).value).to.equal('21:00');
    // till-2 back to the shop's hours; drive-thru gets its own, weekends only.
    (lane('till-2').querySelector('input[type=checkbox]') as HTMLInputElement).click();
    (lane('drive-thru').querySelector('input[type=checkbox]') as HTMLInputElement).click();
    await element.updateComplete;
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) lane('drive-thru').querySelector<HTMLButtonElement>(`[data-day=${day}]`)!.click();
    await setTime(lane('drive-thru').querySelector('input[name=from]')!, '23:30');
    await element.updateComplete;
    await save(element);
    expect((calls.find((call) => call.method === 'PUT')!.body as { lanes: unknown }).lanes).to.deep.equal({
      'till-2': { theme: 'dark' },
      'till-3': { footer: 'x' },
      'drive-thru': { sleep: { from: '23:30', to: '07:00', days: ['sat', 'sun'] } },
    });
  });

  it('409 no_config_file: tells to start the hub with --config', async () => {
    stubHub({ 'GET config': [[409, { status: 'error', error: 'no_config_file', message: 'Start the hub with --config FILE.' }]] });
    const element = await mount();
    expect(element.shadowRoot!.textContent).to.contain('--config display-hub.json');
  });

  it('without a slide list: the media folder’s files (not the logo), written as the list when one gets a schedule', async () => {
    const media = [
      { name: 'a.jpg', type: 'image/jpeg', bytes: 10, modified: 1, order: null },
      { name: 'logo.png', type: 'image/png', bytes: 10, modified: 1, order: null },
      { name: 'b.webm', type: 'video/webm', bytes: 10, modified: 1, order: null },
    ];
    const calls = stubHub({
      'GET config': [configReply({ shopName: 'X', logo: 'logo.png' }, '"v1"')],
      'GET media': [[200, { status: 'ok', media, used_bytes: 30, budget_bytes: 1000, file_max_bytes: 100 }]],
      'PUT config': [configReply({}, '"v2"')],
    });
    const element = await mount();
    expect([...element.shadowRoot!.querySelectorAll('[data-slide]')].map((card) => (card as HTMLElement).dataset.slide)).to.deep.equal(['a.jpg', 'b.webm']);
    await save(element);
    expect((calls.find((call) => call.method === 'PUT')!.body as Record<string, unknown>).slides, 'no schedule: no list written').to.equal(undefined);
    await setTime(slideCard(element, 'b.webm').querySelector('input[name=from]')!, '18:00');
    await element.updateComplete;
    await save(element);
    expect((calls.filter((call) => call.method === 'PUT')[1]!.body as Record<string, unknown>).slides).to.deep.equal([{ src: 'a.jpg' }, { src: 'b.webm', from: '18:00' }]);
  });

  it('phone first: at 390×844 every control is at least 44 px and nothing overflows', async () => {
    await setViewport({ width: 390, height: 844 });
    stubHub({ 'GET config': [configReply({ ...CONFIG, sleep: { from: '22:00', to: '07:00' } }, '"v1"')] });
    const element = await mount();
    element.style.display = 'block';
    element.style.width = '358px'; // the admin page's padding
    await element.updateComplete;
    for (const control of element.shadowRoot!.querySelectorAll<HTMLElement>('button, select, input')) {
      const box = ((control as HTMLInputElement).type === 'checkbox' ? control.closest('label')! : control).getBoundingClientRect();
      expect(box.height, `${control.outerHTML.slice(0, 80)} height`).to.be.at.least(44);
      expect(box.width, `${control.outerHTML.slice(0, 80)} width`).to.be.at.least(44);
      expect(box.right, `${control.outerHTML.slice(0, 80)} inside`).to.be.at.most(element.getBoundingClientRect().right + 0.5);
    }
  });
});
