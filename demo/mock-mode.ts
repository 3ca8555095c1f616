/**
 * Offline mode of the demo pages: `npm run dev:mock`, or `?mock` on any demo page. MSW
 * answers the hub's endpoints in the page and tabs share one mock state, so the display and
 * the cashier simulator work with no hub at all. `?scenario=cash-sale&loop&speed=2` plays
 * a scenario.
 */
const params = new URLSearchParams(location.search);

export const mockMode = import.meta.env.MODE === 'mock' || params.has('mock');

export async function startMockIfAsked(): Promise<void> {
  if (!mockMode) return;
  const { startDisplayMock } = await import('../src/mocks/browser.js');
  await startDisplayMock({
    scenario: params.get('scenario') ?? undefined,
    loop: params.has('loop'),
    speed: Number(params.get('speed')) || 1,
  });
  document.documentElement.dataset.mock = 'on';
}
