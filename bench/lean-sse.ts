/**
 * The cheapest subscriber that still proves delivery: a raw TCP socket that sends the GET
 * by hand and, per read, only looks for the bill numbers in the bytes. No HTTP parser, no
 * JSON.parse. With 1000 subscribers the bench process parsing every stream with the full
 * client (test/support/sse-client.ts) is itself the bottleneck on 2 cores; this client's
 * figures show how much of a latency is the server and how much is the bench.
 */
import { connect, type Socket } from 'node:net';

export interface LeanEvent {
  event: 'bill-update';
  data: { bill_number: string };
  /** performance.now() when the read holding the end of the frame arrived. */
  at: number;
}

export interface LeanStream {
  readonly events: LeanEvent[];
  close(): void;
}

const BILL_NUMBER = /"bill_number":"([^"]+)"/g;

/**
 * Resolves once the response headers arrived (the stream is registered by then). With
 * `onBill`, each bill number is handed to it instead of being kept in `events`.
 */
export function openLeanSse(url: string, onBill?: (billNumber: string, at: number) => void): Promise<LeanStream> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const events: LeanEvent[] = [];
    let pending = '';
    let open = false;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      const at = performance.now();
      pending += chunk.toString('latin1');
      if (!open) {
        const headersEnd = pending.indexOf('\r\n\r\n');
        if (headersEnd < 0) return;
        if (!pending.startsWith('HTTP/1.1 200')) return reject(new Error(`stream refused: ${pending.slice(0, 40)}`));
        open = true;
        resolve({ events, close: () => socket.destroy() });
        pending = pending.slice(headersEnd + 4);
      }
      // Only complete frames are scanned; a frame cut by a read boundary waits for its end.
      const end = pending.lastIndexOf('\n\n');
      if (end < 0) return;
      const complete = pending.slice(0, end);
      pending = pending.slice(end + 2);
      for (const match of complete.matchAll(BILL_NUMBER)) {
        if (onBill) onBill(match[1]!, at);
        else events.push({ event: 'bill-update', data: { bill_number: match[1]! }, at });
      }
    });
    socket.on('error', (error) => (open ? undefined : reject(error)));
  });
}
