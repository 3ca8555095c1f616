/**
 * The CLI flags of the display app (`--config`, `--media`, `--tls-cert`, `--tls-key`):
 * their `parseArgs` options, help text and checks, kept here so `cli.ts` only wires them.
 * Every problem is a `DisplayAppFlagError` (the CLI exits 2 with its message).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '../node/logger.js';
import { findAssetDir, MissingBuildError } from '../display-app/assets.js';
import { DisplayConfigError, readDisplayConfigFile } from '../display-app/config-file.js';
import type { DisplayAppOptions } from '../display-app/routes.js';
import { findMissingMedia, missingMediaWarnings } from '../display-app/missing-media.js';

export class DisplayAppFlagError extends Error {}

export const DISPLAY_APP_FLAGS = {
  config: { type: 'string' },
  media: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

export const DISPLAY_APP_USAGE = `  --config <file>        display-hub.json: shop name, logo, theme, language, slides, lanes…
                         for the display app at /display/ (checked at start; edits show on
                         the screens' next load)
  --media <dir>          the shop's images and videos, served at /media/; with no slide
                         list in the config, the slideshow plays them in name order
  --tls-cert <file>      PEM certificate: serve everything over HTTPS (with --tls-key), so
                         screens on the LAN can keep the display for offline use
  --tls-key <file>       the certificate's PEM private key (with --tls-cert)
`;

export interface DisplayAppFlagValues {
  config?: string;
  media?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
}

export interface DisplayAppSetup {
  displayApp: DisplayAppOptions;
  tls?: { cert: Buffer; key: Buffer };
}

/** Checks the flags now, so a typo in the config or a missing folder stops the hub at start. */
export function parseDisplayAppFlags(values: DisplayAppFlagValues): DisplayAppSetup {
  const configFile = values.config === undefined ? undefined : resolve(values.config);
  if (configFile) {
    try {
      readDisplayConfigFile(configFile);
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
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new DisplayAppFlagError('--tls-cert and --tls-key go together: give both, or neither for plain HTTP');
  }
  if (values['tls-cert'] === undefined) return { displayApp };
  return { displayApp, tls: { cert: readPem('--tls-cert', values['tls-cert']), key: readPem('--tls-key', values['tls-key']!) } };
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
  const config = displayApp.configFile ? readDisplayConfigFile(displayApp.configFile) : displayApp.config;
  if (config) for (const line of missingMediaWarnings(findMissingMedia(config, displayApp.mediaDir), displayApp.mediaDir)) logger.warn(line);
}
