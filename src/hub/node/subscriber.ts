/**
 * Adapts a `node:http` response to a hub {@link Subscriber}: the SSE headers, then each
 * frame's bytes (encoded once for every stream) written straight to the socket, and a bound
 * on what may queue up for a display that stopped reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Frame } from '../../protocol/index.js';
import type { Subscriber } from '../stream.js';

export interface NodeSubscriberOptions {
  /** A stream whose unsent buffer passes this many bytes is closed; it resumes by id. */
  maxBufferedBytes: number;
  /** Called when the stream is closed for passing that bound (metrics). */
  onOverflow?: () => void;
}

const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  // The stream ends with its connection: no chunked framing around every event.
  Connection: 'close',
  // Proxies (nginx) must pass each event on at once.
  'X-Accel-Buffering': 'no',
  // Displays are served from anywhere (another port, a file:// page): the stream is public.
  'Access-Control-Allow-Origin': '*',
};

export function openNodeSubscriber(req: IncomingMessage, res: ServerResponse, options: NodeSubscriberOptions): Subscriber {
  const socket = req.socket;
  // Events are small and latency matters more than packet count.
  socket.setNoDelay?.(true);
  socket.setTimeout?.(0);
  // Over HTTP/1.x the stream owns its connection: bytes go straight to the socket. HTTP/2
  // (Vite with https) multiplexes streams on one socket: write through the response.
  const direct = req.httpVersionMajor === 1;
  const out: { write(bytes: Uint8Array): unknown; readonly writableLength: number } = direct ? socket : res;
  // Headers go out with the opening, so a hub that refuses the stream (lane limit) can
  // still answer with a JSON error instead.
  const start = () => {
    if (res.headersSent) return;
    if (direct) {
      // Without a length and without chunking, the body is delimited by the connection's end.
      res.removeHeader('Transfer-Encoding');
      res.writeHead(200, SSE_HEADERS);
    } else {
      const { Connection: _connectionIsPerHop, ...headers } = SSE_HEADERS;
      res.writeHead(200, headers);
    }
    res.flushHeaders();
  };
  const open = () => !res.writableEnded && !res.destroyed && !socket.destroyed;

  return {
    send(frame: Frame) {
      if (!open()) return;
      start();
      out.write(frame.bytes);
      if (out.writableLength <= options.maxBufferedBytes) return;
      options.onOverflow?.();
      if (direct) socket.destroy();
      else res.destroy();
    },
    close() {
      if (!open()) return;
      start();
      res.end();
      // Written around the response: make sure the connection goes with it.
      if (direct) socket.end();
    },
  };
}
