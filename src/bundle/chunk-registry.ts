/**
 * How the drop-in bundle and its on-demand chunks meet: a chunk is a classic script that
 * hands its module to the callback the bundle left under this global name. (Classic
 * scripts, not `import()`: Chrome 61–62 and Firefox 63–66 have no dynamic import.)
 */
export const CHUNK_GLOBAL = '__posCustomerDisplayChunks';

export type ChunkCallbacks = Record<string, (module: unknown) => void>;

export function registerChunk(name: string, module: unknown): void {
  const callbacks = (window as unknown as Record<string, ChunkCallbacks | undefined>)[CHUNK_GLOBAL];
  callbacks?.[name]?.(module);
}
