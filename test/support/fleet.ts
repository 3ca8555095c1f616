/**
 * Helpers for the many-screens tests: a display's identity, pairing one over HTTP the way
 * the display page does (control stream, code, admin assign), admin requests.
 */
import { randomBytes } from 'node:crypto';
import { openSse, type SseStream } from './sse-client.js';

export const API = '/api/customer-display';

/** The credentials of the auth tests (`fleet-auth` over HTTP, `hub-api-decide` without sockets). */
export const TOKENS = {
  token: 'global-token-0001',
  adminToken: 'admin-token-0001',
  metricsToken: 'metrics-token-0001',
  laneTokens: { 'till-1': 'till-1-token-0001', 'till-2': { publish: 'till-2-publish-0001', read: 'till-2-read-0001' } },
};

/** Each credential of {@link TOKENS} by the name the matrices give it, and a display's secret. */
export function credentialSecrets(displayKey: string): Record<string, string | undefined> {
  return {
    missing: undefined,
    wrong: 'not-a-token-at-all',
    'global --token': TOKENS.token,
    admin: TOKENS.adminToken,
    metrics: TOKENS.metricsToken,
    'till-1 token': TOKENS.laneTokens['till-1'],
    'till-2 publish token': TOKENS.laneTokens['till-2'].publish,
    'till-2 read token': TOKENS.laneTokens['till-2'].read,
    'display (till-1)': displayKey,
  };
}

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
