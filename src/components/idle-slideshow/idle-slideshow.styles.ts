import { css } from 'lit';

export const idleSlideshowStyles = css`
  :host {
    display: block;
    position: relative;
    overflow: hidden;
    background: var(--display-slideshow-background, #000);
    contain: strict;
    --_fade: var(--display-slideshow-fade, 800ms);
  }
  :host([inactive]) {
    visibility: hidden;
  }
  ::slotted(*),
  .slides > * {
    position: absolute;
    /* Longhands, not inset: Chrome < 87 and Safari < 14.1 (old POS WebViews) have no inset. */
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    box-sizing: border-box;
    opacity: 0;
    transition: opacity var(--_fade) ease-in-out;
  }
  ::slotted(img),
  ::slotted(video),
  .slides > img,
  .slides > video {
    object-fit: var(--display-slideshow-fit, var(--_fit, cover));
  }
  /* Landscape posters on a portrait screen: show them whole rather than cut. */
  @media (orientation: portrait) {
    :host {
      --_fit: contain;
    }
  }
  ::slotted([data-fit='contain']),
  .slides > [data-fit='contain'] {
    object-fit: contain;
  }
  ::slotted([data-slide='active']),
  .slides > [data-slide='active'] {
    opacity: 1;
  }
  @media (prefers-reduced-motion: reduce) {
    ::slotted(*),
    .slides > * {
      transition: none;
    }
  }
`;
