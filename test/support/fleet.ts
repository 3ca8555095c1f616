/**
 * Helpers for the many-screens tests: a display's identity, pairing one over HTTP the way
 * the display page does (control stream, code, admin assign), admin requests.
 */
import { randomBytes } from 'node:crypto';
import { openSse, type SseStream } from './sse-client.js';

export const API = '/api/customer-display';

export interface DisplayIdentity {
  id: string;
  key: string;
}

export function newIdentity(): DisplayIdentity {
  return { id: randomBytes(12).toString('base64url'), key: randomBytes(32).toString('base64url') };
}

/** Opens a display's control stream and waits for its first word (`pairing` or `paired`). */
export async function openControl(hubUrl: string, identity: DisplayIdentity): Promise<SseStream> {
  const control = await openSse(`${hubUrl}${API}/pair?display=${identity.id}&key=${identity.key}`);
  await control.waitFor((e) => e.event === 'pairing' || e.event === 'paired');
  return control;
}

export async function admin(hubUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${hubUrl}${API}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Pairs a new display with `lane` through the admin API; resolves with its identity and open control stream. */
export async function pairDisplay(hubUrl: string, adminToken: string, lane: string, name = 'Test screen', adminUrl = hubUrl) {
  const identity = newIdentity();
  const control = await openControl(hubUrl, identity);
  const code = (control.events.find((e) => e.event === 'pairing')!.data as { code: string }).code;
  const assigned = await admin(adminUrl, adminToken, 'POST', `displays/${code}/assign`, { lane, name });
  if (assigned.status !== 200) throw new Error(`assign failed: ${assigned.status} ${JSON.stringify(assigned.body)}`);
  await control.waitFor((e) => e.event === 'paired');
  return { identity, control, code };
}

/** The status a stream request gets (then closes it). */
export async function streamStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const stream = await openSse(url, headers);
  const status = stream.response.statusCode ?? 0;
  stream.close();
  return status;
}
