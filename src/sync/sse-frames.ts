/**
 * Splits the hub's preformatted SSE text back into messages, for transports that carry
 * messages rather than bytes (MSW's `client.send`, BroadcastChannel). Only the grammar the hub writes:
 * `retry:`, `id:`, `event:`, one `data:` line per message.
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
