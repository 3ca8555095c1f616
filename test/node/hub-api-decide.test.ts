/**
 * `HubApi.decide()` as tables: the security-critical order of checks (our path → Host →
 * route → lane → Origin → credentials) judged without a server or a socket. A Hub over the
 * memory store, the real `Credentials` and a real `DisplayRegistry` (one display paired
 * with till-1) stand behind it, as `startHubServer` wires them. The HTTP suites
 * (fleet-auth, hub-http) keep a few end-to-end rows per kind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubApi, type ApiRequest, type Decision, type HubApiOptions } from '../../src/hub/api/hub-api.js';
import { Credentials, sha256, type CredentialOptions } from '../../src/hub/fleet/credentials.js';
import { MemoryPairingStore } from '../../src/hub/fleet/pairing-store.js';
import { DisplayRegistry } from '../../src/hub/fleet/registry.js';
import { Hub } from '../../src/hub/hub.js';
import { credentialSecrets, TOKENS } from '../support/fleet.js';

const API = '/api/customer-display';
const HOST = '127.0.0.1:5000';
/** What `startHubServer` allows when bound to loopback, plus one name given with --allow-host. */
const LOOPBACK_HOSTS = ['localhost', '*.localhost', '127.0.0.1', '[::1]', 'pos.local'];

/** Paired with till-1 before the tests; the stranger is known to nobody. */
const DISPLAY = { id: 'display-till-1-000001', key: 'display-secret-of-till-1-0000000001' };
const STRANGER = { id: 'display-stranger-0001', key: 'display-secret-of-a-stranger-000001' };

let displays: DisplayRegistry;

before(async () => {
  const store = new MemoryPairingStore();
  await store.putPairing({ id: DISPLAY.id, key_hash: sha256(DISPLAY.key).toString('hex'), lane: 'till-1', name: 'Front counter', paired_at: 0 });
  displays = new DisplayRegistry(store);
  await displays.start();
});
after(() => displays.close());

/** A HubApi as the node:http handler builds it: credentials always (maybe none given), the registry always. */
function apiWith(options: CredentialOptions & Omit<HubApiOptions, 'hub' | 'credentials' | 'displays'> = {}): HubApi {
  const { token, adminToken, metricsToken, laneTokens, ...rest } = options;
  return new HubApi({ rootHealth: true, ...rest, hub: new Hub({ heartbeatMs: 0 }), credentials: new Credentials({ token, adminToken, metricsToken, laneTokens }), displays });
}

function request(method: string, target: string, headers: Record<string, string | undefined> = {}): ApiRequest {
  const all: Record<string, string | undefined> = { host: HOST };
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value;
  return { method, url: new URL(target, 'http://hub.invalid'), header: (name) => all[name.toLowerCase()] };
}

const bearer = (secret: string | undefined) => (secret === undefined ? {} : { Authorization: `Bearer ${secret}` });

/** The parts of a decision the tables state; anything a row leaves out is not compared. */
interface Expected {
  type: Decision['type'];
  status?: number;
  error?: string;
  /** The request field a 400 names. */
  field?: string;
  lane?: string;
  /** A preview stream's lanes. */
  lanes?: string[];
  command?: string;
  display?: string | null;
  lastEventId?: string | null;
  action?: string;
  target?: string | null;
  /** What the operator reads in the log about a reply. */
  note?: string;
  /** A subset of the reply's or preflight's headers (`undefined`: must be absent). */
  headers?: Record<string, string | undefined>;
}

function summarize(decision: Decision): Expected & Record<string, unknown> {
  if (decision.type === 'reply') {
    const body = decision.reply.body as { error?: string; field?: string };
    return { type: 'reply', status: decision.reply.status, error: body?.error, field: body?.field, note: decision.reply.note, headers: decision.reply.headers ?? {} };
  }
  if (decision.type === 'preflight') return { type: 'preflight', headers: decision.headers };
  if (decision.type === 'publish' || decision.type === 'responses') return { ...decision, headers: decision.cors };
  return { ...decision };
}

function assertDecision(decision: Decision, expected: Expected, label: string): void {
  const actual = summarize(decision);
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'headers') {
      for (const [name, header] of Object.entries(value as Record<string, string | undefined>)) {
        assert.equal((actual.headers as Record<string, string>)[name], header, `${label}: header ${name} in ${JSON.stringify(actual)}`);
      }
    } else assert.deepEqual(actual[key], value, `${label}: ${key} in ${JSON.stringify(actual)}`);
  }
}

type Row = [label: string, request: ApiRequest, expected: Expected];

function runRows(api: HubApi, rows: Row[]): void {
  for (const [label, req, expected] of rows) assertDecision(api.decide(req), expected, label);
}

const UNAUTHORIZED: Expected = { type: 'reply', status: 401, error: 'unauthorized', headers: { 'WWW-Authenticate': 'Bearer' } };
const FORBIDDEN: Expected = { type: 'reply', status: 403, error: 'forbidden' };
/** A refused page gets no CORS header: its script cannot even read why. */
const originRefused = (origin: string): Expected => ({ type: 'reply', status: 403, error: 'origin_not_allowed', headers: { 'Access-Control-Allow-Origin': undefined }, note: `refused a publish from origin ${origin}: allow it with --allow-origin ${origin}` });

