/**
 * A hub that lives in the page, behind MSW: an `sse` handler for the stream and handlers
 * for every endpoint. Not a second implementation: it is the hub core (`Hub`) behind the
 * same framework-free API (`hub-api.ts`) the real server uses, so the mock validates,
 * replies and streams exactly as the hub does, 400s included.
 */
import { http, HttpResponse, sse, type RequestHandler } from 'msw';
import { createHubApi, type ApiRequest, type HubApi, type Reply } from '../hub/api/hub-api.js';
import { Hub, type HubOptions, type Subscriber } from '../hub/hub.js';
import { bodyTooLarge, parseJsonBody } from '../hub/api/json-body.js';
import { DEFAULT_MAX_BODY_BYTES, API_BASE_PATH, type Command, type EventName, parseFrames } from '../protocol/index.js';

export interface MockHubOptions extends HubOptions {
  /** Origin the handlers answer for (`http://localhost:5000`); default: any origin. */
  baseUrl?: string;
  /** Largest accepted body, as the hub's `--max-body`. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Browser origins allowed to publish (default: any, so pages on any port work offline). */
  allowOrigins?: readonly string[];
  /** Use this hub (e.g. one shared with other tabs). */
  hub?: Hub;
}

export interface MockHub {
  readonly hub: Hub;
  /** The MSW handlers: give them to `setupWorker(...)` or `setupServer(...)`. */
  readonly handlers: RequestHandler[];
  /** The hub's prompts (scenarios that ask the shopper and answer by themselves use them). */
  readonly prompts: Hub['prompts'];
  /** Publishes as a POST would, without HTTP (scenarios use this). */
  publish(lane: string, command: Command): void;
  /** Drops every stream; with `offlineMs`, refuses reconnections that long (a network outage). */
  drop(options?: { offlineMs?: number }): void;
  close(): void;
}

/** Every event the stream carries, with its data as JSON text. */
type WireEvents = { [K in EventName | 'prompt-response']: string };

function toApiRequest(request: Request): ApiRequest {
  // Every request comes from this page: one address for the brake on guessing.
  return { method: request.method, url: new URL(request.url), header: (name) => request.headers.get(name) ?? undefined, address: 'page' };
}

function toResponse({ status, body, headers }: Reply): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

type SseClient = Parameters<Parameters<typeof sse<WireEvents>>[1]>[0]['client'];

/** An MSW stream client as a hub subscriber: frames become MSW messages. */
function sseSubscriber(client: SseClient, onClose: () => void): Subscriber {
  let open = true;
  const subscriber: Subscriber = {
    send(frame) {
      if (!open) return;
      try {
        // Our frames carry our event names, with their data already as JSON text.
        for (const message of parseFrames(frame.text)) client.send(message as Parameters<typeof client.send>[0]);
      } catch {
        subscriber.close(); // the page closed the EventSource
      }
    },
    close() {
      if (!open) return;
      open = false;
      onClose();
      client.close();
    },
  };
  return subscriber;
}

/** The POST endpoints, health and preflights: the hub API's replies as MSW responses. */
function endpointHandler(base: string, api: HubApi, maxBodyBytes: number): RequestHandler {
  return http.all(`${base}/*`, async ({ request }) => {
    const decision = api.decide(toApiRequest(request));
    switch (decision.type) {
      case 'next':
      case 'stream': // a plain GET of the stream (not an EventSource): not mocked
      case 'responses':
        return undefined;
      case 'reply':
        return toResponse(decision.reply);
      case 'preflight':
        return new HttpResponse(null, { status: 204, headers: decision.headers });
      case 'publish': {
        const bytes = new Uint8Array(await request.arrayBuffer());
        const body = bytes.length > maxBodyBytes ? bodyTooLarge(maxBodyBytes) : parseJsonBody(bytes, request.headers.get('content-type'));
        return toResponse(await api.publish(decision, body));
      }
    }
  });
}

export function createMockHub(options: MockHubOptions = {}): MockHub {
  const hub = options.hub ?? new Hub(options);
  const api = createHubApi({ hub, allowOrigins: options.allowOrigins ?? ['*'] });
  const base = `${options.baseUrl ? options.baseUrl.replace(/\/+$/, '') : '*'}${API_BASE_PATH}`;
  let offlineUntil = 0;

  const stream = sse<WireEvents>(`${base}/stream`, ({ request, client }) => {
    const decision = api.decide(toApiRequest(request));
    if (decision.type !== 'stream' || Date.now() < offlineUntil) return client.error();
    const subscriber = sseSubscriber(client, () => disconnect());
    const disconnect = hub.connect(decision.lane, subscriber, decision.lastEventId);
    request.signal?.addEventListener('abort', () => subscriber.close(), { once: true });
  });

  // The cashier's answers stream, under the same access rules as the hub's.
  const responses = sse<WireEvents>(`${base}/responses`, ({ request, client }) => {
    const decision = api.decide(toApiRequest(request));
    if (decision.type !== 'responses') return client.error();
    const subscriber = sseSubscriber(client, () => stop());
    const stop = api.listenResponses(decision.lane, subscriber);
    request.signal?.addEventListener('abort', () => subscriber.close(), { once: true });
  });

  return {
    hub,
    handlers: [stream, responses, endpointHandler(base, api, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)],
    prompts: hub.prompts,
    publish: (lane, command) => void hub.publish(lane, command),
    drop({ offlineMs = 0 } = {}) {
      offlineUntil = Date.now() + offlineMs;
      hub.disconnectAll();
    },
    close: () => void hub.close(),
  };
}
