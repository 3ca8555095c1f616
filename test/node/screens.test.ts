/**
 * Every phase at 1920×1080, 1080×1920 and 1280×800, light and dark, in real Chromium from
 * the built bundle: the layout fits the screen, the key figures are on screen, text is big
 * enough to read from 3 m on a 1080p TV, colours have contrast, QR modules are scannable.
 * Screenshots go to test-results/screenshots (`npm run screenshots` refreshes docs/).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { forEachScreen, PHASES, SIZES, THEMES } from '../support/display-screens.js';

const OUT = new URL('../../test-results/screenshots/', import.meta.url).pathname;

interface Measured {
  overflowX: number;
  overflowY: number;
  key: { text: string; top: number; bottom: number; left: number; right: number; fontSize: number; contrast: number } | null;
  qrModulePx?: number;
}

describe('screens: every phase, three sizes, light and dark', () => {
  it('fit, readable, on screen', async () => {
    await mkdir(OUT, { recursive: true });
    const seen: string[] = [];
    await forEachScreen(async ({ page, size, theme, phase }) => {
      const label = `${phase} ${size.name} ${theme}`;
      await page.screenshot({ path: `${OUT}${phase}-${size.name}-${theme}.png` });
      const measured = (await page.evaluate((currentPhase) => {
        const display = document.querySelector('customer-display')!.shadowRoot!;
        // Upgraded at the first payment (the drop-in loads it on demand): absent before.
        const mirror = display.querySelector('payment-modal-mirror')?.shadowRoot;
        const luminance = (color: string) => {
          const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
            const v = Number(c) / 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const backgroundOf = (element: Element): string => {
          for (let node: Element | null = element; node; ) {
            const bg = getComputedStyle(node).backgroundColor;
            if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
            const parent: Element | null = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
            node = parent;
          }
          return 'rgb(255, 255, 255)';
        };
        const describe = (element: Element | null | undefined) => {
          if (!element) return null;
          const rect = element.getBoundingClientRect();
          const style = getComputedStyle(element);
          const [l1, l2] = [luminance(style.color), luminance(backgroundOf(element))].sort((a, b) => b - a);
          return {
            text: (element.textContent ?? '').trim(),
            top: rect.top,
            bottom: rect.bottom,
            left: rect.left,
            right: rect.right,
            fontSize: parseFloat(style.fontSize),
            contrast: (l1! + 0.05) / (l2! + 0.05),
          };
        };
        const view = mirror?.querySelector('payment-view')?.shadowRoot;
        const bill = display.querySelector('bill-panel')!.shadowRoot!;
        let key: Element | null | undefined = null;
        if (currentPhase === 'bill') key = bill.querySelector('[part~=total-row] dd');
        if (currentPhase === 'payment-cash') key = mirror?.querySelector('.change-row');
        if (currentPhase === 'payment-qris') key = view?.querySelector('[part=amount]');
        if (currentPhase === 'thanks') key = display.querySelector('thank-you-panel')!.shadowRoot!.querySelector('[part=message]');
        if (currentPhase === 'idle') key = display.querySelector('idle-slideshow')!.shadowRoot!.querySelector('[data-slide=active]');
        const qr = view?.querySelector('payment-qr');
        return {
          overflowX: document.documentElement.scrollWidth - innerWidth,
          overflowY: document.documentElement.scrollHeight - innerHeight,
          key: describe(key),
          qrModulePx: qr ? qr.getBoundingClientRect().width / (qr as unknown as { moduleCount: number }).moduleCount : undefined,
        };
      }, phase)) as Measured;

      assert.ok(measured.overflowX <= 0, `${label}: no horizontal scroll (${measured.overflowX}px over)`);
      assert.ok(measured.overflowY <= 0, `${label}: the display fits the screen (${measured.overflowY}px over)`);
      const key = measured.key;
      assert.ok(key, `${label}: the key element is rendered`);
      assert.ok(key.top >= 0 && key.left >= 0 && key.bottom <= size.height && key.right <= size.width, `${label}: the key element is on screen ${JSON.stringify(key)}`);
      if (phase !== 'idle') {
        // About 28 px at 1080p for the figures that matter; never below 18 px even at 1280×800.
        const minimum = size.width === 1920 ? 28 : 18;
        assert.ok(key.fontSize >= minimum, `${label}: "${key.text}" is ${key.fontSize}px (>= ${minimum})`);
        assert.ok(key.contrast >= 4.5, `${label}: "${key.text}" contrast ${key.contrast.toFixed(2)} (>= 4.5)`);
      }
      if (phase === 'payment-qris') assert.ok(measured.qrModulePx! >= 4, `${label}: QR modules ${measured.qrModulePx}px (>= 4)`);
      seen.push(label);
    });
    assert.equal(seen.length, PHASES.length * SIZES.length * THEMES.length);
  });
});
