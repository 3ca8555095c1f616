/**
 * The events a display fires, declared once: `addEventListener('display-phase', (e) =>
 * e.detail.phase)` is typed for every user, on an element, the document or the window.
 * All of them bubble and are composed, so a page hears them from inside any shadow root.
 */
import type { SlideType } from '../components/idle-slideshow/slides.js';
import type { PromptAnswerValue } from '../protocol/index.js';
import type { PairingState } from './display-pairing.js';
import type { ConnectionStatus, DisplayPhase } from './display-state.js';

export interface DisplayErrorDetail {
  /** The SSE event name whose data was rejected. */
  event: string;
  /** What was wrong, naming the field. */
  message: string;
  /** The raw `data` as received. */
  data: string;
}

/** The shopper's answer to the prompt on screen, as `<shopper-prompt>` fires it. */
export interface PromptAnswerDetail {
  prompt_id: string;
  value: PromptAnswerValue;
}

/** Each event's `detail`, by event name. */
export interface DisplayEventDetails {
  /** An event failed validation and was ignored (the last good state stays on screen). */
  'display-error': DisplayErrorDetail;
  /** The connection status changed. */
  'display-status': { status: ConnectionStatus };
  /** The display phase changed. */
  'display-phase': { phase: DisplayPhase };
  /** A pairing display (`<display-sync pairing>`) got a code, a lane or a new name. */
  'display-pairing': { status: PairingState['status']; code: string | null; lane: string | null; name: string | null };
  /** `<shopper-prompt>`: the shopper answered (`<display-sync>` sends it to the hub). */
  'display-prompt-answer': PromptAnswerDetail;
  /**
   * The hub says the display's configuration or media changed (an admin uploaded, deleted
   * or reordered media, or saved the configuration): re-read it (the display app's page
   * re-fetches `config.json`). `version` is opaque.
   */
  'display-config-changed': { version: string };
  /** `<idle-slideshow>`: a slide became visible. */
  'display-slide': { index: number; type: SlideType };
}

export type DisplayEventMap = { [K in keyof DisplayEventDetails]: CustomEvent<DisplayEventDetails[K]> };

declare global {
  interface HTMLElementEventMap extends DisplayEventMap {}
  interface DocumentEventMap extends DisplayEventMap {}
  interface WindowEventMap extends DisplayEventMap {}
}

/** Fires a display event from `target`; the one way they are made. */
export function emit<K extends keyof DisplayEventDetails>(target: EventTarget, name: K, detail: DisplayEventDetails[K]): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
