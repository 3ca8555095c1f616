/**
 * What the legacy build adds for Chrome/Android WebView 61+, Safari 12+ and Firefox 63+:
 * only the built-ins this code (with lit, @lit/context, zod) calls and one of those lacks,
 * found by running the build in a Chromium stripped of every post-2017 built-in
 * (test/support/legacy-browser.ts). Each is installed only where missing.
 */
const scope = window as unknown as Record<string, unknown>;

// lit, @lit/context and zod read `globalThis` (Chrome 71, Safari 12.1, Firefox 65).
if (typeof globalThis === 'undefined') scope.globalThis = window;

// zod builds its schemas' shapes with it (Chrome 73, Safari 12.1).
if (!Object.fromEntries) {
  Object.fromEntries = <T>(entries: Iterable<readonly [PropertyKey, T]>) => {
    const object: Record<PropertyKey, T> = {};
    for (const [key, value] of entries) object[key] = value;
    return object;
  };
}

/** Adds a method the way built-ins are: not enumerable (a `for…in` over arrays stays clean). */
function addMethod(owner: object, name: string, method: (...args: never[]) => unknown): void {
  if (!(name in owner)) Object.defineProperty(owner, name, { value: method, configurable: true, writable: true });
}

// lit flattens `static styles` with it (Chrome 69).
addMethod(Array.prototype, 'flat', function flat(this: unknown[], depth = 1): unknown[] {
  const out: unknown[] = [];
  const add = (items: unknown[], level: number) => {
    for (const item of items) {
      if (Array.isArray(item) && level > 0) add(item, level - 1);
      else out.push(item);
    }
  };
  add(this, Number(depth));
  return out;
});

// Our elements reflect boolean states with it (Chrome 69).
addMethod(Element.prototype, 'toggleAttribute', function toggleAttribute(this: Element, name: string, force?: boolean): boolean {
  const on = force ?? !this.hasAttribute(name);
  if (on) this.setAttribute(name, '');
  else this.removeAttribute(name);
  return on;
});

// @lit/context's ContextRoot keeps the requests of elements outside any provider (a
// standalone <bill-panel>) as WeakRefs (Chrome 84, Safari 14.1, Firefox 79). No engine
// without WeakRef can hold a reference weakly, so this one holds it: such an element stays
// in memory while the page lives (a few per page at most).
if (typeof WeakRef === 'undefined') {
  scope.WeakRef = class WeakRef<T extends object> {
    constructor(private readonly target: T) {}
    deref(): T {
      return this.target;
    }
  };
}
