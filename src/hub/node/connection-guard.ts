/**
 * What the standalone server allows a TCP connection before the hub's handler sees it: a
 * deadline for the request (headers and body), a short idle time between requests, and a
 * cap on connections per client address. A client that dribbles bytes or opens sockets and
 * sends nothing gets them cut, instead of holding the hub's file descriptors forever.
 */
import { isLongUpload } from './long-upload.js';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { AddressSlots } from './address-limits.js';

/** A request's headers and body must have arrived within this time of its first byte. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** An idle connection between requests is closed after this time (publishers reconnect). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface ConnectionLimits {
  /** Headers and body deadline, ms; a connection that sends no request is cut after it too. */
  requestTimeoutMs: number;
  /** Idle time allowed between requests on a kept-alive connection, ms. */
  keepAliveTimeoutMs: number;
  /** Open connections per client address; 0: no cap. */
  maxConnectionsPerAddress: number;
}

/**
 * How often node:http looks for connections past their deadline (`connectionsCheckingInterval`,
 * 30 s by default, which would let a 10 s deadline run to 40 s). A quarter of the deadline,
 * within 100 ms–1 s: the check walks a list in C++, cheap at this rate.
 */
export function checkingIntervalFor(requestTimeoutMs: number): number {
  return Math.min(1000, Math.max(100, Math.floor(requestTimeoutMs / 4)));
}

/**
 * Deadlines on `server`. Streams are not cut: a GET stream is a complete request once its
 * headers have arrived, and the subscriber turns the socket's own timeout off.
 */
export function applyDeadlines(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.requestTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, limits));
}

function jsonResponse(status: string, error: string, message: string): string {
  const body = JSON.stringify({ status: 'error', error, message });
  return `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * node:http's own answer to a broken or late request (a bare 400/408/431), as the hub's
 * JSON error naming the limit. Nothing is written once a response has begun.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, limits: ConnectionLimits): void {
  // An admin's upload under way has its own deadline (`long-upload.ts`).
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && isLongUpload(socket)) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  // A client that reset the connection is gone: there is no one to answer.
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const seconds = limits.requestTimeoutMs / 1000;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      socket.write(jsonResponse('408 Request Timeout', 'request_timeout', `a request's headers and body must arrive within ${seconds} s (--request-timeout)`));
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      socket.write(jsonResponse('431 Request Header Fields Too Large', 'headers_too_large', 'the request headers are too large'));
    } else {
      socket.write(jsonResponse('400 Bad Request', 'bad_request', 'the request is not valid HTTP/1.1'));
    }
  }
  socket.destroy();
}

/**
 * Caps the connections each client address holds open. node:http's (or TLS's) own
 * connection listener only ever sees the admitted ones: a refused connection is never
 * parsed, so nothing it sends reaches the hub. Returns the count per address.
 */
export function capConnectionsPerAddress(server: Server, max: number, tls: boolean): AddressSlots {
  const slots = new AddressSlots(max);
  const serve = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) return void socket.destroy(); // already gone
    if (!slots.holdUntilClosed(address, socket)) return refuse(socket, max, tls);
    for (const listener of serve) listener.call(server, socket);
  });
  return slots;
}

/** How long a refused connection may take to read its 503 before it is cut. */
const REFUSED_LINGER_MS = 1000;

function refuse(socket: Socket, max: number, tls: boolean): void {
  socket.on('error', () => {});
  // Over TLS nothing readable can be said before a handshake: the connection is just closed.
  if (tls) return void socket.destroy();
  // Whatever it sends is dropped unread; closing with unread bytes would reset the
  // connection and could lose the 503 before the client reads it.
  socket.resume();
  socket.end(jsonResponse('503 Service Unavailable', 'too_many_connections', `this address already holds ${max} connections to the hub, the most allowed (--max-connections-per-address)`));
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
