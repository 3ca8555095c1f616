/**
 * Many idle SSE streams held by a child process, so reading them costs the hub's process
 * nothing: the scale test (2 000 streams) and the bench (up to 20 000) measure the hub alone.
 * Each stream is a raw TCP socket that sends its GET by hand and counts the pings it gets.
 *
 *   const streams = await openIdleStreams(`${hub.url}/api/customer-display/stream`, 2000, { lanes: 1000 });
 *   const { open, pings } = await streams.report();
 *   await streams.close();
 */
import { fork, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface IdleStreamsReport {
  /** Streams still open (the hub closed none). */
  open: number;
  /** Pings received per stream since the streams opened: fewest, most, in all. */
  pings: { min: number; max: number; total: number };
}

export interface IdleStreams {
  readonly pid: number;
  report(): Promise<IdleStreamsReport>;
  close(): Promise<void>;
}

type ToChild = { type: 'report' } | { type: 'close' };
type FromChild = { type: 'open' } | { type: 'failed'; message: string } | ({ type: 'report' } & IdleStreamsReport);

const SELF = fileURLToPath(import.meta.url);

/**
 * Opens `count` streams to `streamUrl` from a child process (lane `L<i % lanes>` each),
 * resolving once every one has its response headers.
 */
export function openIdleStreams(streamUrl: string, count: number, { lanes = count }: { lanes?: number } = {}): Promise<IdleStreams> {
  const child: ChildProcess = fork(SELF, ['--child', streamUrl, String(count), String(lanes)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      child.once('message', (message) => resolve(message as FromChild));
      void exited.then(() => reject(new Error('the idle-stream client exited')));
    });
  const send = (message: ToChild) => child.send(message);
  return next().then((first) => {
    if (first.type !== 'open') {
      child.kill('SIGKILL');
      throw new Error(`idle streams: ${first.type === 'failed' ? first.message : 'unexpected reply'}`);
    }
    return {
      pid: child.pid!,
      async report() {
        const reply = next();
        send({ type: 'report' });
        const message = await reply;
        if (message.type !== 'report') throw new Error('idle streams: unexpected reply');
        return { open: message.open, pings: message.pings };
      },
      async close() {
        if (child.connected) send({ type: 'close' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      },
    };
  });
}

/** One stream: resolves once its headers arrived; counts `event: ping` lines from then on. */
function openStream(url: URL, streams: Array<{ socket: Socket; pings: number; open: boolean }>): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = { socket: connect(Number(url.port), url.hostname), pings: 0, open: false };
    let head = '';
    stream.socket.once('connect', () =>
      stream.socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`),
    );
    stream.socket.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      if (!stream.open) {
        head += text;
        if (!head.includes('\r\n\r\n')) return;
        if (!head.startsWith('HTTP/1.1 200')) return reject(new Error(`stream refused: ${head.slice(0, 60)}`));
        stream.open = true;
        streams.push(stream);
        resolve();
      }
      // A ping frame is small and written at once; a read holds whole frames here.
      for (let at = text.indexOf('event: ping'); at >= 0; at = text.indexOf('event: ping', at + 1)) stream.pings++;
    });
    stream.socket.on('close', () => (stream.open = false));
    stream.socket.on('error', (error) => (stream.open ? undefined : reject(error)));
  });
}

async function runChild(base: string, count: number, lanes: number): Promise<void> {
  const streams: Array<{ socket: Socket; pings: number; open: boolean }> = [];
  try {
    // 200 at a time: thousands of simultaneous connects would overflow the accept queue.
    for (let i = 0; i < count; i += 200) {
      const batch = Array.from({ length: Math.min(200, count - i) }, (_, k) => {
        const url = new URL(base);
        url.searchParams.set('lane', `L${(i + k) % lanes}`);
        return openStream(url, streams);
      });
      await Promise.all(batch);
    }
  } catch (error) {
    process.send!({ type: 'failed', message: `${streams.length} of ${count} open: ${(error as Error).message}` } satisfies FromChild);
    process.exit(1);
  }
  // Pings counted from here: the openings are behind.
  for (const stream of streams) stream.pings = 0;
  process.send!({ type: 'open' } satisfies FromChild);
  process.on('message', (message: ToChild) => {
    if (message.type === 'report') {
      const pings = streams.map((stream) => stream.pings);
      const report = { open: streams.filter((s) => s.open).length, pings: { min: Math.min(...pings), max: Math.max(...pings), total: pings.reduce((a, b) => a + b, 0) } };
      process.send!({ type: 'report', ...report } satisfies FromChild);
    } else {
      for (const stream of streams) stream.socket.destroy();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[2] === '--child') await runChild(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
