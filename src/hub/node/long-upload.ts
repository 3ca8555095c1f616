/**
 * Uploads to the media folder may take minutes on a phone's link (100 MB at 2 MB/s): longer
 * than `--request-timeout`, which node:http applies to a request's whole body. A socket
 * marked here carries an upload the admin token allowed: the server's deadline leaves it
 * alone (`connection-guard.ts`), and the upload keeps its own deadline instead (no byte for
 * a while: cut). Every other request, an unauthenticated upload's included, keeps the
 * deadline.
 */
import type { Socket } from 'node:net';

const uploading = new WeakSet<Socket>();

export function markLongUpload(socket: Socket): void {
  uploading.add(socket);
}

export function unmarkLongUpload(socket: Socket): void {
  uploading.delete(socket);
}

export function isLongUpload(socket: Socket): boolean {
  return uploading.has(socket);
}
