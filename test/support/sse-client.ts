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

/** Parses SSE text as it arrives and lets tests await a given event without sleeping. */
class EventCollector {
  readonly events: ReceivedEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private buffer = '';
  private retry: number | undefined;

  feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const parsed = parseBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      if (parsed.retry !== undefined) this.retry = parsed.retry;
      if (parsed.event === undefined && parsed.data === undefined) continue;
      this.events.push({ event: parsed.event ?? 'message', data: parsed.data, id: parsed.id, retry: this.retry, at: performance.now() });
    }
    for (const wake of this.waiters) wake();
  }

  waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs = 2000, fromIndex = 0): Promise<ReceivedEvent> {
    return new Promise((found, fail) => {
      const check = () => {
        const match = this.events.slice(fromIndex).find(predicate);
        if (!match) return false;
        clearTimeout(timer);
        this.waiters.delete(wake);
        found(match);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        fail(new Error(`timed out after ${timeoutMs} ms; received: ${this.events.map((e) => e.event).join(', ')}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const collector = new EventCollector();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => collector.feed(chunk));
      const ended = new Promise<void>((done) => {
        response.once('end', done);
        response.once('close', done);
        response.once('error', () => done());
      });
      resolve({
        response,
        events: collector.events,
        ended,
        close: () => req.destroy(),
        waitFor: (predicate, timeoutMs, fromIndex) => collector.waitFor(predicate, timeoutMs, fromIndex),
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
 */
export async function openFetchSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const collector = new EventCollector();
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        collector.feed(value);
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    response,
    events: collector.events,
    close: () => controller.abort(),
    waitFor: (predicate: (event: ReceivedEvent) => boolean, timeoutMs?: number) => collector.waitFor(predicate, timeoutMs),
  };
}
