/**
 * Where elements are registered, and why apart from their classes.
 *
 * Each element is two modules:
 * - `<name>-element.ts`: the class, and nothing else. Importing it registers nothing, so a
 *   page can register it under a name of its own, subclass it, or import it into a lazy
 *   chunk without defining a tag the page did not ask for. (`src/elements.ts` gathers them.)
 * - `<name>.ts`: the package entry (`pos-customer-display/<name>`): imports the class and
 *   the elements it renders, and registers them here. Importing it is how a page says "I
 *   want `<name>`"; `src/display.ts`, `src/index.ts` and the drop-in bundle import these.
 *
 * The JSDoc `@tag` on each class tells the manifest analyzer (custom-elements.json) its tag.
 */

/**
 * Registers a custom element once. A page may load the drop-in bundle and an ES module
 * build side by side; the second registration is skipped instead of throwing.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