describe('HubApi.decide: the credential matrix (as fleet-auth.test.ts checked it over HTTP)', () => {
  type Endpoint = 'publish till-1' | 'publish till-2' | 'stream till-1' | 'stream till-2' | 'admin' | 'metrics' | 'health' | 'lanes';
  const ENDPOINTS: Endpoint[] = ['publish till-1', 'publish till-2', 'stream till-1', 'stream till-2', 'admin', 'metrics', 'health', 'lanes'];
  /** The decision that lets each endpoint through. */
  const ALLOWED: Record<string, Decision['type']> = { publish: 'publish', stream: 'stream', admin: 'admin', metrics: 'metrics', health: 'reply', lanes: 'reply' };

  const SECRETS: Record<string, string | undefined> = {
    ...credentialSecrets(DISPLAY.key),
    'stranger display': STRANGER.key,
  };

  /**
   * 'ok': the endpoint's own decision; else the refusal's status. The display is paired with
   * till-1. Under --private-streams `/lanes` needs any of the hub's tokens (a display's secret
   * is not one); `/health` answers everyone, its details only to a token (checked below).
   */
  const EXPECTED: Record<string, Array<'ok' | 401 | 403>> = {
    missing: [401, 401, 401, 401, 401, 401, 'ok', 401],
    wrong: [401, 401, 401, 401, 401, 401, 'ok', 401],
    'global --token': ['ok', 'ok', 'ok', 'ok', 403, 403, 'ok', 'ok'],
    admin: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    metrics: [403, 403, 403, 403, 403, 'ok', 'ok', 'ok'],
    'till-1 token': ['ok', 403, 'ok', 403, 403, 403, 'ok', 'ok'],
    'till-2 publish token': [403, 'ok', 403, 'ok', 403, 403, 'ok', 'ok'],
    'till-2 read token': [403, 403, 403, 'ok', 403, 403, 'ok', 'ok'],
    'display (till-1)': [401, 401, 'ok', 403, 401, 401, 'ok', 401],
    'stranger display': [401, 401, 401, 401, 401, 401, 'ok', 401],
  };

  /** As a till, a display page, the admin page and Prometheus send it: streams carry the secret in the query. */
  function requestFor(who: string, endpoint: Endpoint): ApiRequest {
    const secret = SECRETS[who];
    const [kind, lane] = endpoint.split(' ') as [string, string | undefined];
    if (kind === 'publish') return request('POST', `${API}/update-bill?lane=${lane}`, bearer(secret));
    if (kind === 'stream') {
      const display = who === 'display (till-1)' ? DISPLAY.id : who === 'stranger display' ? STRANGER.id : undefined;
      const query = new URLSearchParams({ lane: lane!, ...(secret ? { key: secret } : {}), ...(display ? { display } : {}) });
      return request('GET', `${API}/stream?${query}`);
    }
    const path = { admin: `${API}/displays`, metrics: '/metrics', health: `${API}/health`, lanes: `${API}/lanes` }[kind as 'admin' | 'metrics' | 'health' | 'lanes'];
    return request('GET', path, bearer(secret));
  }

  it('every credential × endpoint kind × own lane / other lane / missing / wrong: allowed, 401 or 403 as designed', () => {
    // Its many wrong secrets come from one address: the brake (tested below) would stop them.
    const api = apiWith({ ...TOKENS, privateStreams: true, allowedHosts: LOOPBACK_HOSTS, credentialBrake: { maxFailures: Number.POSITIVE_INFINITY } });
    const actual: Record<string, Array<'ok' | 401 | 403>> = {};
    for (const who of Object.keys(EXPECTED)) {
      actual[who] = ENDPOINTS.map((endpoint) => {
        const decision = api.decide(requestFor(who, endpoint));
        const allowed = ALLOWED[endpoint.split(' ')[0]!];
        if (decision.type === allowed && (decision.type !== 'reply' || decision.reply.status === 200)) return 'ok';
        assert.equal(decision.type, 'reply', `${who} → ${endpoint}`);
        const { status, body, headers } = (decision as Extract<Decision, { type: 'reply' }>).reply;
        // Every refusal says which kind it is: 401 asks for a credential, 403 refuses the one given.
        if (status === 401) assertDecision(decision, UNAUTHORIZED, `${who} → ${endpoint}`);
        else assertDecision(decision, FORBIDDEN, `${who} → ${endpoint}`);
        assert.ok(body && headers, `${who} → ${endpoint}`);
        return status as 401 | 403;
      });
    }
    console.log(formatMatrix(ENDPOINTS, actual));
    assert.deepEqual(actual, EXPECTED);
  });
});

