/**
 * The mirrored modal HTML is hostile input. Each vector below is rendered in its own
 * <payment-modal-mirror>, once inside a legitimate dialog and once alone (as the whole
 * HTML); none may set a flag on window, open a dialog, fetch anything (the page's own URL
 * included) or break the element.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/payment-modal-mirror/payment-modal-mirror.js';
import type { PaymentModalMirror } from '../../src/components/payment-modal-mirror/payment-modal-mirror.js';
import { sanitizer } from '../../src/components/lazy.js';

const CANARY = '/xss-canary';
const VECTORS: string[] = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=2">`,
  `<svg onload="window.__xss=3"></svg>`,
  `<svg><script>window.__xss=4</script></svg>`,
  `<body onload="window.__xss=5">`,
  `<iframe src="javascript:parent.__xss=6"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>`,
  `<a href="javascript:window.__xss=8">pay</a>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=9">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror="window.__xss=10">`,
  `<noscript><p title="</noscript><img src=x onerror=window.__xss=11>">`,
  `<style>@import url('${CANARY}/12');</style>`,
  `<div style="background:url('${CANARY}/13')">x</div>`,
  `<link rel=stylesheet href="${CANARY}/14">`,
  `<img src="${CANARY}/15">`,
  `<img srcset="${CANARY}/16 1x">`,
  `<video poster="${CANARY}/17"></video>`,
  `<object data="${CANARY}/18"></object>`,
  `<embed src="${CANARY}/19">`,
  `<input type=image src="${CANARY}/20">`,
  `<details open ontoggle="window.__xss=21"><summary>x</summary></details>`,
  `<input autofocus onfocus="window.__xss=22">`,
  `<marquee onstart="window.__xss=23">x</marquee>`,
  `<svg><animate onbegin="window.__xss=24" attributeName=x dur=1s></animate></svg>`,
  `<svg><a xlink:href="javascript:window.__xss=25"><text x=20 y=20>x</text></a></svg>`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__xss=26">`,
  `<base href="javascript:/x/"><a href="y">x</a>`,
  `<form action="javascript:window.__xss=28"><button type=submit class="modal-close">go</button></form>`,
  `<button class="modal-close" formaction="javascript:window.__xss=29">x</button>`,
  `<div style="width:expression(window.__xss=30)">x</div>`,
  `<svg><use href="${CANARY}/31#a"></use></svg>`,
  `<a href="data:text/html,<script>parent.__xss=33</script>">x</a>`,
  `<template><img src=x onerror="window.__xss=34"></template>`,
  `<svg><foreignObject><img src=x onerror="window.__xss=36"></foreignObject></svg>`,
  `<img src=x onerror=alert(37)>`,
  `<svg><style><img src=x onerror=window.__xss=38></style></svg>`,
  `<div style="background-image:image-set('${CANARY}/39' 1x)">x</div>`,
  `<table background="${CANARY}/40"><tr><td>x</td></tr></table>`,
  `<audio src="${CANARY}/42" autoplay></audio>`,
  `<picture><source srcset="${CANARY}/43"><img alt=x></picture>`,
  `<svg><image href="${CANARY}/44"></image></svg>`,
  `<div style="--u:url(${CANARY}/45); background: var(--u)">x</div>`,
  `<a ping="${CANARY}/46" href="#x">x</a>`,
  `<img src="x" onerror="confirm(48)"><img src="x" onerror="prompt(49)">`,
  `<svg><set attributeName="onmouseover" to="window.__xss=50"></set></svg>`,
  `<div data-x="1" onclick="window.__xss=51" class="modal-close">tap</div>`,
  `<select><option onclick="window.__xss=52">1</option></select>`,
  `<iframe src="${CANARY}/53"></iframe>`,
  `<object type="text/html" data="javascript:window.__xss=54"></object>`,
  `<math href="javascript:window.__xss=55">x</math>`,
  `<div style="background-image:u\\72l(${CANARY}/56)">x</div>`,
  `<div style="background:u\\rl(${CANARY}/57)">x</div>`,
  `<svg width="10" height="10"><rect width="10" height="10" filter="url(${CANARY}/58.svg#f)"></rect></svg>`,
  `<svg width="10" height="10"><rect width="10" height="10" fill="url(${CANARY}/59.svg#p)"></rect></svg>`,
  `<svg width="10" height="10"><rect width="10" height="10" mask="url(${CANARY}/60.svg#m)" clip-path="url(${CANARY}/61.svg#c)"></rect></svg>`,
  `<svg width="10" height="10"><path d="M0 0L10 10" marker-start="url(${CANARY}/62.svg#k)"></path></svg>`,
  // Fragment-only URLs resolve to the page itself: on a resource attribute they fetch it.
  `<img src="#">`,
  `<IMG SRC=# onmouseover="window.__xss=64">`,
  `<input type=image src="#x">`,
  `<svg><image href="#"></image></svg>`,
  // A frameset leaves DOMPurify no body: it returns null instead of a fragment.
  `<frameset onload="window.__xss=68">`,
  `<FRAMESET><FRAME SRC="javascript:window.__xss=69;"></FRAMESET>`,
  `<frameset onpageshow="window.__xss=70">\n\n<body onpageshow="window.__xss=70">`,
];

describe('mirrored modal HTML sanitizer', () => {
  it(`neutralises ${VECTORS.length} known XSS and exfiltration vectors`, async () => {
    expect(VECTORS.length).to.be.at.least(30);
    const w = window as unknown as Record<string, unknown>;
    const dialogs: string[] = [];
    const originals = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
    window.alert = (m?: unknown) => void dialogs.push(`alert ${m}`);
    window.confirm = (m?: string) => (dialogs.push(`confirm ${m}`), false);
    window.prompt = (m?: string) => (dialogs.push(`prompt ${m}`), null);
    try {
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      // The sanitizer's own code loads at the first mirrored dialog: that fetch is ours, not
      // the content's, so it happens before the count starts.
      await sanitizer.load();
      const resourcesBefore = performance.getEntriesByType('resource').length;
      const render = (markup: string) => {
        const mirror = document.createElement('payment-modal-mirror') as PaymentModalMirror;
        mirror.modal = { visible: true, modal_type: 'payment', html: markup, data: {} };
        host.append(mirror);
        return mirror;
      };
      const mirrors = VECTORS.map((vector) => render(`<div class="modal"><p>Total 27.750</p>${vector}</div>`));
      const alone = VECTORS.map((vector) => render(vector));
      const failedUpdates = (await Promise.allSettled([...mirrors, ...alone].map((mirror) => mirror.updateComplete)))
        .map((result, index) => (result.status === 'rejected' ? `vector ${index % VECTORS.length}: ${result.reason}` : ''))
        .filter(Boolean);
      expect(failedUpdates, 'updates that threw').to.deep.equal([]);
      for (const [index, mirror] of alone.entries()) {
        expect(mirror.shadowRoot!.querySelector('[part=dialog] .mirrored'), `vector ${index} alone renders a dialog`).to.exist;
      }
      // Try to trigger whatever survived: click and hover everything, focus every field.
      for (const mirror of [...mirrors, ...alone]) {
        for (const element of mirror.shadowRoot!.querySelectorAll<HTMLElement | SVGElement>('.mirrored *')) {
          element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
          if (element instanceof HTMLElement) element.click();
          else element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
          element.focus?.();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 600));
      const flags = Object.keys(w).filter((key) => key.startsWith('__xss'));
      expect(flags, 'window flags set by a vector').to.deep.equal([]);
      expect(dialogs, 'dialogs opened').to.deep.equal([]);
      const fetched = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).slice(resourcesBefore);
      expect(fetched.map((entry) => `${entry.initiatorType} ${entry.name}`), 'resources fetched').to.deep.equal([]);
      const { hits } = await (await fetch('/xss-canary-log')).json();
      expect(hits, 'requests seen by the server').to.deep.equal([]);
      for (const [index, mirror] of mirrors.entries()) {
        const content = mirror.shadowRoot!.querySelector('.mirrored')!;
        expect(content.textContent, `vector ${index} keeps the legitimate text`).to.contain('Total 27.750');
        expect(content.querySelector('script, iframe, object, embed, style, link, meta, base, form, template'), `vector ${index}`).to.equal(null);
        for (const element of content.querySelectorAll('*')) {
          for (const attribute of element.getAttributeNames()) {
            expect(attribute.startsWith('on'), `vector ${index}: ${attribute}`).to.equal(false);
          }
        }
      }
    } finally {
      Object.assign(window, originals);
    }
  });

  it('keeps SVG references inside the document (url(#id))', async () => {
    const mirror = await fixture<PaymentModalMirror>(html`<payment-modal-mirror
      .modal=${{ visible: true, modal_type: 'payment', html: '<svg><defs><linearGradient id="g"></linearGradient></defs><rect fill="url(#g)" width="4" height="4"></rect></svg>', data: {} }}
    ></payment-modal-mirror>`);
    expect(mirror.shadowRoot!.querySelector('rect')!.getAttribute('fill')).to.equal('url(#g)');
  });

  it('keeps the content readable: text, layout classes, inline images, values the cashier typed', async () => {
    const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const mirror = await fixture<PaymentModalMirror>(html`<payment-modal-mirror
      .modal=${{
        visible: true,
        modal_type: 'payment',
        html: `<div class="modal-box"><h2>Pembayaran</h2><img alt="logo" src="${pixel}"><label>Uang diterima <input name="tendered" value="100000"></label>
          <select><option>Tunai</option><option selected>QRIS</option></select><textarea>catatan</textarea>
          <input type="checkbox" checked><a href="#total">Total</a><button class="pay">Bayar</button><button class="modal-close">×</button></div>`,
        data: {},
      }}
    ></payment-modal-mirror>`);
    const content = mirror.shadowRoot!.querySelector('.mirrored')!;
    expect(content.querySelector('h2')!.textContent).to.equal('Pembayaran');
    expect(content.querySelector('img')!.getAttribute('src')).to.equal(pixel);
    expect(content.querySelector<HTMLInputElement>('input[name=tendered]')!.value).to.equal('100000');
    expect(content.querySelector('select')!.selectedOptions[0]!.textContent).to.equal('QRIS');
    expect(content.querySelector('textarea')!.value).to.equal('catatan');
    expect(content.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked).to.equal(true);
    expect(content.querySelector('a')!.getAttribute('href')).to.equal('#total');
  });
});
