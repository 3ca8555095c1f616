/**
 * Serialises Server-Sent Events. A frame is formatted once and written to every stream,
 * so fan-out costs one string per event, not one per display.
 */

export interface SseMessage {
  event: string;
  data: unknown;
  /** Omitted for heartbeats: they are not replayable, so they must not move `Last-Event-ID`. */
  id?: number | string;
}

/** `data` is JSON; JSON never contains a raw newline, so one `data:` line always suffices. */
export function formatSseFrame({ event, data, id }: SseMessage): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Tells the browser how long to wait before its own reconnect attempt. */
export function formatSseRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.round(retryMs))}\n\n`;
}
