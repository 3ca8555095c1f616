/**
 * Finds and launches the system Chromium. Nothing here downloads a browser: `CHROME_PATH`
 * wins, then the usual Debian/Ubuntu paths; without one we fail with what to install.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const CHROME_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found. Install it (Debian: `apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium binary.',
    );
  }
  return found;
}

/** `args`: extra flags; `userDataDir`: a profile kept across launches (a screen that reboots). */
export function launchChromium(options: { args?: string[]; userDataDir?: string } = {}): Promise<Browser> {
  // A page that stops answering fails its test in 30 s, not puppeteer's default 3 min.
  return puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    args: [...CHROME_FLAGS, ...(options.args ?? [])],
    userDataDir: options.userDataDir,
    protocolTimeout: 30_000,
  });
}
