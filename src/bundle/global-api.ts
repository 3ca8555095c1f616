/**
 * `window.CustomerDisplay`: the drop-in bundles' API for classic-script pages. The display
 * bundle and the publisher bundle each add their part to the same object, in either order.
 */
export function exposeGlobally(api: object): void {
  const holder = window as unknown as { CustomerDisplay?: Record<string, unknown> };
  Object.assign((holder.CustomerDisplay ??= {}), api);
}
