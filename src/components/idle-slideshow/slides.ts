/**
 * Slides as the slideshow needs them, from slotted elements or from a `slides` list.
 */
import type { TimeWindow } from '../schedule.js';

export type SlideType = 'image' | 'video' | 'element';

/**
 * A slide of the `slides` property (JSON in the attribute). `days`, `from`, `to`: shown only
 * then, on the clock of the slideshow's `time-zone` (`schedule.ts`).
 */
export interface SlideDefinition extends TimeWindow {
  src: string;
  /** Default: `video` for common video extensions, else `image`. */
  type?: 'image' | 'video';
  /** How long to show it, in ms (images). Videos play to their end. */
  duration?: number;
  alt?: string;
}

const VIDEO_EXTENSION = /\.(mp4|webm|ogv|ogg|mov|m4v)(\?|#|$)/i;

export function slideTypeOf(definition: SlideDefinition): 'image' | 'video' {
  return definition.type ?? (VIDEO_EXTENSION.test(definition.src) ? 'video' : 'image');
}

/** What a slotted element is: `<img>`, `<picture>`, `<video>`, or anything else. */
export function slideTypeOfElement(element: Element): SlideType {
  const tag = element.localName;
  if (tag === 'img' || tag === 'picture') return 'image';
  if (tag === 'video') return 'video';
  return 'element';
}

/** The `<img>` to watch for a slide (itself, or inside a `<picture>`). */
export function imageOf(element: Element): HTMLImageElement | null {
  if (element instanceof HTMLImageElement) return element;
  return element.querySelector('img');
}

/** Parses the `slides` attribute: a JSON array; anything unusable is dropped, not fatal. */
export function parseSlides(value: string | null): SlideDefinition[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (slide): slide is SlideDefinition => !!slide && typeof slide === 'object' && typeof (slide as SlideDefinition).src === 'string',
    );
  } catch {
    return [];
  }
}
