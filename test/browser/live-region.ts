/**
 * Whether a screen reader announces changes to an element: true inside a live region
 * (`aria-live` polite/assertive, or role status/alert/log), unless it or an ancestor is
 * `aria-hidden="true"` or `aria-live="off"` (the nearest setting wins). Crosses shadow roots.
 */
export function isAnnounced(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    if (node.getAttribute('aria-hidden') === 'true') return false;
    const live = node.getAttribute('aria-live');
    if (live) return live !== 'off';
    if (['status', 'alert', 'log'].includes(node.getAttribute('role') ?? '')) return true;
  }
  return false;
}
