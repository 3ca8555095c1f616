/**
 * Adapts a `node:http` response to a hub {@link Subscriber}: the SSE headers, writes, and a
 * bound on what may queue up for a display that stopped reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Subscriber } from './hub.js';

export interface NodeSubscriberOptions {
  /** A stream whose unsent buffer passes this many bytes is closed; it resumes by id. */
  maxBufferedBytes: number;
}

export function openNodeSubscriber(req: IncomingMessage, res: ServerResponse, options: NodeSubscriberOptions): Subscriber {
  // Events are small and latency matters more than packet count.
  req.socket.setNoDelay(true);
  req.socket.setTimeout(0);
  // Headers go out with the opening, so a hub that refuses the stream (lane limit) can
  // still answer with a JSON error instead.
  const start = () => {
    if (res.headersSent) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (nginx) must pass each event on at once.
      'X-Accel-Buffering': 'no',
      // Displays are served from anywhere (another port, a file:// page): the stream is public.
      'Access-Control-Allow-Origin': '*',
    });
  };

  return {
    send(frame) {
      if (res.writableEnded || res.destroyed) return;
      start();
      res.write(frame);
      if (res.writableLength > options.maxBufferedBytes) res.destroy();
    },
    close() {
      if (!res.writableEnded) res.end();
    },
  };
}
