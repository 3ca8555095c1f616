// The floor the hub's fan-out is measured against: the least a node:http SSE broadcaster
// can do. POST /publish writes the body as one SSE frame to every open stream (formatted
// once, like the hub); GET /stream opens a stream; GET /health reports the stream count.
// No validation, no state, no history, no lanes, no auth: whatever the hub costs beyond
// this is its own overhead.
//   node bench/baseline-sse-server.mjs [port]   (prints "listening <port>" when ready)
import { createServer } from 'node:http';

const streams = new Set();
let nextId = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stream') {
    // Same socket options and headers as the hub's streams, so only the work differs.
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.write('retry: 1000\n\nevent: connected\ndata: {"status":"ok"}\n\n');
    streams.add(res);
    res.once('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const frame = `id: ${++nextId}\nevent: bill-update\ndata: ${Buffer.concat(chunks).toString('utf8')}\n\n`;
      for (const stream of streams) stream.write(frame);
      const reply = JSON.stringify({ status: 'success', clients: streams.size, event_id: nextId });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply) }).end(reply);
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', clients: streams.size }));
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.requestTimeout = 0;

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  for (const stream of streams) stream.end();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
