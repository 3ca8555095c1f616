/**
 * How `ask()` reaches a hub: post a prompt (or its cancellation) and hear the answers. Two
 * lines: HTTP (`POST /prompt`, `GET /responses` read as a fetch stream, so the cashier's
 * token goes in a header, which EventSource cannot send) and the BroadcastChannel hub in
 * this window (`broadcast-hub.ts`).
 */
import { API_BASE_PATH, parseFrames, PromptResponseEvent, validate, type PromptResponse } from '../protocol/index.js';
import { postCommand, type HttpTransportOptions } from './http-transport.js';
import type { PublishResult } from './types.js';

export type PromptAction = 'prompt' | 'cancel-prompt';

export interface PromptLine {
  /**
   * Starts hearing answers (`onResponse` for each); resolves true once listening, false
   * when the hub cannot be reached. `onLost`: the line dropped (it may be opened again).
   */
  open(onResponse: (response: PromptResponse) => void, onLost: () => void): Promise<boolean>;
  close(): void;
  post(action: PromptAction, body: unknown): Promise<PublishResult>;
}

/** Reads SSE text as it arrives: complete blocks out, the rest kept for the next chunk. */
export class SseTextReader {
  private buffer = '';

  /** The `{event, data}` messages completed by `chunk`. */
  push(chunk: string): Array<{ event?: string; data: string }> {
    this.buffer += chunk;
    const end = this.buffer.lastIndexOf('\n\n');
    if (end < 0) return [];
    const complete = this.buffer.slice(0, end + 2);
    this.buffer = this.buffer.slice(end + 2);
    return parseFrames(complete).filter((message): message is { event?: string; data: string } => 'data' in message);
  }
}

/** A `prompt-response` data, validated (a hub of another version may send more). */
function parseResponse(data: string): PromptResponse | null {
  try {
    const checked = validate(PromptResponseEvent, JSON.parse(data));
    return checked.ok ? checked.value : null;
  } catch {
    return null;
  }
}

/** The valid answers among SSE messages (others, such as `connected`, are skipped). */
export function responsesIn(messages: string | Array<{ event?: string; data: string }>): PromptResponse[] {
  const list = typeof messages === 'string' ? parseFrames(messages).filter((message): message is { event?: string; data: string } => 'data' in message) : messages;
  return list.flatMap((message) => {
    const answer = message.event === 'prompt-response' ? parseResponse(message.data) : null;
    return answer ? [answer] : [];
  });
}

export class HttpPromptLine implements PromptLine {
  private controller: AbortController | undefined;

  constructor(private readonly http: HttpTransportOptions) {}

  async open(onResponse: (response: PromptResponse) => void, onLost: () => void): Promise<boolean> {
    this.close();
    const controller = (this.controller = new AbortController());
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (this.http.token) headers.Authorization = `Bearer ${this.http.token}`;
    // The timeout covers the connection only: the stream itself stays open as long as needed.
    const connectTimer = setTimeout(() => controller.abort(), this.http.timeoutMs);
    try {
      const response = await this.http.fetch(`${this.http.base}${API_BASE_PATH}/responses${this.http.laneQuery}`, { headers, signal: controller.signal });
      clearTimeout(connectTimer);
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return false;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const sse = new SseTextReader();
      // Listening once the hub's greeting arrives: a prompt posted after it cannot be missed.
      return await new Promise<boolean>((listening) => {
        const pump = async (): Promise<void> => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const messages = sse.push(value);
            if (messages.some((message) => message.event === 'connected')) listening(true);
            responsesIn(messages).forEach(onResponse);
          }
        };
        pump()
          .catch(() => undefined)
          .finally(() => {
            listening(false);
            if (this.controller === controller) onLost();
          });
      });
    } catch {
      clearTimeout(connectTimer);
      return false;
    }
  }

  close(): void {
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
  }

  post(action: PromptAction, body: unknown): Promise<PublishResult> {
    return postCommand(this.http, { command: action, body });
  }
}
