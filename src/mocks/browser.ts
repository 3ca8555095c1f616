/**
 * One line to run a display page with no hub: MSW intercepts the hub's endpoints in the
 * page, tabs share one mock state, and a scenario can play.
 *
 *   import { startDisplayMock } from 'pos-customer-display/mocks/browser';
 *   await startDisplayMock({ scenario: 'cash-sale', loop: true });
 *
 * Needs `mockServiceWorker.js` at the site root (`npx msw init public`).
 */
import { setupWorker } from 'msw/browser';
import { createMockHub, type MockHub, type MockHubOptions } from './mock-hub.js';
import { playScenario, type Playback, type PlayOptions } from '../scenarios/player.js';
import { findScenario, SCENARIOS } from '../scenarios/scenarios.js';
import { shareAcrossTabs } from './tab-sync.js';

export interface DisplayMockOptions extends MockHubOptions, PlayOptions {
  /** A scenario to play (by name: `cash-sale`, `qr-sale`, `void`, `big-bill`, `connection-drop`). */
  scenario?: string;
  /** Where the MSW worker script is served. Default `/mockServiceWorker.js`. */
  workerUrl?: string;
  /** Share the mock state with other tabs of this origin. Default true. */
  shareAcrossTabs?: boolean;
}

export interface DisplayMock {
  readonly mock: MockHub;
  playback?: Playback;
  stop(): Promise<void>;
}

export async function startDisplayMock(options: DisplayMockOptions = {}): Promise<DisplayMock> {
  const mock = createMockHub(options);
  const worker = setupWorker(...mock.handlers);
  // The page's own files, slides, fonts: not ours to mock. msw 2 names the option
  // onUnhandledRequest, msw 3 onUnhandledFrame; each ignores the other's.
  await worker.start({
    serviceWorker: { url: options.workerUrl ?? '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    onUnhandledFrame: 'bypass',
    quiet: true,
  } as Parameters<typeof worker.start>[0]);
  const unshare = options.shareAcrossTabs === false ? () => {} : shareAcrossTabs(mock.hub);
  let playback: Playback | undefined;
  if (options.scenario) {
    const scenario = findScenario(options.scenario);
    if (!scenario) throw new Error(`unknown scenario "${options.scenario}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    playback = playScenario(mock, scenario, options);
  }
  return {
    mock,
    playback,
    async stop() {
      playback?.stop();
      unshare();
      worker.stop();
      mock.close();
    },
  };
}
