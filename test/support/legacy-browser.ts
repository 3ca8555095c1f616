/**
 * Makes a modern Chromium look like the oldest browsers the legacy build serves (Chrome/
 * Android WebView 61, Safari 12, Firefox 63), as far as script can see: every global,
 * static and prototype method that at least one of them lacks is deleted before the page's
 * own scripts run. Syntax cannot be taken away this way; the ES2017 parse test covers it.
 */

/** `[owner expression, property]`: deleted (with the owner's prototype chain searched) before load. */
export const POST_2017_FEATURES: Array<[string, string]> = [
  // Globals.
  ...(
    [
      'globalThis', 'WeakRef', 'FinalizationRegistry', 'queueMicrotask', 'structuredClone', 'AbortController',
      'AbortSignal', 'ResizeObserver', 'BroadcastChannel', 'AggregateError', 'BigInt', 'EventTarget',
      'IntersectionObserver', 'requestIdleCallback', 'cancelIdleCallback', 'ReportingObserver', 'Iterator',
    ] as const
  ).map((name): [string, string] => ['window', name]),
  ['Intl', 'RelativeTimeFormat'], ['Intl', 'PluralRules'], ['Intl', 'ListFormat'], ['Intl', 'Locale'],
  ['Intl', 'DisplayNames'], ['Intl', 'Segmenter'], ['Intl.NumberFormat.prototype', 'formatToParts'],
  ['Object', 'fromEntries'], ['Object', 'hasOwn'], ['Object', 'groupBy'], ['Map', 'groupBy'],
  ['Promise', 'allSettled'], ['Promise', 'any'], ['Promise', 'withResolvers'], ['Promise.prototype', 'finally'],
  ['Array.prototype', 'flat'], ['Array.prototype', 'flatMap'], ['Array.prototype', 'at'], ['Array.prototype', 'findLast'],
  ['Array.prototype', 'findLastIndex'], ['Array.prototype', 'toSorted'], ['Array.prototype', 'toReversed'],
  ['Array.prototype', 'toSpliced'], ['Array.prototype', 'with'], ['Array', 'fromAsync'],
  ['String.prototype', 'replaceAll'], ['String.prototype', 'matchAll'], ['String.prototype', 'at'],
  ['String.prototype', 'trimStart'], ['String.prototype', 'trimEnd'], ['String.prototype', 'isWellFormed'],
  ['Symbol.prototype', 'description'], ['Symbol', 'asyncIterator'],
  ['Element.prototype', 'toggleAttribute'], ['Element.prototype', 'replaceChildren'], ['Element.prototype', 'getAnimations'],
  ['Element.prototype', 'checkVisibility'], ['HTMLElement.prototype', 'inert'], ['HTMLSlotElement.prototype', 'assignedElements'],
  ['HTMLElement.prototype', 'attachInternals'], ['Document.prototype', 'adoptedStyleSheets'], ['ShadowRoot.prototype', 'adoptedStyleSheets'],
  ['CSSStyleSheet.prototype', 'replace'], ['CSSStyleSheet.prototype', 'replaceSync'], ['crypto', 'randomUUID'],
  ['Array.prototype', 'values'], ['Window.prototype', 'reportError'], ['window', 'reportError'],
];

/** Script text for `evaluateOnNewDocument`: deletes them, and records which were there. */
export const STRIP_POST_2017 = `(() => {
  const deleted = [];
  for (const [ownerPath, name] of ${JSON.stringify(POST_2017_FEATURES)}) {
    let owner = ownerPath.split('.').reduce((object, key) => (object == null ? object : object[key]), window);
    // The property may live on a prototype of the owner (window's globals, DOM interfaces).
    while (owner && !Object.prototype.hasOwnProperty.call(owner, name)) owner = Object.getPrototypeOf(owner);
    if (owner && delete owner[name]) deleted.push(ownerPath + '.' + name);
  }
  // MediaQueryList before Safari 14: addListener only (no EventTarget methods).
  const mql = window.MediaQueryList && MediaQueryList.prototype;
  if (mql) for (const name of ['addEventListener', 'removeEventListener']) Object.defineProperty(mql, name, { value: undefined, configurable: true });
  window.__strippedFeatures = deleted;
})();`;
