/**
 * The admin page's Media section's link to the hub: the media folder's listing, uploads
 * (XMLHttpRequest: fetch cannot report upload progress in every browser), rename, delete,
 * and the configuration (read with its ETag, saved with If-Match). No Lit here.
 */
import { API_BASE_PATH } from '../../protocol/constants.js';

export interface MediaFile {
  name: string;
  type: string;
  bytes: number;
  modified: number;
  order: number | null;
}

export interface MediaListing {
  media: MediaFile[];
  used_bytes: number;
  budget_bytes: number;
  file_max_bytes: number;
}

/** The configuration as far as the Media section reads it; everything else is kept as it is. */
export interface EditedConfig {
  slides?: { src: string }[];
  logo?: string;
  [field: string]: unknown;
}

/** What an upload may be (the hub refuses others: 415). */
export const UPLOAD_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/svg+xml,video/mp4,video/webm';

export class MediaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class MediaClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  list(): Promise<MediaListing> {
    return this.json('GET', 'media') as Promise<MediaListing>;
  }

  rename(name: string, to: string): Promise<unknown> {
    return this.json('PATCH', `media/${encodeURIComponent(name)}`, { name: to });
  }

  remove(name: string): Promise<unknown> {
    return this.json('DELETE', `media/${encodeURIComponent(name)}`);
  }

  async readConfig(): Promise<{ config: EditedConfig; etag: string }> {
    const reply = (await this.json('GET', 'config')) as { config: EditedConfig | null; etag: string; problem?: { message: string } };
    if (!reply.config) throw new MediaError(409, 'invalid_config', `the configuration file is invalid now (${reply.problem?.message ?? 'see the hub log'}): fix it first`);
    return { config: reply.config, etag: reply.etag };
  }

  saveConfig(config: EditedConfig, etag: string): Promise<unknown> {
    return this.json('PUT', 'config', config, { 'If-Match': etag });
  }

  /** Uploads one file under `name`; `progress` hears the fraction sent (0-1). */
  upload(name: string, file: Blob, progress: (fraction: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('PUT', this.url(`media/${encodeURIComponent(name)}`));
      request.setRequestHeader('Authorization', `Bearer ${this.token}`);
      request.setRequestHeader('Content-Type', file.type);
      request.upload.onprogress = (event) => event.lengthComputable && progress(event.loaded / event.total);
      request.onload = () => {
        if (request.status === 201) return resolve();
        reject(errorOf(request.status, request.responseText));
      };
      request.onerror = () => reject(new MediaError(0, 'network', 'the upload did not reach the hub (connection lost?)'));
      request.send(file);
    });
  }

  private url(path: string): string {
    return `${this.base.replace(/\/+$/, '')}${API_BASE_PATH}/admin/${path}`;
  }

  private async json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const response = await fetch(this.url(path), {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, text);
    return text ? JSON.parse(text) : null;
  }
}

function errorOf(status: number, text: string): MediaError {
  let reply: { error?: string; message?: string } = {};
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    /* not JSON: the status says it */
  }
  return new MediaError(status, reply.error ?? 'http', reply.message ?? `HTTP ${status}`);
}

/**
 * A name the hub takes for a file a phone picked (`IMG 2024 (1).JPG` → `IMG-2024-1-.jpg`):
 * letters, digits and `-_.` only, not starting with a dot, at most 100 characters, the
 * extension in lower case.
 */
export function uploadName(original: string, type: string): string {
  const dot = original.lastIndexOf('.');
  const extension = (dot > 0 ? original.slice(dot) : EXTENSIONS[type] ?? '').toLowerCase();
  const stem = (dot > 0 ? original.slice(0, dot) : original).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-.]+/, '') || 'media';
  return stem.slice(0, 100 - extension.length) + extension;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'image/svg+xml': '.svg',
  'video/mp4': '.mp4',
  'video/webm': '.webm',
};

/** `12.3 MB`, `840 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
