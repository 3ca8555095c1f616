/**
 * The three browser engines behind one small interface, so one scenario runs in each:
 * Chromium (puppeteer-core over CDP), Firefox ESR (puppeteer-core over WebDriver BiDi) and
 * WebKitGTK (WebDriver classic). Nothing is downloaded: each is found on the system (or
 * through an environment variable); when one is missing, the engine says why and its tests
 * are skipped with that note.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROME_FLAGS, findChromium } from './chromium.js';
import { findWebKit, startWebKit } from './webkit-webdriver.js';

export interface EnginePage {
  /** Engine and version, e.g. `Firefox 153.0`. */
  readonly version: string;
  goto(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page (a promise is awaited); the value must be JSON. */
  run<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Script run in every document before its own scripts. */
  beforeLoad?: string;
  /** Chromium only: slow the CPU down this many times (DevTools' CPU throttling), for the bench. */
  cpuThrottling?: number;
  /** WebKitGTK only: environment of the driver and its browser (e.g. `WEBKIT_DISABLE_COMPOSITING_MODE`). */
  env?: Record<string, string>;
}

export interface Engine {
  readonly name: string;
  /** Why this engine cannot run here (missing binary); undefined when it can. */
  readonly missing: string | undefined;
  /** One page in its own browser. */
  open(options?: OpenOptions): Promise<EnginePage>;
}

const VIEWPORT = { width: 1920, height: 1080 };

async function puppeteerPage(browser: Browser, { beforeLoad, cpuThrottling }: OpenOptions): Promise<EnginePage> {
  try {
    const page: Page = await browser.newPage();
    await page.setViewport(VIEWPORT);
    if (beforeLoad) await page.evaluateOnNewDocument(beforeLoad);
    if (cpuThrottling) await (await page.createCDPSession()).send('Emulation.setCPUThrottlingRate', { rate: cpuThrottling });
    const version = await browser.version();
    return {
      version: version.replace(/^HeadlessChrome\//, 'Chromium ').replace(/^firefox\//i, 'Firefox '),
      goto: async (url) => void (await page.goto(url)),
      run: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

function chromiumMissing(): string | undefined {
  try {
    findChromium();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export const chromium: Engine = {
  name: 'Chromium',
  missing: chromiumMissing(),
  open: async (options = {}) =>
    puppeteerPage(await puppeteer.launch({ executablePath: findChromium(), headless: true, args: CHROME_FLAGS, protocolTimeout: 30_000 }), options),
};

const FIREFOX = process.env.FIREFOX_PATH ?? ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path) => existsSync(path));

export const firefox: Engine = {
  name: 'Firefox',
  missing: FIREFOX && existsSync(FIREFOX) ? undefined : 'Firefox not found (apt-get install -y firefox-esr, or FIREFOX_PATH)',
  open: async (options = {}) =>
    puppeteerPage(await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX!, headless: true, protocolTimeout: 30_000 }), options),
};

const WEBKIT = findWebKit();

/** Runs an expression through WebDriver's execute/async, passing a rejection back as an error. */
const asyncWrapper = (expression: string) => `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${expression})).then(
  (value) => done({ value: value === undefined ? null : value }),
  (error) => done({ error: String(error) + (error && error.stack ? '\\n' + error.stack : '') }));`;

export const webkit: Engine = {
  name: 'WebKitGTK',
  missing: 'missing' in WEBKIT ? `${WEBKIT.missing} not found` : undefined,
  open: async ({ beforeLoad, cpuThrottling, env } = {}) => {
    if ('missing' in WEBKIT) throw new Error(WEBKIT.missing);
    if (beforeLoad || cpuThrottling) throw new Error('WebKitGTK over WebDriver classic: no script before load, no CPU throttling');
    const session = await startWebKit(WEBKIT, env);
    await session.setWindowRect(VIEWPORT.width, VIEWPORT.height).catch(() => {});
    return {
      version: session.version,
      goto: (url) => session.navigate(url),
      run: async <T>(expression: string) => {
        const reply = await session.executeAsync<{ value?: T; error?: string }>(asyncWrapper(expression));
        if (reply.error !== undefined) throw new Error(reply.error);
        return reply.value as T;
      },
      close: () => session.close(),
    };
  },
};
