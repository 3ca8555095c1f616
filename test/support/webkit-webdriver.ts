/**
 * WebKitGTK through `WebKitWebDriver` (Debian `webkit2gtk-driver`), WebDriver classic over
 * HTTP, spoken with fetch: new session, navigate, execute async script, delete session. The
 * browser (MiniBrowser, with `--automation`) needs an X display: without one in the
 * environment, a private `Xvfb` is started and stopped with the session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './hub-process.js';

const DRIVERS = ['/usr/bin/WebKitWebDriver'];
const MINI_BROWSERS = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkit2gtk-4.1/MiniBrowser'];

export interface WebKitPaths {
  driver: string;
  browser: string;
  xvfb: string | undefined;
}

/** `WEBKIT_WEBDRIVER` / `WEBKIT_BROWSER` override the driver and the browser binary. */
export function findWebKit(): WebKitPaths | { missing: string } {
  const driver = process.env.WEBKIT_WEBDRIVER ?? DRIVERS.find((path) => existsSync(path));
  const browser = process.env.WEBKIT_BROWSER ?? MINI_BROWSERS.find((path) => existsSync(path));
  const xvfb = existsSync('/usr/bin/Xvfb') ? '/usr/bin/Xvfb' : undefined;
  if (!driver || !existsSync(driver)) return { missing: 'WebKitWebDriver (apt-get install -y webkit2gtk-driver, or WEBKIT_WEBDRIVER)' };
  if (!browser || !existsSync(browser)) return { missing: 'MiniBrowser of WebKitGTK (libwebkit2gtk-4.1-0, or WEBKIT_BROWSER)' };
  if (!process.env.DISPLAY && !xvfb) return { missing: 'an X display: Xvfb (apt-get install -y xvfb) or DISPLAY' };
  return { driver, browser, xvfb };
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Starts `Xvfb` on a free display number; resolves once it accepts clients. */
async function startXvfb(xvfb: string): Promise<{ display: string; child: ChildProcess }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const display = `:${200 + Math.floor(Math.random() * 500)}`;
    if (existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)) continue;
    const child = spawn(xvfb, [display, '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && child.exitCode === null; i++) {
      if (existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)) return { display, child };
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await stop(child);
  }
  throw new Error('Xvfb did not start');
}

export interface WebDriverSession {
  readonly version: string;
  navigate(url: string): Promise<void>;
  /** Runs `body` (a function body using `arguments` and the last argument as `done`) in the page. */
  executeAsync<T>(body: string, args?: unknown[]): Promise<T>;
  setWindowRect(width: number, height: number): Promise<void>;
  close(): Promise<void>;
}

async function command(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const reply = (await response.json()) as { value: any };
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${reply.value?.error}: ${reply.value?.message}`);
  return reply.value;
}

/** `env`: added to the driver's environment, which the browser it starts inherits. */
export async function startWebKit(paths: WebKitPaths, env: Record<string, string> = {}): Promise<WebDriverSession> {
  const xvfb = process.env.DISPLAY ? undefined : await startXvfb(paths.xvfb!);
  const port = await freePort();
  const driver = spawn(paths.driver, [`--port=${port}`, '--host=127.0.0.1'], { env: { ...process.env, ...env, ...(xvfb ? { DISPLAY: xvfb.display } : {}) }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const shutdown = async () => {
    await stop(driver);
    await stop(xvfb?.child);
  };
  try {
    for (let i = 0; ; i++) {
      const ready = await fetch(`${base}/status`).then((r) => r.ok, () => false);
      if (ready) break;
      if (i > 200 || driver.exitCode !== null) throw new Error('WebKitWebDriver did not start');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const browserOptions = { binary: paths.browser, args: ['--automation'] };
    const created = await command(base, 'POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': browserOptions } } });
    const session = `/session/${created.sessionId}`;
    return {
      version: `WebKitGTK ${created.capabilities.browserVersion}`,
      navigate: (url) => command(base, 'POST', `${session}/url`, { url }),
      executeAsync: (body, args = []) => command(base, 'POST', `${session}/execute/async`, { script: body, args }),
      setWindowRect: (width, height) => command(base, 'POST', `${session}/window/rect`, { width, height }),
      close: async () => {
        await command(base, 'DELETE', session).catch(() => {});
        await shutdown();
      },
    };
  } catch (error) {
    await shutdown();
    throw error;
  }
}
