/**
 * One command POSTed to the hub, turned into a result whatever happens (an HTTP error, no
 * network, no answer in time): it resolves, never rejects.
 */
import { API_BASE_PATH, type CommandName } from '../protocol/index.js';
import type { PublishResult } from './types.js';

export interface HttpTransportOptions {
  /** Hub base URL without a trailing slash; `''` for the page's own origin. */
  base: string;
  /** `?lane=…`, or `''` for the default lane. */
  laneQuery: string;
  token?: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** One command and its body, as queued and sent (over HTTP or a BroadcastChannel). */
export interface PublishRequest {
  command: CommandName;
  body: unknown;
  /** Outlives the page (`fetch` keepalive): for requests sent from `pagehide`. */
  keepalive?: boolean;
}

export function noAnswerMessage(timeoutMs: number): string {
  return `no answer from the hub within ${timeoutMs} ms`;
}

/** `request.command`: the endpoint (a command, or `prompt` / `cancel-prompt`). */
export async function postCommand(options: HttpTransportOptions, request: Omit<PublishRequest, 'command'> & { command: string }): Promise<PublishResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  try {
    const response = await options.fetch(`${options.base}${API_BASE_PATH}/${request.command}${options.laneQuery}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(request.body),
      keepalive: request.keepalive ?? false,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Read the (small) reply to its end: a cancelled body shows in DevTools as a failed
    // request (net::ERR_ABORTED) for every successful publish.
    const text = await response.text();
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: hubMessage(text) ?? `HTTP ${response.status}` };
  } catch (error) {
    const name = (error as Error).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, status: 0, error: timedOut ? noAnswerMessage(options.timeoutMs) : (error as Error).message };
  }
}

/** The hub's JSON error reply says what was wrong in `message`. */
function hubMessage(text: string): string | undefined {
  try {
    const reply = JSON.parse(text) as { message?: unknown };
    return typeof reply.message === 'string' && reply.message ? reply.message : undefined;
  } catch {
    return undefined;
  }
}
