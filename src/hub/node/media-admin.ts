/**
 * The admin API's writes to files: the media folder (`admin/media…`: list, upload, rename,
 * delete) and the configuration file (`admin/config`: read with its ETag, replace whole).
 * `HubApi.decide` has checked the admin token before this sees the request: no body byte is
 * read before that. Uploads stream to disk (`media-upload.ts`) under a per-file maximum and a
 * folder budget; JSON bodies keep the API's body limit. Every change calls `onChange` (the
 * displays are told, `config-change-push.ts`) and logs one line: names and sizes, never contents.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { apiError, type MediaAdminAction, type Reply } from '../api/hub-api.js';
import type { BodyResult } from '../api/json-body.js';
import { readConfigForEdit, currentEtag, withMediaReference, writeConfigAtomically } from '../display-app/config-writer.js';
import { validateDisplayConfig } from '../display-app/config-schema.js';
import { mediaTypeOf } from '../display-app/media-folder.js';
import { checkMediaName, typeOfName, uploadTypeOf, UPLOAD_TYPES } from '../display-app/media-names.js';
import type { Logger } from './logger.js';
import { receiveUpload, UPLOAD_TEMP_PREFIX } from './media-upload.js';
import { readJsonBody } from './request.js';

export const DEFAULT_MEDIA_BUDGET_MB = 512;
export const DEFAULT_MEDIA_FILE_MAX_MB = 100;
const MB = 1024 * 1024;

export interface MediaAdminOptions {
  mediaDir?: string;
  configFile?: string;
  /** What the whole folder may hold, in bytes (`--media-budget-mb`). */
  budgetBytes?: number;
  /** The largest file, in bytes (`--media-file-max-mb`). */
  fileMaxBytes?: number;
  /** An upload silent this long is cut (default `UPLOAD_IDLE_MS`, 30 s). */
  uploadIdleMs?: number;
  /** The JSON body limit of the API (config and rename bodies). */
  maxBodyBytes: number;
  logger: Logger;
  /** A file changed through the API: tell the displays. */
  onChange: () => void;
}

export interface MediaEntry {
  name: string;
  type: string;
  bytes: number;
  modified: number;
  /** Its index in the configuration's top-level `slides`, or null. */
  order: number | null;
}

const ok = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): Reply => ({ status, body: { status: 'ok', ...body }, headers });
const refused = (status: number, code: string, message: string, field?: string, closeConnection = false): Reply => ({ status, body: apiError(code, message, field), closeConnection });

export class MediaAdmin {
  readonly budgetBytes: number;
  readonly fileMaxBytes: number;
  /** Bytes announced by uploads under way (their Content-Length): counted against the budget. */
  private inFlight = 0;
  /** Config writes, renames and deletes one after another: each reads the file its predecessor wrote. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MediaAdminOptions) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_MEDIA_BUDGET_MB * MB;
    this.fileMaxBytes = options.fileMaxBytes ?? DEFAULT_MEDIA_FILE_MAX_MB * MB;
    this.sweepTemporaryFiles();
  }

  /** Carries out an admin media or config action; the reply to send. */
  async run(action: MediaAdminAction, target: string | null, req: IncomingMessage): Promise<Reply> {
    if (action === 'config-get' || action === 'config-put') {
      if (!this.options.configFile) {
        if (action === 'config-put') req.resume();
        return refused(409, 'no_config_file', 'this hub has no configuration file: start it with --config FILE (a file that does not exist yet is created on the first save)', undefined, action === 'config-put');
      }
      return action === 'config-get' ? this.getConfig(this.options.configFile) : this.putConfig(this.options.configFile, req);
    }
    const dir = this.options.mediaDir;
    if (!dir) return refused(409, 'no_media_folder', 'this hub has no media folder: start it with --media DIR', undefined, action !== 'media-list');
    if (action === 'media-list') return this.list(dir);
    const checked = checkMediaName(target ?? '', { extension: action !== 'media-put' });
    if (!checked.ok) return refused(400, checked.error, checked.message, 'name', action === 'media-put');
    if (action === 'media-put') return this.upload(dir, checked.name, req);
    if (action === 'media-rename') return this.serially(() => this.rename(dir, checked.name, req));
    return this.serially(() => this.remove(dir, checked.name));
  }