describe('HubApi.decide: each credential configuration', () => {
  it('no credentials: publishing, answers and streams are open, the admin API is off, /metrics is open', () => {
    runRows(apiWith(), [
      ['publish', request('POST', `${API}/update-bill?lane=a`), { type: 'publish', command: 'update-bill', lane: 'a' }],
      ['a wrong token is not looked at', request('POST', `${API}/clear`, bearer('anything-at-all')), { type: 'publish', command: 'clear', lane: 'default' }],
      ['stream', request('GET', `${API}/stream?lane=a`), { type: 'stream', lane: 'a', display: null, lastEventId: null }],
      ['responses', request('GET', `${API}/responses?lane=a`), { type: 'responses', lane: 'a' }],
      ['answer', request('POST', `${API}/respond?lane=a`), { type: 'publish', command: 'respond', lane: 'a' }],
      ['admin list', request('GET', `${API}/displays`), { type: 'reply', status: 403, error: 'admin_disabled' }],
      ['admin even with a token', request('GET', `${API}/displays`, bearer(TOKENS.adminToken)), { type: 'reply', status: 403, error: 'admin_disabled' }],
      ['admin events', request('GET', `${API}/admin/events`), { type: 'reply', status: 403, error: 'admin_disabled' }],
      ['metrics', request('GET', '/metrics'), { type: 'metrics' }],
    ]);
  });

  it('--token: publishing and the cashier routes need it (bearer only, never ?key=); streams and answers stay open', () => {
    runRows(apiWith({ token: TOKENS.token }), [
      ['no token', request('POST', `${API}/update-bill`), UNAUTHORIZED],
      ['wrong token', request('POST', `${API}/update-bill`, bearer('wrong-token-0001')), UNAUTHORIZED],
      ['the token', request('POST', `${API}/update-bill`, bearer(TOKENS.token)), { type: 'publish', command: 'update-bill', lane: 'default' }],
      ['any lane', request('POST', `${API}/show-modal?lane=till-9`, bearer(TOKENS.token)), { type: 'publish', command: 'show-modal', lane: 'till-9' }],
      ['lower-case scheme', request('POST', `${API}/clear`, { Authorization: `bearer ${TOKENS.token}` }), { type: 'publish', command: 'clear' }],
      ['not in the query', request('POST', `${API}/clear?key=${TOKENS.token}`), UNAUTHORIZED],
      ['prompt without', request('POST', `${API}/prompt`), UNAUTHORIZED],
      ['prompt', request('POST', `${API}/prompt`, bearer(TOKENS.token)), { type: 'publish', command: 'prompt' }],
      ['cancel-prompt', request('POST', `${API}/cancel-prompt`, bearer(TOKENS.token)), { type: 'publish', command: 'cancel-prompt' }],
      ['responses without', request('GET', `${API}/responses`), UNAUTHORIZED],
      ['responses', request('GET', `${API}/responses?lane=till-1`, bearer(TOKENS.token)), { type: 'responses', lane: 'till-1' }],
      // Without --private-streams a shopper's answer comes from any display: no token.
      ['answer', request('POST', `${API}/respond`), { type: 'publish', command: 'respond' }],
      ['stream', request('GET', `${API}/stream`), { type: 'stream', lane: 'default' }],
      ['health', request('GET', `${API}/health`), { type: 'reply', status: 200 }],
      ['admin stays off', request('GET', `${API}/displays`, bearer(TOKENS.token)), { type: 'reply', status: 403, error: 'admin_disabled' }],
      ['metrics stay open', request('GET', '/metrics'), { type: 'metrics' }],
    ]);
  });

  it('--lane-tokens alone lock publishing: a lane token publishes its own lane only; a read token publishes nothing', () => {
    runRows(apiWith({ laneTokens: TOKENS.laneTokens }), [
      ['no token', request('POST', `${API}/update-bill?lane=till-1`), UNAUTHORIZED],
      ['own lane', request('POST', `${API}/update-bill?lane=till-1`, bearer(TOKENS.laneTokens['till-1'])), { type: 'publish', lane: 'till-1' }],
      ['other lane', request('POST', `${API}/update-bill?lane=till-2`, bearer(TOKENS.laneTokens['till-1'])), FORBIDDEN],
      ['the default lane is another lane', request('POST', `${API}/update-bill`, bearer(TOKENS.laneTokens['till-1'])), FORBIDDEN],
      ['publish token', request('POST', `${API}/payment?lane=till-2`, bearer(TOKENS.laneTokens['till-2'].publish)), { type: 'publish', command: 'payment', lane: 'till-2' }],
      ['read token may not publish', request('POST', `${API}/update-bill?lane=till-2`, bearer(TOKENS.laneTokens['till-2'].read)), FORBIDDEN],
      ['responses of its lane', request('GET', `${API}/responses?lane=till-1`, bearer(TOKENS.laneTokens['till-1'])), { type: 'responses', lane: 'till-1' }],
      ['responses of another', request('GET', `${API}/responses?lane=till-2`, bearer(TOKENS.laneTokens['till-1'])), FORBIDDEN],
      ['streams stay public', request('GET', `${API}/stream?lane=till-1`), { type: 'stream', lane: 'till-1' }],
    ]);
  });

  it('--admin-token: the admin API (bearer; its live events also ?key=), /metrics, and any lane', () => {
    const admin = bearer(TOKENS.adminToken);
    runRows(apiWith({ adminToken: TOKENS.adminToken }), [
      ['list', request('GET', `${API}/displays`, admin), { type: 'admin', action: 'list', target: null }],
      ['list without', request('GET', `${API}/displays`), UNAUTHORIZED],
      ['list, wrong', request('GET', `${API}/displays`, bearer('wrong-token-0001')), UNAUTHORIZED],
      ['list, ?key= is not enough', request('GET', `${API}/displays?key=${TOKENS.adminToken}`), UNAUTHORIZED],
      ['events', request('GET', `${API}/admin/events`, admin), { type: 'admin', action: 'events' }],
      ['events, ?key= (EventSource)', request('GET', `${API}/admin/events?key=${TOKENS.adminToken}`), { type: 'admin', action: 'events' }],
      ['previews', request('GET', `${API}/admin/preview?lanes=till-1,till-2`, admin), { type: 'preview', lanes: ['till-1', 'till-2'] }],
      ['previews, ?key= (EventSource)', request('GET', `${API}/admin/preview?lanes=till-1&key=${TOKENS.adminToken}`), { type: 'preview', lanes: ['till-1'] }],
      ['previews without', request('GET', `${API}/admin/preview?lanes=till-1`), UNAUTHORIZED],
      // The token before the lanes: a stranger learns nothing from the checks of the list.
      ['previews without, bad lanes', request('GET', `${API}/admin/preview?lanes=a,a`), UNAUTHORIZED],
      ['previews, a lane twice', request('GET', `${API}/admin/preview?lanes=a,a`, admin), { type: 'reply', status: 400, error: 'duplicate_lane', field: 'lanes' }],
      ['previews by POST', request('POST', `${API}/admin/preview?lanes=a`, admin), { type: 'reply', status: 405, headers: { Allow: 'GET' } }],
      ['assign', request('POST', `${API}/displays/ABC123/assign`, admin), { type: 'admin', action: 'assign', target: 'ABC123' }],
      ['update', request('PATCH', `${API}/displays/${DISPLAY.id}`, admin), { type: 'admin', action: 'update', target: DISPLAY.id }],
      ['revoke', request('DELETE', `${API}/displays/${DISPLAY.id}`, admin), { type: 'admin', action: 'revoke', target: DISPLAY.id }],
      ['identify', request('POST', `${API}/displays/${DISPLAY.id}/identify`, admin), { type: 'admin', action: 'identify' }],
      ['reload', request('POST', `${API}/displays/${DISPLAY.id}/reload`, admin), { type: 'admin', action: 'reload' }],
      ['test-bill', request('POST', `${API}/displays/${DISPLAY.id}/test-bill`, admin), { type: 'admin', action: 'test-bill' }],
      // The token before the method: a stranger learns nothing about the routes.
      ['wrong method, no token', request('PUT', `${API}/displays/${DISPLAY.id}`), UNAUTHORIZED],
      ['wrong method', request('PUT', `${API}/displays/${DISPLAY.id}`, admin), { type: 'reply', status: 405, error: 'method_not_allowed', headers: { Allow: 'PATCH, DELETE' } }],
      ['list by POST', request('POST', `${API}/displays`, admin), { type: 'reply', status: 405, headers: { Allow: 'GET' } }],
      ['assign by GET', request('GET', `${API}/displays/ABC123/assign`, admin), { type: 'reply', status: 405, headers: { Allow: 'POST' } }],
      ['unknown verb', request('POST', `${API}/displays/${DISPLAY.id}/explode`, admin), { type: 'reply', status: 404, error: 'not_found' }],
      // Media and configuration: the token before anything (the body is read only after an 'admin' decision); the name as it came.
      ['media list', request('GET', `${API}/admin/media`, admin), { type: 'admin', action: 'media-list', target: null }],
      ['media upload', request('PUT', `${API}/admin/media/promo-1.jpg`, admin), { type: 'admin', action: 'media-put', target: 'promo-1.jpg' }],
      ['media upload, no token', request('PUT', `${API}/admin/media/promo-1.jpg`), UNAUTHORIZED],
      ['media upload, ?key= is not enough', request('PUT', `${API}/admin/media/promo-1.jpg?key=${TOKENS.adminToken}`), UNAUTHORIZED],
      ['media name still encoded', request('PUT', `${API}/admin/media/..%2fx.jpg`, admin), { type: 'admin', action: 'media-put', target: '..%2fx.jpg' }],
      ['media rename', request('PATCH', `${API}/admin/media/a.png`, admin), { type: 'admin', action: 'media-rename', target: 'a.png' }],
      ['media delete', request('DELETE', `${API}/admin/media/a.png`, admin), { type: 'admin', action: 'media-delete', target: 'a.png' }],
      ['media by POST', request('POST', `${API}/admin/media/a.png`, admin), { type: 'reply', status: 405, headers: { Allow: 'PUT, PATCH, DELETE' } }],
      ['media list by PUT', request('PUT', `${API}/admin/media`, admin), { type: 'reply', status: 405, headers: { Allow: 'GET' } }],
      ['config read', request('GET', `${API}/admin/config`, admin), { type: 'admin', action: 'config-get', target: null }],
      ['config save', request('PUT', `${API}/admin/config`, admin), { type: 'admin', action: 'config-put', target: null }],
      ['config save, no token', request('PUT', `${API}/admin/config`), UNAUTHORIZED],
      ['config by DELETE', request('DELETE', `${API}/admin/config`, admin), { type: 'reply', status: 405, headers: { Allow: 'GET, PUT' } }],
      ['metrics', request('GET', '/metrics', admin), { type: 'metrics' }],
      ['metrics locked', request('GET', '/metrics'), UNAUTHORIZED],
      ['metrics by POST', request('POST', '/metrics', admin), { type: 'reply', status: 405, headers: { Allow: 'GET' } }],
      // An admin token alone does not lock publishing.
      ['publish stays open', request('POST', `${API}/update-bill`), { type: 'publish' }],
    ]);
  });

  it('--metrics-token: /metrics only; the admin API stays off', () => {
    runRows(apiWith({ metricsToken: TOKENS.metricsToken }), [
      ['metrics', request('GET', '/metrics', bearer(TOKENS.metricsToken)), { type: 'metrics' }],
      ['metrics without', request('GET', '/metrics'), UNAUTHORIZED],
      ['metrics, ?key= is not read', request('GET', `/metrics?key=${TOKENS.metricsToken}`), UNAUTHORIZED],
      ['admin', request('GET', `${API}/displays`, bearer(TOKENS.metricsToken)), { type: 'reply', status: 403, error: 'admin_disabled' }],
      ['publish stays open', request('POST', `${API}/clear`), { type: 'publish' }],
    ]);
  });

  it('--private-streams: a stream or an answer needs the lane\'s paired display or a token for the lane', () => {
    const display = (lane: string, who = DISPLAY) => `lane=${lane}&display=${who.id}&key=${who.key}`;
    runRows(apiWith({ ...TOKENS, privateStreams: true }), [
      ['paired display', request('GET', `${API}/stream?${display('till-1')}`), { type: 'stream', lane: 'till-1', display: DISPLAY.id }],
      ['paired display, another lane', request('GET', `${API}/stream?${display('till-2')}`), { ...FORBIDDEN, headers: { 'Access-Control-Allow-Origin': '*' } }],
      ['display key as a bearer token', request('GET', `${API}/stream?lane=till-1&display=${DISPLAY.id}`, bearer(DISPLAY.key)), { type: 'stream', display: DISPLAY.id }],
      ['display key without its id', request('GET', `${API}/stream?lane=till-1&key=${DISPLAY.key}`), UNAUTHORIZED],
      ['display id with a wrong key', request('GET', `${API}/stream?lane=till-1&display=${DISPLAY.id}&key=${STRANGER.key}`), UNAUTHORIZED],
      ['unpaired display', request('GET', `${API}/stream?${display('till-1', STRANGER)}`), UNAUTHORIZED],
      ['nothing', request('GET', `${API}/stream?lane=till-1`), { ...UNAUTHORIZED, headers: { 'Access-Control-Allow-Origin': '*', 'WWW-Authenticate': 'Bearer' } }],
      ['read token, ?key=', request('GET', `${API}/stream?lane=till-2&key=${TOKENS.laneTokens['till-2'].read}`), { type: 'stream', lane: 'till-2', display: null }],
      ['read token, bearer', request('GET', `${API}/stream?lane=till-2`, bearer(TOKENS.laneTokens['till-2'].read)), { type: 'stream', lane: 'till-2' }],
      ['Last-Event-ID header', request('GET', `${API}/stream?${display('till-1')}`, { 'Last-Event-ID': '41' }), { type: 'stream', lastEventId: '41' }],
      ['lastEventId in the query', request('GET', `${API}/stream?${display('till-1')}&lastEventId=42`), { type: 'stream', lastEventId: '42' }],
      ['answer from the paired display', request('POST', `${API}/respond?${display('till-1')}`), { type: 'publish', command: 'respond', lane: 'till-1' }],
      ['answer on another lane', request('POST', `${API}/respond?${display('till-2')}`), FORBIDDEN],
      ['answer from nobody', request('POST', `${API}/respond?lane=till-1`), UNAUTHORIZED],
      ['answer with the lane token', request('POST', `${API}/respond?lane=till-1`, bearer(TOKENS.laneTokens['till-1'])), { type: 'publish', command: 'respond' }],
      ['a read token may not answer', request('POST', `${API}/respond?lane=till-2`, bearer(TOKENS.laneTokens['till-2'].read)), FORBIDDEN],
      ['answers stream from nobody', request('GET', `${API}/responses?lane=till-1`), UNAUTHORIZED],
      ['answers stream with the till token', request('GET', `${API}/responses?lane=till-1`, bearer(TOKENS.laneTokens['till-1'])), { type: 'responses', lane: 'till-1' }],
      ['answers stream with the admin token', request('GET', `${API}/responses?lane=till-2`, bearer(TOKENS.adminToken)), { type: 'responses', lane: 'till-2' }],
      ['answers stream of another lane', request('GET', `${API}/responses?lane=till-2`, bearer(TOKENS.laneTokens['till-1'])), FORBIDDEN],
      // A load balancer's check still works; what it learns is checked below.
      ['health answers anyone', request('GET', `${API}/health`), { type: 'reply', status: 200 }],
      ['lanes need a token', request('GET', `${API}/lanes`), { ...UNAUTHORIZED, headers: { 'Access-Control-Allow-Origin': '*', 'WWW-Authenticate': 'Bearer' } }],
      ['lanes, wrong token', request('GET', `${API}/lanes`, bearer('wrong-token-0001')), UNAUTHORIZED],
      ['lanes, a display secret is not a token', request('GET', `${API}/lanes?lane=till-1&display=${DISPLAY.id}`, bearer(DISPLAY.key)), UNAUTHORIZED],
      ['lanes, ?key= is not read', request('GET', `${API}/lanes?key=${TOKENS.adminToken}`), UNAUTHORIZED],
      ['lanes, a read token', request('GET', `${API}/lanes`, bearer(TOKENS.laneTokens['till-2'].read)), { type: 'reply', status: 200 }],
      ['lanes, the metrics token', request('GET', `${API}/lanes`, bearer(TOKENS.metricsToken)), { type: 'reply', status: 200 }],
    ]);
  });

  it('--private-streams: /health (and / of the standalone hub) says only that the hub is up, unless a token of the hub is given', () => {
    const body = (api: HubApi, path: string, headers: Record<string, string | undefined> = {}) => {
      const decision = api.decide(request('GET', path, headers));
      assert.equal(decision.type, 'reply', path);
      const { status, body } = (decision as Extract<Decision, { type: 'reply' }>).reply;
      assert.equal(status, 200, path);
      return body as Record<string, unknown>;
    };
    const hidden = apiWith({ ...TOKENS, privateStreams: true });
    for (const path of [`${API}/health`, '/']) {
      assert.deepEqual(body(hidden, path), { status: 'ok', service: 'pos-customer-display hub' }, `${path} without a token`);
      assert.deepEqual(body(hidden, path, bearer('wrong-token-0001')), { status: 'ok', service: 'pos-customer-display hub' }, `${path} with a wrong token`);
      assert.deepEqual(body(hidden, path, bearer(DISPLAY.key)), { status: 'ok', service: 'pos-customer-display hub' }, `${path} with a display's secret`);
      for (const token of [TOKENS.adminToken, TOKENS.metricsToken, TOKENS.token, TOKENS.laneTokens['till-1'], TOKENS.laneTokens['till-2'].read]) {
        const detailed = body(hidden, path, bearer(token));
        assert.equal(typeof detailed.lanes, 'number', `${path}: the details for a token`);
        assert.equal(typeof detailed.clients, 'number', `${path}: the details for a token`);
      }
    }
    // Without --private-streams status stays public, as streams are.
    const open = apiWith(TOKENS);
    assert.equal(typeof body(open, `${API}/health`).lanes, 'number');
    assert.ok(Array.isArray(body(open, `${API}/lanes`).lanes));
  });

  it('--private-streams with only --admin-token: publishing stays open, but answers and their stream need a credential', () => {
    const display = `lane=till-1&display=${DISPLAY.id}&key=${DISPLAY.key}`;
    runRows(apiWith({ adminToken: TOKENS.adminToken, privateStreams: true }), [
      ['publish stays open', request('POST', `${API}/update-bill?lane=till-1`), { type: 'publish', lane: 'till-1' }],
      ['answers stream from nobody', request('GET', `${API}/responses?lane=till-1`), UNAUTHORIZED],
      ['answers stream, wrong token', request('GET', `${API}/responses?lane=till-1`, bearer('wrong-token-00000001')), UNAUTHORIZED],
      ['answers stream, display key', request('GET', `${API}/responses?${display}`), UNAUTHORIZED],
      ['answers stream, admin', request('GET', `${API}/responses?lane=till-1`, bearer(TOKENS.adminToken)), { type: 'responses', lane: 'till-1' }],
      ['answer from nobody', request('POST', `${API}/respond?lane=till-1`), UNAUTHORIZED],
      ['answer from the paired display', request('POST', `${API}/respond?${display}`), { type: 'publish', command: 'respond', lane: 'till-1' }],
      ['answer with the admin token', request('POST', `${API}/respond?lane=till-1`, bearer(TOKENS.adminToken)), { type: 'publish', command: 'respond' }],
    ]);
  });

  it('public streams still say which paired display is reading (for the admin page), and only a real one', () => {
    runRows(apiWith(), [
      ['paired display', request('GET', `${API}/stream?lane=till-1&display=${DISPLAY.id}&key=${DISPLAY.key}`), { type: 'stream', display: DISPLAY.id }],
      ['wrong key', request('GET', `${API}/stream?lane=till-1&display=${DISPLAY.id}&key=${STRANGER.key}`), { type: 'stream', display: null }],
      ['another lane', request('GET', `${API}/stream?lane=till-2&display=${DISPLAY.id}&key=${DISPLAY.key}`), { type: 'stream', display: null }],
    ]);
  });
});

