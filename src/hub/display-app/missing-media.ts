/**
 * Files the configuration names (logo, slides, the cashier's stylesheet, per lane too) that
 * the media folder does not hold. A screen would quietly show no logo or skip a slide; the
 * hub says so at start and in `/health`, naming the file and the key that names it.
 */
import type { DisplayAppConfig, LaneConfig } from './config-schema.js';
import { lookUpMedia } from './media-folder.js';

export interface MissingMedia {
  /** The configuration key naming it, dotted: `logo`, `slides.2.src`, `lanes.till-2.logo`. */
  key: string;
  /** The file as the configuration names it. */
  file: string;
}

/** A URL (`https://…`, `/…`, `data:`) is not the hub's to check; only media-folder names are. */
function isMediaFileName(ref: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith('/');
}

function namedFiles(screen: LaneConfig, prefix: string): MissingMedia[] {
  const named: MissingMedia[] = [];
  if (screen.logo) named.push({ key: `${prefix}logo`, file: screen.logo });
  if (screen.mirrorStylesheet) named.push({ key: `${prefix}mirrorStylesheet`, file: screen.mirrorStylesheet });
  screen.slides?.forEach((slide, index) => named.push({ key: `${prefix}slides.${index}.src`, file: slide.src }));
  return named;
}

/** Every media-folder file the configuration names and the folder cannot serve (all of them when there is no folder). */
export function findMissingMedia(config: DisplayAppConfig, mediaDir: string | undefined): MissingMedia[] {
  const { lanes = {}, ...base } = config;
  const named = [...namedFiles(base, ''), ...Object.entries(lanes).flatMap(([id, lane]) => namedFiles(lane, `lanes.${id}.`))];
  return named.filter(({ file }) => isMediaFileName(file) && !(mediaDir && lookUpMedia(mediaDir, file.split('/').map(encodeURIComponent).join('/')).ok));
}

/** One warning line per missing file, for the start-up log. */
export function missingMediaWarnings(missing: readonly MissingMedia[], mediaDir: string | undefined): string[] {
  const where = mediaDir ? `not found in ${mediaDir}` : 'but no --media folder is given';
  return missing.map(({ key, file }) => `  missing media: config "${key}" names ${file}, ${where} (screens show without it)`);
}