  /** The folder's media files, in name order, with the budget. */
  list(dir: string): Reply {
    const slides = this.topLevelSlides();
    const media = this.files(dir)
      .filter((file) => /^(image|video)\//.test(file.type))
      .map((file) => ({ ...file, order: slides ? nullIfMissing(slides.indexOf(file.name)) : null }));
    return ok(200, { media, used_bytes: this.usedBytes(dir), budget_bytes: this.budgetBytes, file_max_bytes: this.fileMaxBytes });
  }

  private async upload(dir: string, name: string, req: IncomingMessage): Promise<Reply> {
    const type = uploadTypeOf(req.headers['content-type']);
    if (!type) {
      return refused(415, 'unsupported_media_type', `Content-Type must be one of ${Object.keys(UPLOAD_TYPES).join(', ')}, got ${req.headers['content-type'] ?? 'none'}`, 'type', true);
    }
    if (typeOfName(name) !== type) return refused(400, 'invalid_name', `the name of a ${type} file must end in ${UPLOAD_TYPES[type]!.join(' or ')}`, 'name', true);
    const replaced = statSync(join(dir, name), { throwIfNoEntry: false });
    const room = this.budgetBytes - (this.usedBytes(dir) - (replaced?.isFile() ? replaced.size : 0)) - this.inFlight;
    const declared = Number(req.headers['content-length']);
    const known = req.headers['content-length'] !== undefined && Number.isSafeInteger(declared);
    // Refused from the header, before a byte of the body is read.
    if (known && declared === 0) return refused(400, 'empty_file', 'the upload is empty: send the file as the body', undefined, true);
    if (known && declared > this.fileMaxBytes) return this.tooLarge('file');
    if (known && declared > room) return this.tooLarge('budget', room);
    const limit = Math.min(this.fileMaxBytes, Math.max(0, room));
    const reserved = known ? declared : 0;
    this.inFlight += reserved;
    try {
      const result = await receiveUpload(req, dir, name, limit, this.options.uploadIdleMs);
      if (result.ok) {
        this.options.logger.info(`media: uploaded ${name} (${result.bytes} bytes${replaced ? ', replacing the old one' : ''})`);
        this.options.onChange();
        return ok(201, { name, type, bytes: result.bytes });
      }
      if (result.reason === 'too_large') return limit === this.fileMaxBytes ? this.tooLarge('file') : this.tooLarge('budget', room);
      if (result.reason === 'empty') return refused(400, 'empty_file', 'the upload is empty: send the file as the body', undefined, true);
      if (result.reason === 'write_failed') return refused(507, 'write_failed', 'the hub could not write the file (is the disk full?); nothing was changed', undefined, true);
      return refused(400, 'upload_aborted', 'the upload ended before its body did; nothing was kept', undefined, true);
    } finally {
      this.inFlight -= reserved;
    }
  }

  private tooLarge(which: 'file' | 'budget', room = 0): Reply {
    const message =
      which === 'file'
        ? `a file may be at most ${mb(this.fileMaxBytes)} (--media-file-max-mb)`
        : `the media folder's budget of ${mb(this.budgetBytes)} (--media-budget-mb) has ${mb(Math.max(0, room))} left: delete some media first`;
    return refused(413, which === 'file' ? 'file_too_large' : 'media_budget_exceeded', message, undefined, true);
  }

  private async rename(dir: string, from: string, req: IncomingMessage): Promise<Reply> {
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    const invalid = bodyRefusal(body);
    if (invalid) return invalid;
    const wanted = (body as { value: { name?: unknown } }).value.name;
    if (typeof wanted !== 'string') return refused(400, 'invalid_body', 'name: expected the new file name', 'name');
    const checked = checkMediaName(encodeURIComponent(wanted));
    if (!checked.ok) return refused(400, checked.error, checked.message, 'name');
    const to = checked.name;
    const source = await stat(join(dir, from)).catch(() => undefined);
    if (!source?.isFile()) return refused(404, 'not_found', `no media file ${from}`);
    if (typeOfName(to) !== typeOfName(from)) return refused(400, 'invalid_name', `${from} is ${typeOfName(from)}: the new name keeps its kind of extension`, 'name');
    if (to !== from && (await stat(join(dir, to)).catch(() => undefined))) return refused(409, 'name_taken', `${to} exists already: delete it or pick another name`, 'name');
    await rename(join(dir, from), join(dir, to));
    this.followInConfig(from, to);
    this.options.logger.info(`media: renamed ${from} to ${to} (${source.size} bytes)`);
    this.options.onChange();
    return ok(200, { name: to, type: typeOfName(to), bytes: source.size });
  }

  private async remove(dir: string, name: string): Promise<Reply> {
    const found = await stat(join(dir, name)).catch(() => undefined);
    if (!found?.isFile()) return refused(404, 'not_found', `no media file ${name}`);
    await rm(join(dir, name));
    this.followInConfig(name, null);
    this.options.logger.info(`media: deleted ${name} (${found.size} bytes)`);
    this.options.onChange();
    return { status: 204, body: null };
  }

  private getConfig(file: string): Reply {
    const { config, etag, problem } = readConfigForEdit(file);
    // The hub machine's zone: what screens keep when the configuration names none (the admin page says which).
    const hubTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return ok(200, { config, etag, file, hub_time_zone: hubTimeZone, ...(problem ? { problem } : {}) }, { ETag: etag });
  }

  private async putConfig(file: string, req: IncomingMessage): Promise<Reply> {
    const ifMatch = req.headers['if-match'];
    if (!ifMatch) {
      req.resume();
      return refused(428, 'if_match_required', 'send If-Match with the etag of GET admin/config, so an edit made meanwhile is not overwritten', undefined, true);
    }
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    const invalid = bodyRefusal(body);
    if (invalid) return invalid;
    const validated = validateDisplayConfig((body as { value: unknown }).value);
    if (!validated.ok) return { status: 400, body: { ...apiError('invalid_config', validated.message, validated.field), problems: validated.problems } };
    return this.serially(() => {
      const now = currentEtag(file);
      if (ifMatch !== now && ifMatch !== '*') {
        return refused(412, 'config_changed', 'the configuration changed since you read it (another edit, or the file by hand): read it again, then save');
      }
      const etag = writeConfigAtomically(file, validated.value);
      this.options.logger.info(`config: saved ${basename(file)} from the admin API`);
      this.options.onChange();
      return ok(200, { config: validated.value, etag }, { ETag: etag });
    });
  }

  /** A renamed or deleted file's references in the configuration follow it (when the file is valid now). */
  private followInConfig(from: string, to: string | null): void {
    const file = this.options.configFile;
    if (!file) return;
    const { config } = readConfigForEdit(file);
    const next = config && withMediaReference(config, from, to);
    if (next) writeConfigAtomically(file, next);
  }

  /** The configuration's top-level slide list as names, or null when it has none (the folder order plays). */
  private topLevelSlides(): string[] | null {
    if (!this.options.configFile) return null;
    const { config } = readConfigForEdit(this.options.configFile);
    return config?.slides ? config.slides.map((slide) => slide.src) : null;
  }

  private files(dir: string): Omit<MediaEntry, 'order'>[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    return names
      .filter((name) => !name.startsWith('.'))
      .map((name) => ({ name, stat: statSync(join(dir, name), { throwIfNoEntry: false }) }))
      .filter(({ stat: found }) => found?.isFile())
      .map(({ name, stat: found }) => ({ name, type: mediaTypeOf(name) ?? 'application/octet-stream', bytes: found!.size, modified: Math.round(found!.mtimeMs) }))
      .sort((a, b) => byName.compare(a.name, b.name));
  }

  /** Every visible file of the folder counts against the budget. */
  private usedBytes(dir: string): number {
    return this.files(dir).reduce((sum, file) => sum + file.bytes, 0);
  }

  private serially<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Uploads and config writes a crash interrupted: never served or listed, removed now. */
  private sweepTemporaryFiles(): void {
    const { mediaDir, configFile } = this.options;
    const sweep = (dir: string, temporary: (name: string) => boolean) => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names.filter(temporary)) rmSync(join(dir, name), { force: true });
    };
    if (mediaDir) sweep(mediaDir, (name) => name.startsWith(UPLOAD_TEMP_PREFIX));
    if (configFile) {
      const prefix = `.${basename(configFile)}.`;
      sweep(dirname(configFile), (name) => name.startsWith(prefix) && name.endsWith('.tmp'));
    }
  }
}

function bodyRefusal(body: BodyResult): Reply | null {
  if (body.ok) {
    if (typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value)) return null;
    return refused(400, 'invalid_body', 'expected a JSON object');
  }
  return refused(body.status, body.error, body.message, undefined, body.status === 413);
}

function nullIfMissing(index: number): number | null {
  return index < 0 ? null : index;
}

function mb(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

