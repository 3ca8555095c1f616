#!/usr/bin/env node
/**
 * `display-hub`: runs the hub on its own, where the original Flask bridge ran (port 5000).
 *   npm run hub -- --port 5000 --host 127.0.0.1
 */
import { parseArgs } from 'node:util';
import { startHubServer } from './server.js';

const USAGE = `Usage: display-hub [options]

  --port <n>         port to listen on (default 5000)
  --host <addr>      interface to bind (default 127.0.0.1)
  --heartbeat <ms>   ping interval in ms (default 15000)
  --token <secret>   require "Authorization: Bearer <secret>" to publish (or DISPLAY_HUB_TOKEN)
  --allow-origin <o> browser origin allowed to publish; repeatable (default: any)
  --quiet            no request log
  -h, --help         show this help
`;

function fail(message: string): never {
  process.stderr.write(`display-hub: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseNumber(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) fail(`${flag} expects an integer >= ${min}, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        heartbeat: { type: 'string' },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = parseNumber('--port', values.port, 5000, 0);
  if (port > 65535) fail(`--port must be at most 65535, got ${port}`);
  const host = values.host ?? '127.0.0.1';
  let hub;
  try {
    hub = await startHubServer({
      port,
      host,
      heartbeatMs: parseNumber('--heartbeat', values.heartbeat, 15_000, 0),
      token: values.token ?? process.env.DISPLAY_HUB_TOKEN ?? undefined,
      allowOrigins: values['allow-origin'],
      log: values.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use`);
    if (code === 'EACCES') fail(`no permission to listen on ${host}:${port}`);
    throw error;
  }
  process.stdout.write(`display-hub listening on ${hub.url}\n  stream: ${hub.url}/api/customer-display/stream\n`);
  const shutdown = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