describe('HubApi.decide: Host (DNS rebinding) comes first', () => {
  it('refuses names the hub does not serve, before the route, the Origin or any credential', () => {
    const api = apiWith({ ...TOKENS, allowedHosts: LOOPBACK_HOSTS });
    const refused: Expected = { type: 'reply', status: 403, error: 'host_not_allowed' };
    const admin = bearer(TOKENS.adminToken);
    runRows(api, [
      ['health', request('GET', `${API}/health`, { Host: 'attacker.example' }), refused],
      ['publish with every credential', request('POST', `${API}/update-bill`, { Host: 'attacker.example:5000', ...admin }), refused],
      ['root health', request('GET', '/', { Host: 'attacker.example' }), refused],
      ['metrics', request('GET', '/metrics', { Host: 'attacker.example', ...admin }), refused],
      ['admin', request('GET', `${API}/displays`, { Host: 'attacker.example', ...admin }), refused],
      ['unknown route', request('GET', `${API}/nope`, { Host: 'attacker.example' }), refused],
      ['bad lane and bad origin', request('POST', `${API}/clear?lane=../x`, { Host: 'attacker.example', Origin: 'http://attacker.example' }), refused],
      ['a name ending in localhost', request('GET', `${API}/health`, { Host: 'localhost.attacker.example' }), refused],
      ['no Host at all', request('GET', `${API}/health`, { Host: undefined }), refused],
      // Not our path: whoever mounts us (Vite, the display app) answers it.
      ['another path', request('GET', '/elsewhere', { Host: 'attacker.example' }), { type: 'next' }],
    ]);
    const served = ['127.0.0.1:5000', 'localhost:5000', 'display-3.localhost:5000', '[::1]:5000', 'pos.local', 'POS.LOCAL:80'];
    for (const host of served) assertDecision(api.decide(request('GET', `${API}/health`, { Host: host })), { type: 'reply', status: 200 }, host);
  });

  it('without an allow-list (bound to the LAN), any Host is served', () => {
    assertDecision(apiWith().decide(request('GET', `${API}/health`, { Host: 'whatever.example' })), { type: 'reply', status: 200 }, 'any host');
  });
});

