// Browser tests: real Chromium (Debian's, or CHROME_PATH), no browser download.
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fakeStreamMiddleware } from './test/support/fake-stream-middleware.mjs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const executablePath = candidates.find((path) => path && existsSync(path));
if (!executablePath) {
  throw new Error('No Chromium found. Install it (Debian: `apt-get install -y chromium`) or set CHROME_PATH.');
}

export default {
  files: 'test/browser/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [fakeStreamMiddleware()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--headless=new', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
      },
    }),
  ],
};
