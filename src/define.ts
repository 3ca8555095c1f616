/**
 * Registers a custom element once. A page may load the drop-in bundle and an ES module
 * build side by side; the second registration is skipped instead of throwing.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