describe('HubApi.decide: Origin, before the token', () => {
  const publishFrom = (origin: string | undefined, headers: Record<string, string | undefined> = {}, host = HOST) =>
    request('POST', `${API}/update-bill`, { Origin: origin, Host: host, ...headers });

  it('by default: no Origin (a server) publishes; a foreign page is refused, and the refusal tells the operator the flag', () => {
    const api = apiWith({ allowedHosts: LOOPBACK_HOSTS });
    runRows(api, [
      ['server', publishFrom(undefined), { type: 'publish', headers: { 'Access-Control-Allow-Origin': undefined } }],
      ['foreign page', publishFrom('http://drive-by.example'), originRefused('http://drive-by.example')],
      // Host was checked (allow-list): a page of the hub's own origin may publish.
      ['own origin', publishFrom(`http://${HOST}`), { type: 'publish', headers: { 'Access-Control-Allow-Origin': `http://${HOST}`, Vary: 'Origin' } }],
      ['own host, other port', publishFrom('http://127.0.0.1:8000'), originRefused('http://127.0.0.1:8000')],
      ['an Origin that is no URL', publishFrom('null'), originRefused('null')],
    ]);
    const refused = api.decide(publishFrom('http://pos.example:8000'));
    assert.equal(refused.type, 'reply');
    const { reply } = refused as Extract<Decision, { type: 'reply' }>;
    assert.equal(reply.closeConnection, true, 'the body is not read: the connection closes');
    assert.equal(reply.note, 'refused a publish from origin http://pos.example:8000: allow it with --allow-origin http://pos.example:8000');
    assert.match((reply.body as { message: string }).message, /--allow-origin http:\/\/pos\.example:8000/);
  });

  it('a foreign page learns nothing about the token: it gets the Origin refusal with a right, a wrong or no token', () => {
    const api = apiWith({ token: TOKENS.token });
    for (const headers of [{}, bearer('wrong-token-0001'), bearer(TOKENS.token)]) {
      assertDecision(api.decide(publishFrom('http://evil.example', headers)), originRefused('http://evil.example'), JSON.stringify(headers));
    }
    runRows(api, [
      ['responses', request('GET', `${API}/responses`, { Origin: 'http://evil.example' }), originRefused('http://evil.example')],
      ['answer', request('POST', `${API}/respond`, { Origin: 'http://evil.example' }), originRefused('http://evil.example')],
      ['streams are read from anywhere', request('GET', `${API}/stream`, { Origin: 'http://evil.example' }), { type: 'stream' }],
    ]);
  });

  it('bound to the LAN without --allow-host, a rebound page cannot pass as the hub\'s own origin; with Host checked by Vite it can', () => {
    const rebound = { Origin: 'http://evil.example:5000', Host: 'evil.example:5000' };
    assertDecision(apiWith().decide(request('POST', `${API}/update-bill`, rebound)), originRefused('http://evil.example:5000'), 'unchecked Host');
    const vite = apiWith({ hostVerified: true });
    assertDecision(vite.decide(publishFrom('http://127.0.0.1:5173', {}, '127.0.0.1:5173')), { type: 'publish' }, 'Host checked by Vite');
  });

  it('--allow-origin: listed pages publish with their own CORS header; "*" lets any page publish with an open one', () => {
    runRows(apiWith({ allowOrigins: ['http://pos.local'] }), [
      ['listed', publishFrom('http://pos.local'), { type: 'publish', headers: { 'Access-Control-Allow-Origin': 'http://pos.local', Vary: 'Origin' } }],
      ['not listed', publishFrom('http://evil.example'), originRefused('http://evil.example')],
      ['no Origin', publishFrom(undefined), { type: 'publish' }],
    ]);
    runRows(apiWith({ allowOrigins: ['*'] }), [['any page', publishFrom('http://anything.example'), { type: 'publish', headers: { 'Access-Control-Allow-Origin': '*' } }]]);
  });
});

