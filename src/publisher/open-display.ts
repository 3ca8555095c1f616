/**
 * Opens the customer display as a window of the cashier's browser, full screen on the
 * second screen where the browser offers the Window Management API (`getScreenDetails`,
 * Chromium; asks the user once), else as a plain window. Call it from a click.
 */
interface ScreenDetailed {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
  isPrimary?: boolean;
}
interface ScreenDetails {
  screens: ScreenDetailed[];
  currentScreen: ScreenDetailed;
}

export interface OpenedDisplay {
  window: Window | null;
  /** Where it went: `second-screen` when placed there, `default` otherwise. */
  placement: 'second-screen' | 'default';
}

export async function openCustomerDisplay(url: string, options: { name?: string } = {}): Promise<OpenedDisplay> {
  const name = options.name ?? 'customer-display';
  const getScreenDetails = (window as unknown as { getScreenDetails?: () => Promise<ScreenDetails> }).getScreenDetails;
  if (getScreenDetails) {
    try {
      const details = await getScreenDetails.call(window);
      const other = details.screens.find((screen) => screen !== details.currentScreen && !screen.isPrimary) ?? details.screens.find((screen) => screen !== details.currentScreen);
      if (other) {
        const bounds = `left=${other.availLeft},top=${other.availTop},width=${other.availWidth},height=${other.availHeight}`;
        // `fullscreen` is honoured by Chromium for popups placed with this API; ignored elsewhere.
        const opened = window.open(url, name, `popup,${bounds},fullscreen`);
        if (opened) return { window: opened, placement: 'second-screen' };
      }
    } catch {
      // Permission refused, or no second screen: a plain window will do.
    }
  }
  return { window: window.open(url, name), placement: 'default' };
}
