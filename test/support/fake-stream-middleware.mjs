/**
 * A scriptable SSE server inside the browser-test server (Koa middleware), so browser tests
 * can play any stream, including the original bridge's exact frames, invalid data, drops,
 * HTTP errors and silence, and then see what `<display-sync>` asked for.
 *
 *   GET  /fake/<channel>/api/customer-display/stream   the stream (records the request)
 *   POST /fake/<channel>/push          raw SSE text, written to every open stream
 *   POST /fake/<channel>/drop          ends every open stream
 *   POST /fake/<channel>/fail?status=N the next stream requests get HTTP N (until reset)
 *   POST /fake/<channel>/reset         forget everything about the channel
 *   GET  /fake/<channel>/log           {requests: [{url, lastEventId}], open: N}
 *
 * On connect the stream sends whatever was set with POST /fake/<channel>/greeting.
 *
 * Also a canary for "nothing may fetch" tests: any request to /xss-canary/... is counted,
 * and GET /xss-canary-log lists them.
 */
export function fakeStreamMiddleware() {
  const channels = new Map();
  const channel = (name) => {
    if (!channels.has(name)) channels.set(name, { open: new Set(), requests: [], failStatus: 0, greeting: '' });
    return channels.get(name);
  };
  const readBody = (req) =>
    new Promise((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text));
    });

  const canaryHits = [];
  return async (ctx, next) => {
    if (ctx.path.startsWith('/xss-canary/')) {
      canaryHits.push(ctx.url);
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/xss-canary-log') {
      ctx.body = { hits: canaryHits };
      return;
    }
    const match = /^\/fake\/([\w-]+)\/(.*)$/.exec(ctx.path);
    if (!match) return next();
    const [, name, action] = match;
    const state = channel(name);

    if (action === 'api/customer-display/stream') {
      state.requests.push({ url: ctx.url, lastEventId: ctx.get('last-event-id') || null });
      if (state.failStatus) {
        ctx.status = state.failStatus;
        ctx.body = 'failing on purpose';
        return;
      }
      ctx.respond = false;
      const res = ctx.res;
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
      if (state.greeting) res.write(state.greeting);
      state.open.add(res);
      ctx.req.on('close', () => state.open.delete(res));
      return;
    }
    if (ctx.method === 'GET' && action === 'log') {
      ctx.body = { requests: state.requests, open: state.open.size };
      return;
    }
    if (ctx.method !== 'POST') return next();
    if (action === 'push') {
      const text = await readBody(ctx.req);
      for (const res of state.open) res.write(text);
    } else if (action === 'greeting') {
      state.greeting = await readBody(ctx.req);
    } else if (action === 'drop') {
      for (const res of state.open) res.end();
      state.open.clear();
    } else if (action === 'fail') {
      state.failStatus = Number(ctx.query.status) || 0;
    } else if (action === 'reset') {
      for (const res of state.open) res.end();
      channels.delete(name);
    } else {
      return next();
    }
    ctx.body = { ok: true };
  };
}
