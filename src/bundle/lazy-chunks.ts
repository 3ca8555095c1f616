/**
 * The drop-in bundle's version of `src/components/lazy-modules.ts` (the build swaps it in):
 * loads `customer-display.<name>.js` from the folder the bundle itself was loaded from, as
 * a classic script, so a page still needs one script tag and no module support.
 */
import type { QrEncoderModule, SanitizerModule, ScheduleModule } from '../components/lazy-modules.js';
import { CHUNK_GLOBAL, type ChunkCallbacks } from './chunk-registry.js';

/** Where this bundle came from, read while it runs (later `currentScript` is another script or null). */
function bundleUrl(): string {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current.src;
  const found = [...document.querySelectorAll<HTMLScriptElement>('script[src*="customer-display"]')].pop();
  return found?.src ?? document.baseURI;
}

const BASE = bundleUrl();

function callbacks(): ChunkCallbacks {
  const holder = window as unknown as Record<string, ChunkCallbacks | undefined>;
  return (holder[CHUNK_GLOBAL] ??= {});
}

/** Chunks asked for, by name: one script each, however many ask (a failed load is forgotten, to be asked again). */
const loaded = new Map<string, Promise<unknown>>();

/**
 * Loads `customer-display.<name>.js` once; its module when it has run. Two callers may want
 * the same chunk (the pairing chunk: `<display-sync>` and `<customer-display>`): they share one load.
 */
export function loadChunk<T>(name: string): Promise<T> {
  let pending = loaded.get(name);
  if (!pending) {
    pending = insertChunkScript(name);
    loaded.set(name, pending);
    pending.catch(() => loaded.delete(name));
  }
  return pending as Promise<T>;
}

function insertChunkScript(name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(`customer-display.${name}.js`, BASE).href;
    callbacks()[name] = resolve;
    script.onerror = () => {
      script.remove();
      reject(new Error(`pos-customer-display: could not load ${script.src}`));
    };
    document.head.append(script);
  });
}

/**
 * Fetches `customer-display.<name>.js` into the browser's cache without running it
 * (`<link rel=prefetch>`; where it is unsupported, the file is fetched when first needed).
 */
export function prefetchChunkFile(name: string): void {
  const link = document.createElement('link');
  link.rel = 'prefetch';
  link.href = new URL(`customer-display.${name}.js`, BASE).href;
  document.head.append(link);
}

export const loadSanitizer = (): Promise<SanitizerModule> => loadChunk('sanitizer');
export const loadQrEncoder = (): Promise<QrEncoderModule> => loadChunk('qr');
export const loadSchedule = (): Promise<ScheduleModule> => loadChunk('schedule');
