/**
 * The configuration as the page receives it (`/display/config.json`): media references
 * turned into URLs, the slide list filled from the media folder when the shop gave none
 * (read now, so added or removed files show on the next load), and what the service
 * worker should keep for offline use.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ServedConfig, ServedScreen, ServedSleep, ServedSlide } from '../../protocol/index.js';
import type { DisplayAppConfig, LaneConfig, SleepConfig, SlideConfig } from './config-schema.js';
import { listMediaSlides, mediaTypeOf } from './media-folder.js';

/** This machine's time zone: the shop's clock when the configuration names none. */
const systemTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export type { ServedConfig, ServedScreen, ServedSlide };

export const MEDIA_PATH = '/media/';
const DEFAULT_OFFLINE_CACHE_MB = 256;

/**
 * The page reads the wire types (src/protocol), written by hand: a field added to the
 * configuration, or changed there, must not be left out of them. Fails to compile if so.
 */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const servedTypesMatchTheConfiguration: [SameShape<Omit<LaneConfig, 'slides'>, Omit<ServedScreen, 'slides'>>, SameShape<SlideConfig, ServedSlide>, SameShape<SleepConfig, ServedSleep>] = [true, true, true];
void servedTypesMatchTheConfiguration;

/** `promo 1.jpg` → `/media/promo%201.jpg`; URLs (`https:`, `/…`, `data:`) stay as they are. */
export function mediaUrl(ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/')) return ref;
  return MEDIA_PATH + ref.split('/').map(encodeURIComponent).join('/');
}

/**
 * A slide's URL names the file's version (`?v=` of its time and size): a file replaced under
 * the same name (the admin page's upload) is a new URL, so an open screen shows the new image
 * (a browser keeps showing what it decoded for a URL) and the offline copy is replaced too.
 */
function servedSlide(slide: SlideConfig, mediaDir: string | undefined): ServedSlide {
  const type = slide.type ?? (mediaTypeOf(slide.src)?.startsWith('video/') ? 'video' : undefined);
  return { ...slide, src: versioned(mediaUrl(slide.src), slide.src, mediaDir), ...(type ? { type } : {}) };
}

function versioned(url: string, ref: string, mediaDir: string | undefined): string {
  if (!mediaDir || !url.startsWith(MEDIA_PATH) || ref.includes('?')) return url;
  const stat = statSync(join(mediaDir, ref), { throwIfNoEntry: false });
  return stat?.isFile() ? `${url}?v=${Math.round(stat.mtimeMs).toString(36)}-${stat.size.toString(36)}` : url;
}

function servedScreen(screen: LaneConfig, mediaDir: string | undefined): ServedScreen {
  const { slides, logo, mirrorStylesheet, ...rest } = screen;
  return {
    ...rest,
    ...(logo ? { logo: mediaUrl(logo) } : {}),
    ...(mirrorStylesheet ? { mirrorStylesheet: mediaUrl(mirrorStylesheet) } : {}),
    ...(slides ? { slides: slides.map((slide) => servedSlide(slide, mediaDir)) } : {}),
  };
}

export function serveConfig(config: DisplayAppConfig, mediaDir: string | undefined): ServedConfig {
  const { lanes = {}, offlineCacheMB, timeZone, $schema: _schema, ...base } = config;
  const served = servedScreen(base, mediaDir);
  if (!served.slides && mediaDir) {
    // Logos live in the folder too; they are not slides.
    const logos = new Set([base.logo, ...Object.values(lanes).map((lane) => lane.logo)].filter((ref): ref is string => !!ref));
    served.slides = listMediaSlides(mediaDir, logos).map((name) => servedSlide({ src: name }, mediaDir));
  }
  const servedLanes = Object.fromEntries(Object.entries(lanes).map(([id, lane]) => [id, servedScreen(lane, mediaDir)]));
  const screens = [served, ...Object.values(servedLanes)];
  const offlineMedia = new Set(
    screens
      .flatMap((screen) => [...(screen.slides ?? []).map((slide) => slide.src), screen.logo, screen.mirrorStylesheet])
      .filter((src): src is string => !!src && src.startsWith(MEDIA_PATH)),
  );
  return {
    ...served,
    // Always named: a screen set to another zone (or to UTC, as many sticks are) keeps the shop's hours.
    timeZone: timeZone ?? systemTimeZone(),
    lanes: servedLanes,
    offlineMedia: [...offlineMedia],
    offlineCacheBytes: (offlineCacheMB ?? DEFAULT_OFFLINE_CACHE_MB) * 1024 * 1024,
  };
}
