/**
 * Nchan (nginx's pub/sub module) as the benchmarks' reference for CPU per delivered event:
 * Debian's `nginx` and `libnginx-mod-nchan`, one worker process, its own config in a temp
 * folder, on 127.0.0.1 only. `GET /stream?lane=…` is an EventSource subscriber of that lane's
 * channel; `POST /publish?lane=…` publishes the body to it (as the hub, one message per POST).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/hub-process.js';
import { pollUntil, stopChild } from './util.js';

const NGINX = '/usr/sbin/nginx';
const MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';
export const NCHAN_INSTALL = 'Debian: apt-get install -y nginx libnginx-mod-nchan';

export interface NchanServer {
  /** nginx's master; its worker is a child (count both: {@link treeCpuSeconds}). */
  readonly pid: number;
  readonly streamUrl: string;
  readonly publishUrl: string;
  stop(): Promise<void>;
}

/** Why Nchan cannot run here (then the bench skips it and says how to install it), or null. */
export function nchanMissing(): string | null {
  if (!existsSync(NGINX)) return `nginx is not installed (${NCHAN_INSTALL})`;
  if (!existsSync(MODULE)) return `the Nchan module is not installed (${NCHAN_INSTALL})`;
  return null;
}

export async function startNchan(): Promise<NchanServer> {
  const missing = nchanMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'nchan-bench-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `load_module ${MODULE};
daemon off;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = /stream { nchan_subscriber eventsource; nchan_channel_id $arg_lane; }
    location = /publish { nchan_publisher; nchan_channel_id $arg_lane; nchan_message_buffer_length 50; }
    location = /health { return 200 'ok'; }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const up = await pollUntil(() => fetch(`${url}/health`).then((r) => r.ok, () => false), 10_000, 20);
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!up) {
    await stop();
    throw new Error('nginx with Nchan did not start');
  }
  return { pid: child.pid!, streamUrl: `${url}/stream?lane={lane}`, publishUrl: `${url}/publish?lane={lane}`, stop };
}
