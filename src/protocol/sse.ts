/**
 * Server-Sent Events as the hub writes them: formatted once per event, encoded to bytes
 * once, written to every stream (fan-out costs one encoding per event, not one per display).
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

const encoder = new TextEncoder();

/**
 * SSE text ready to write: streams that carry bytes (node:http) take {@link bytes}, encoded
 * on first use and shared by every stream; streams that carry messages (MSW,
 * BroadcastChannel) take {@link text}.
 */
export class Frame {
  private encoded: Uint8Array | undefined;
  constructor(readonly text: string) {}

  get bytes(): Uint8Array {
    return (this.encoded ??= encoder.encode(this.text));
  }

  /** Its size in bytes (what it costs to keep in a replay buffer). */
  get byteLength(): number {
    return this.bytes.byteLength;
  }

  static of(...parts: Array<Frame | string>): Frame {
    return new Frame(parts.map((part) => (typeof part === 'string' ? part : part.text)).join(''));
  }
}

/**
 * Splits SSE text as the hub writes it back into messages, for transports that carry
 * messages rather than bytes (MSW's `client.send`, BroadcastChannel). Only the grammar the
 * hub writes: `retry:`, `id:`, `event:`, one `data:` line per message.
 */
export type FrameMessage = { retry: number } | { id?: string; event?: string; data: string };

export function parseFrames(text: string): FrameMessage[] {
  const messages: FrameMessage[] = [];
  for (const block of text.split('\n\n')) {
    if (!block) continue;
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.retry !== undefined) messages.push({ retry: Number(fields.retry) });
    if (fields.data !== undefined) messages.push({ id: fields.id, event: fields.event, data: fields.data });
  }
  return messages;
}
