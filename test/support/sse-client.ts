/**
 * A small SSE client for Node tests and benchmarks: real sockets, parsed frames, and
 * `waitFor` to await a given event without sleeping.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface ReceivedEvent {
  event: string;
  data: unknown;
  id?: string;
  retry?: number;
  /** `performance.now()` when the frame was parsed. */
  at: number;
}

export interface SseStream {
  readonly response: IncomingMessage;
  readonly events: ReceivedEvent[];
  /** Resolves with the first event (from `fromIndex` on) matching `predicate`. */
  waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs?: number, fromIndex?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const events: ReceivedEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let retry: number | undefined;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const parsed = parseBlock(block);
          if (parsed.retry !== undefined) retry = parsed.retry;
          if (parsed.event === undefined && parsed.data === undefined) continue;
          events.push({ event: parsed.event ?? 'message', data: parsed.data, id: parsed.id, retry, at: performance.now() });
        }
        for (const wake of waiters) wake();
      });
      const ended = new Promise<void>((done) => {
        response.once('end', done);
        response.once('close', done);
        response.once('error', () => done());
      });
      resolve({
        response,
        events,
        ended,
        close: () => req.destroy(),
        waitFor(predicate, timeoutMs = 2000, fromIndex = 0) {
          return new Promise((found, fail) => {
            const check = () => {
              const match = events.slice(fromIndex).find(predicate);
              if (!match) return false;
              clearTimeout(timer);
              waiters.delete(wake);
              found(match);
              return true;
            };
            const wake = () => void check();
            const timer = setTimeout(() => {
              waiters.delete(wake);
              fail(new Error(`timed out after ${timeoutMs} ms; received: ${events.map((e) => e.event).join(', ')}`));
            }, timeoutMs);
            if (!check()) waiters.add(wake);
          });
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function parseBlock(block: string): { event?: string; data?: unknown; id?: string; retry?: number } {
  const out: { event?: string; data?: unknown; id?: string; retry?: number } = {};
  const dataLines: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') out.event = value;
    else if (field === 'data') dataLines.push(value);
    else if (field === 'id') out.id = value;
    else if (field === 'retry') out.retry = Number(value);
  }
  if (dataLines.length) {
    const text = dataLines.join('\n');
    try {
      out.data = JSON.parse(text);
    } catch {
      out.data = text;
    }
  }
  return out;
}

/** POSTs JSON (or a raw string body) and returns status and parsed reply. */
export async function postJson(
  url: string,
  body?: unknown,
  init: { headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * The same client over `fetch` (so MSW in Node, which intercepts fetch, can answer it).
 * Returns the parsed events as they arrive.
 */
export async function openFetchSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  let retry: number | undefined;
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const parsed = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (parsed.retry !== undefined) retry = parsed.retry;
          if (parsed.event === undefined && parsed.data === undefined) continue;
          events.push({ event: parsed.event ?? 'message', data: parsed.data, id: parsed.id, retry, at: performance.now() });
        }
        for (const wake of waiters) wake();
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    response,
    events,
    close: () => controller.abort(),
    waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs = 2000): Promise<ReceivedEvent> {
      return new Promise((found, fail) => {
        const check = () => {
          const match = events.find(predicate);
          if (!match) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          found(match);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          fail(new Error(`timed out; received: ${events.map((e) => e.event).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
  };
}
