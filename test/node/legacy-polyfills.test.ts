/**
 * The legacy build's hand-written polyfills behave as the built-ins they stand in for: the
 * same cases run in a Chromium stripped of every post-2017 built-in, polyfills installed,
 * and in a normal one (the built-ins themselves); the answers must be equal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { STRIP_POST_2017 } from '../support/legacy-browser.js';

/** Each case is a JS expression whose value is JSON. */
const CASES = [
  "typeof globalThis === 'object' && globalThis === window",
  "Object.fromEntries([['a', 1], ['b', [2]], ['a', 3]])",
  "Object.fromEntries(new Map([['x', true]]))",
  '[1, [2, [3, [4]]], 5].flat()',
  '[1, [2, [3, [4]]], 5].flat(2)',
  '[1, [2, [3, [4]]], 5].flat(Infinity)',
  '[[1], [], [2]].flat(0).length',
  "Object.keys([]).concat(Object.keys(Array.prototype)).includes('flat')",
  "(() => { const e = document.createElement('p'); return [e.toggleAttribute('x'), e.hasAttribute('x'), e.toggleAttribute('x'), e.hasAttribute('x'), e.toggleAttribute('y', true), e.toggleAttribute('y', true), e.toggleAttribute('y', false), e.getAttribute('y')]; })()",
  "(() => { const target = {}; const ref = new WeakRef(target); return ref.deref() === target; })()",
];

describe('legacy polyfills', () => {
  let browser: Browser;
  let polyfills: string;

  before(async () => {
    const built = await build({ entryPoints: ['src/bundle/legacy-polyfills.ts'], bundle: true, format: 'iife', target: 'es2017', write: false, logLevel: 'silent' });
    polyfills = built.outputFiles[0]!.text;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  const answers = async (stripped: boolean) => {
    const page = await browser.newPage();
    if (stripped) await page.evaluateOnNewDocument(STRIP_POST_2017);
    await page.goto('data:text/html,<!doctype html><p>');
    if (stripped) {
      const missing = await page.evaluate(`[typeof WeakRef, typeof Object.fromEntries, typeof [].flat, typeof document.body.toggleAttribute]`);
      assert.deepEqual(missing, ['undefined', 'undefined', 'undefined', 'undefined'], 'the stripped page lacks them before the polyfills');
      await page.evaluate(polyfills);
    }
    const values = [];
    for (const expression of CASES) values.push(await page.evaluate(`JSON.stringify(${expression})`));
    await page.close();
    return values;
  };

  it('answer every case as the built-ins do', async () => {
    const native = await answers(false);
    const polyfilled = await answers(true);
    CASES.forEach((expression, i) => assert.equal(polyfilled[i], native[i], expression));
  });
});
