/**
 * The CLI flags of the display app (`--config`, `--media`, its upload limits, `--tls-cert`, `--tls-key`):
 * their `parseArgs` options, help text and checks, kept here so `cli.ts` only wires them.
 * Every problem is a `DisplayAppFlagError` (the CLI exits 2 with its message).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '../node/logger.js';
import { findAssetDir, MissingBuildError } from '../display-app/assets.js';
import { DisplayConfigError, readDisplayConfigFileOrEmpty } from '../display-app/config-file.js';
import type { DisplayAppOptions } from '../display-app/routes.js';
import { findMissingMedia, missingMediaWarnings } from '../display-app/missing-media.js';
import { DEFAULT_MEDIA_BUDGET_MB, DEFAULT_MEDIA_FILE_MAX_MB } from '../node/media-admin.js';
import { wholeNumber } from './whole-number.js';

const MB = 1024 * 1024;

export class DisplayAppFlagError extends Error {}

export const DISPLAY_APP_FLAGS = {
  config: { type: 'string' },
  media: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'media-budget-mb': { type: 'string' },
  'media-file-max-mb': { type: 'string' },
} as const;

export const DISPLAY_APP_USAGE = `  --config <file>        display-hub.json: shop name, logo, theme, language, slides, lanes…
                         for the display app at /display/ (checked at start; one not there
                         yet is created by the admin page; open screens pick edits up)
  --media <dir>          the shop's images and videos, served at /media/; with no slide
                         list in the config, the slideshow plays them in name order
  --media-budget-mb <n>  what the media folder may hold in all for uploads from the admin
                         page, in MB (default ${DEFAULT_MEDIA_BUDGET_MB})
  --media-file-max-mb <n>
                         the largest file the admin page may upload, in MB (default ${DEFAULT_MEDIA_FILE_MAX_MB})
  --tls-cert <file>      PEM certificate: serve everything over HTTPS (with --tls-key), so
                         screens on the LAN can keep the display for offline use
  --tls-key <file>       the certificate's PEM private key (with --tls-cert)
`;

export interface DisplayAppFlagValues {
  config?: string;
  media?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  'media-budget-mb'?: string;
  'media-file-max-mb'?: string;
}

export interface DisplayAppSetup {
  displayApp: DisplayAppOptions;
  /** `--media-budget-mb` in bytes. */
  mediaBudgetBytes: number;
  /** `--media-file-max-mb` in bytes. */
  mediaFileMaxBytes: number;
  tls?: { cert: Buffer; key: Buffer };
}

/** Checks the flags now, so a typo in the config or a missing folder stops the hub at start. */
export function parseDisplayAppFlags(values: DisplayAppFlagValues): DisplayAppSetup {
  const configFile = values.config === undefined ? undefined : resolve(values.config);
  if (configFile) {
    try {
      readDisplayConfigFileOrEmpty(configFile);
    } catch (error) {
      if (error instanceof DisplayConfigError) throw new DisplayAppFlagError(`--config: ${error.message}`);
      throw error;
    }
  }
  const mediaDir = values.media === undefined ? undefined : resolve(values.media);
  if (mediaDir && !statSync(mediaDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new DisplayAppFlagError(`--media expects a folder, and ${mediaDir} is not one`);
  }
  const displayApp: DisplayAppOptions = { configFile, mediaDir };
  const fail = (message: string) => new DisplayAppFlagError(message);
  const mediaBudgetBytes = wholeNumber('--media-budget-mb', values['media-budget-mb'], DEFAULT_MEDIA_BUDGET_MB, 1, 1_000_000, fail) * MB;
  const mediaFileMaxBytes = wholeNumber('--media-file-max-mb', values['media-file-max-mb'], DEFAULT_MEDIA_FILE_MAX_MB, 1, 100_000, fail) * MB;
  if (mediaFileMaxBytes > mediaBudgetBytes) throw fail(`--media-file-max-mb (${mediaFileMaxBytes / MB}) must not be above --media-budget-mb (${mediaBudgetBytes / MB})`);
  const media = { displayApp, mediaBudgetBytes, mediaFileMaxBytes };
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new DisplayAppFlagError('--tls-cert and --tls-key go together: give both, or neither for plain HTTP');
  }
  if (values['tls-cert'] === undefined) return media;
  return { ...media, tls: { cert: readPem('--tls-cert', values['tls-cert']), key: readPem('--tls-key', values['tls-key']!) } };
}

function readPem(flag: string, file: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new DisplayAppFlagError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!pem.includes('-----BEGIN ')) throw new DisplayAppFlagError(`${flag}: ${file} is not a PEM file`);
  return pem;
}

/** What the start-up lines need to know of the configuration. */
export interface DisplayAppBanner {
  displayApp: DisplayAppOptions;
  privateStreams: boolean;
  adminToken: string | undefined;
}

/**
 * At start: where screens open the display (under `--private-streams`, where they are paired
 * instead: a lane's page would be refused), why they cannot yet (no build), and each media
 * file the configuration names that is not there.
 */
export function logDisplayApp(logger: Logger, hubUrl: string, { displayApp, privateStreams, adminToken }: DisplayAppBanner): void {
  if (!privateStreams) logger.info(`  screen: ${hubUrl}/display/?lane=<till id>`);
  else if (adminToken) logger.info(`  screen: ${hubUrl}/display/ shows a pairing code: enter it on ${hubUrl}/admin/ to give the screen its lane`);
  else logger.warn(`  screen: ${hubUrl}/display/ must be paired under --private-streams, and pairing needs --admin-token (the admin page)`);
  try {
    findAssetDir();
  } catch (error) {
    if (!(error instanceof MissingBuildError)) throw error;
    logger.warn(`  ${error.message}`);
  }
  if (displayApp.configFile && !statSync(displayApp.configFile, { throwIfNoEntry: false })) {
    logger.info(`  config: ${displayApp.configFile} does not exist yet: the screens use the defaults until the admin page saves it`);
  }
  const config = displayApp.configFile ? readDisplayConfigFileOrEmpty(displayApp.configFile) : displayApp.config;
  if (config) for (const line of missingMediaWarnings(findMissingMedia(config, displayApp.mediaDir), displayApp.mediaDir)) logger.warn(line);
}
