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
  return formatSseJsonFrame({ event, json: JSON.stringify(data), id });
}

/**
 * A message whose `data` is JSON text already (read back from a store that kept what
 * {@link formatSseFrame} serialized): written as is, not serialized twice.
 */
export function formatSseJsonFrame({ event, json, id }: { event: string; json: string; id?: number | string }): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event}\ndata: ${json}\n\n`;
}

/** Tells the browser how long to wait before its own reconnect attempt. */
export function formatSseRetry(retryMs: number): string {
  return `retry: ${Math.max(0, Math.round(retryMs))}\n\n`;
}

/**
 * A comment: browsers ignore it, but it travels through proxies, so it keeps an idle stream
 * (one no display reads events from, like the admin page's) from being cut.
 */
export function formatSseComment(text: string): string {
  return `${text
    .split('\n')
    .map((line) => `: ${line}`)
    .join('\n')}\n\n`;
}

const encoder = new TextEncoder();

/**
 * Node's Buffer where there is one (this module also runs in browsers). A socket takes a
 * Buffer as it is, but wraps any other Uint8Array in a new Buffer on every write: with the
 * bytes wrapped once here, a frame written to 1000 streams costs one wrapper, not 1000.
 */
// `typeof` of an undeclared name is safe in every browser the legacy build serves (globalThis is not).
const NodeBuffer = typeof Buffer === 'undefined' ? undefined : Buffer;

function encode(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  // A view of the same memory (not a copy, and not a slice of Node's shared pool).
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

/**
 * SSE text ready to write: streams that carry bytes (node:http) take {@link bytes}, encoded
 * on first use and shared by every stream; streams that carry messages (MSW,
 * BroadcastChannel) take {@link text}.
 */
export class Frame {
  private encoded: Uint8Array | undefined;
  constructor(
    readonly text: string,
    /**
     * The id of the last event it carries (the display's `Last-Event-ID` once it has read
     * it), so what it was sent is known without reading the text back; none for frames
     * with no stored event (pings, prompts).
     */
    readonly lastEventId?: string,
  ) {}

  /** A message as one frame, carrying its id. */
  static ofMessage(message: SseMessage): Frame {
    return new Frame(formatSseFrame(message), message.id === undefined ? undefined : String(message.id));
  }

  get bytes(): Uint8Array {
    return (this.encoded ??= encode(this.text));
  }

  /** Its size in bytes (what it costs to keep in a replay buffer). */
  get byteLength(): number {
    return this.bytes.byteLength;
  }

  /** The parts joined, in order; the id of the last one that carries one is kept. */
  static of(...parts: Array<Frame | string>): Frame {
    let text = '';
    let lastEventId: string | undefined;
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        text += part.text;
        lastEventId = part.lastEventId ?? lastEventId;
      }
    }
    return new Frame(text, lastEventId);
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