describe('HubApi.decide: routes, methods, lanes, preflights', () => {
  it('our paths only; unknown endpoints 404; wrong methods 405 with Allow', () => {
    runRows(apiWith(), [
      ['another path', request('GET', '/elsewhere'), { type: 'next' }],
      ['the API base itself', request('GET', API), { type: 'next' }],
      ['a look-alike prefix', request('GET', `${API}-other/stream`), { type: 'next' }],
      ['root health', request('GET', '/'), { type: 'reply', status: 200, headers: { 'Access-Control-Allow-Origin': '*' } }],
      ['root HEAD', request('HEAD', '/'), { type: 'reply', status: 200 }],
      ['root POST', request('POST', '/'), { type: 'reply', status: 405, headers: { Allow: 'GET, HEAD' } }],
      ['unknown endpoint', request('POST', `${API}/nope`), { type: 'reply', status: 404, error: 'not_found' }],
      ['a route with a bad lane is still unknown first', request('POST', `${API}/nope?lane=../x`), { type: 'reply', status: 404, error: 'not_found' }],
      ['publish by GET', request('GET', `${API}/update-bill`), { type: 'reply', status: 405, error: 'method_not_allowed', headers: { Allow: 'POST, OPTIONS' } }],
      ['stream by POST', request('POST', `${API}/stream`), { type: 'reply', status: 405, headers: { Allow: 'GET, HEAD, OPTIONS' } }],
      ['responses by POST', request('POST', `${API}/responses`), { type: 'reply', status: 405, headers: { Allow: 'GET, OPTIONS' } }],
      ['answer by GET', request('GET', `${API}/respond`), { type: 'reply', status: 405, headers: { Allow: 'POST, OPTIONS' } }],
      ['pair by POST', request('POST', `${API}/pair`), { type: 'reply', status: 405, headers: { Allow: 'GET' } }],
      ['health by HEAD', request('HEAD', `${API}/health`), { type: 'reply', status: 200 }],
      ['lanes', request('GET', `${API}/lanes`), { type: 'reply', status: 200, headers: { 'Access-Control-Allow-Origin': '*' } }],
    ]);
    assertDecision(apiWith({ rootHealth: false }).decide(request('GET', '/')), { type: 'next' }, 'no root health (the Vite plugin)');
  });

  it('every command and cashier route is a publish of that name', () => {
    const api = apiWith();
    for (const command of ['update-bill', 'show-modal', 'hide-modal', 'clear', 'payment', 'prompt', 'cancel-prompt']) {
      assertDecision(api.decide(request('POST', `${API}/${command}?lane=till-7`)), { type: 'publish', command, lane: 'till-7' }, command);
    }
  });

  it('lane ids: 1-64 letters, digits, ".", "_" or "-"; none or empty is the default lane', () => {
    const api = apiWith();
    const invalid: Expected = { type: 'reply', status: 400, error: 'invalid_lane', field: 'lane' };
    const lanes: Array<[query: string, expected: Expected]> = [
      ['', { type: 'publish', lane: 'default' }],
      ['?lane=', { type: 'publish', lane: 'default' }],
      ['?lane=till-1', { type: 'publish', lane: 'till-1' }],
      ['?lane=Till_1.b', { type: 'publish', lane: 'Till_1.b' }],
      [`?lane=${'a'.repeat(64)}`, { type: 'publish', lane: 'a'.repeat(64) }],
      [`?lane=${'a'.repeat(65)}`, invalid],
      ['?lane=../etc', invalid],
      ['?lane=till%201', invalid],
      ['?lane=till%2F1', invalid],
      ['?lane=caf%C3%A9', invalid],
    ];
    for (const [query, expected] of lanes) assertDecision(api.decide(request('POST', `${API}/update-bill${query}`)), expected, `publish${query}`);
    assertDecision(api.decide(request('GET', `${API}/stream?lane=../etc`)), invalid, 'stream');
    // The lane before the Origin and the token: a bad id is a 400, whoever asks.
    const locked = apiWith({ token: TOKENS.token });
    assertDecision(locked.decide(request('POST', `${API}/clear?lane=../x`, { Origin: 'http://evil.example' })), invalid, 'before the Origin');
    assertDecision(locked.decide(request('POST', `${API}/clear?lane=../x`)), invalid, 'before the token');
  });

  it('OPTIONS: publish routes answer allowed origins only (no credential needed); read routes answer anyone', () => {
    const api = apiWith({ token: TOKENS.token, allowOrigins: ['http://pos.local'] });
    const preflight = (path: string, origin?: string) => request('OPTIONS', `${API}/${path}`, { Origin: origin, 'Access-Control-Request-Method': 'POST' });
    runRows(api, [
      [
        'publish, allowed origin, no token',
        preflight('update-bill', 'http://pos.local'),
        {
          type: 'preflight',
          headers: {
            'Access-Control-Allow-Origin': 'http://pos.local',
            Vary: 'Origin',
            'Access-Control-Allow-Methods': 'POST, OPTIONS',
            'Access-Control-Allow-Headers': 'Content-Type, Authorization',
            'Access-Control-Max-Age': '600',
          },
        },
      ],
      ['publish, foreign origin', preflight('update-bill', 'http://evil.example'), originRefused('http://evil.example')],
      ['publish, no origin', preflight('clear'), { type: 'preflight', headers: { 'Access-Control-Allow-Origin': undefined } }],
      ['answer, foreign origin', preflight('respond', 'http://evil.example'), originRefused('http://evil.example')],
      ['responses', preflight('responses', 'http://pos.local'), { type: 'preflight', headers: { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Origin': 'http://pos.local' } }],
      [
        'stream, any origin',
        preflight('stream', 'http://evil.example'),
        { type: 'preflight', headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Headers': 'Last-Event-ID, Cache-Control' } },
      ],
      ['health', preflight('health', 'http://evil.example'), { type: 'preflight', headers: { 'Access-Control-Allow-Origin': '*' } }],
      ['unknown route', preflight('nope', 'http://pos.local'), { type: 'reply', status: 404, error: 'not_found' }],
      // A preflight comes before the lane is read: the real request gets the 400.
      ['bad lane', request('OPTIONS', `${API}/update-bill?lane=../x`, { Origin: 'http://pos.local' }), { type: 'preflight' }],
    ]);
  });

  it('pairing: anyone may ask with a well-formed display id and key; otherwise 400, or 404 where pairing is not served', () => {
    const id = 'A'.repeat(16);
    const key = 'b'.repeat(32);
    runRows(apiWith(), [
      ['well formed', request('GET', `${API}/pair?display=${id}&key=${key}`), { type: 'control', id, key } as Expected],
      ['id too short', request('GET', `${API}/pair?display=${'A'.repeat(15)}&key=${key}`), { type: 'reply', status: 400, error: 'invalid_display' }],
      ['key too short', request('GET', `${API}/pair?display=${id}&key=${'b'.repeat(31)}`), { type: 'reply', status: 400, error: 'invalid_display' }],
      ['bad characters', request('GET', `${API}/pair?display=${'A'.repeat(15)}.&key=${key}`), { type: 'reply', status: 400, error: 'invalid_display' }],
      ['nothing', request('GET', `${API}/pair`), { type: 'reply', status: 400, error: 'invalid_display' }],
    ]);
    // The MSW mock's API has no displays registry.
    const noRegistry = new HubApi({ hub: new Hub({ heartbeatMs: 0 }) });
    assertDecision(noRegistry.decide(request('GET', `${API}/pair?display=${id}&key=${key}`)), { type: 'reply', status: 404, error: 'not_found' }, 'no registry');
  });
});

function formatMatrix(endpoints: readonly string[], actual: Record<string, Array<string | number>>): string {
  const width = Math.max(...Object.keys(actual).map((who) => who.length));
  const header = `${'credential'.padEnd(width)} | ${endpoints.join(' | ')}`;
  const rows = Object.entries(actual).map(([who, outcomes]) => `${who.padEnd(width)} | ${outcomes.map((outcome, i) => String(outcome).padEnd(endpoints[i]!.length)).join(' | ')}`);
  return ['decide() matrix (display paired with till-1; ok: let through):', header, '-'.repeat(header.length), ...rows].join('\n');
}

describe('HubApi.decide: the brake on guessing credentials, per address', () => {
  const from = (address: string, secret: string | undefined, target = `${API}/update-bill?lane=till-1`) => ({ ...request('POST', target, bearer(secret)), address });

  it('20 wrong secrets within a minute: 429 with Retry-After for any secret from that address, the right one too; others go on', () => {
    let now = 1_000_000;
    const api = apiWith({ ...TOKENS, credentialBrake: { now: () => now } });
    for (let i = 1; i < 20; i++) assertDecision(api.decide(from('10.0.0.9', `wrong-guess-${String(i).padStart(8, '0')}`)), { ...UNAUTHORIZED, note: undefined }, `guess ${i}`);
    const tripping = api.decide(from('10.0.0.9', 'wrong-guess-00000020'));
    assertDecision(tripping, { ...UNAUTHORIZED, note: '20 wrong credentials within 60 s from 10.0.0.9: its credentials are refused for 60 s' }, 'the 20th');
    const braked: Expected = { type: 'reply', status: 429, error: 'too_many_failures', headers: { 'Retry-After': '60' } };
    runRows(api, [
      ['the right token, braked', from('10.0.0.9', TOKENS.token), braked],
      ['a stream key, braked', { ...request('GET', `${API}/stream?lane=till-2&key=${TOKENS.laneTokens['till-2'].read}`), address: '10.0.0.9' }, braked],
      ['the admin API, braked', from('10.0.0.9', TOKENS.adminToken, `${API}/displays`), braked],
      ['metrics, braked', { ...request('GET', '/metrics', bearer(TOKENS.metricsToken)), address: '10.0.0.9' }, braked],
      ['no secret: not braked', { ...request('GET', `${API}/health`), address: '10.0.0.9' }, { type: 'reply', status: 200 }],
      ['another address', from('10.0.0.10', TOKENS.token), { type: 'publish', lane: 'till-1' }],
    ]);
    // More guesses while braked are not looked at and do not log again.
    assertDecision(api.decide(from('10.0.0.9', 'wrong-guess-00000021')), braked, 'a guess while braked');
    now += 30_000;
    assertDecision(api.decide(from('10.0.0.9', TOKENS.token)), { ...braked, headers: { 'Retry-After': '30' } }, 'half-way');
    now += 30_000;
    assertDecision(api.decide(from('10.0.0.9', TOKENS.token)), { type: 'publish', lane: 'till-1' }, 'after the brake');
  });

  it('under --private-streams, unknown tokens shown to /health count too (its answer would tell a token from a guess); known ones do not', () => {
    const api = apiWith({ ...TOKENS, privateStreams: true, credentialBrake: { maxFailures: 3 } });
    const health = (secret: string, path = `${API}/health`) => ({ ...request('GET', path, bearer(secret)), address: '10.0.0.9' });
    for (let i = 0; i < 10; i++) assertDecision(api.decide(health(TOKENS.metricsToken)), { type: 'reply', status: 200 }, `known ${i}`);
    assertDecision(api.decide(health('wrong-guess-00000001')), { type: 'reply', status: 200 }, 'a guess');
    assertDecision(api.decide(health('wrong-guess-00000002', '/')), { type: 'reply', status: 200 }, 'a guess at /');
    assertDecision(api.decide(health('wrong-guess-00000003')), { type: 'reply', status: 200, note: '3 wrong credentials within 60 s from 10.0.0.9: its credentials are refused for 60 s' }, 'the third');
    assertDecision(api.decide(health(TOKENS.metricsToken)), { type: 'reply', status: 429, error: 'too_many_failures' }, 'braked');
    // Without --private-streams /health looks at no token: nothing to guess there.
    const open = apiWith({ ...TOKENS, credentialBrake: { maxFailures: 3 } });
    for (let i = 0; i < 10; i++) assertDecision(open.decide(health(`wrong-guess-${String(i).padStart(8, '0')}`)), { type: 'reply', status: 200 }, `open ${i}`);
  });

  it('a right secret or a known one not for this never counts; wrong ones spread over more than a minute never brake', () => {
    let now = 0;
    const api = apiWith({ ...TOKENS, credentialBrake: { now: () => now } });
    for (let i = 0; i < 40; i++) {
      assertDecision(api.decide(from('10.0.0.9', TOKENS.laneTokens['till-1'], `${API}/update-bill?lane=till-2`)), FORBIDDEN, `forbidden ${i}`);
      assertDecision(api.decide(from('10.0.0.9', i % 2 ? 'wrong-guess-00000000' : TOKENS.token)), { type: i % 2 ? 'reply' : 'publish' }, `mixed ${i}`);
      now += 7_000; // 20 wrong ones take 140 s
    }
  });
});
