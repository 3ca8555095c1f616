import { css } from 'lit';

export const paymentModalMirrorStyles = css`
  :host {
    display: contents;
  }
  .overlay {
    position: fixed;
    inset: 0;
    z-index: var(--display-modal-z-index, 100);
    display: grid;
    place-items: center;
    padding: 4vmin;
    background: var(--display-modal-backdrop, rgb(10 14 20 / 0.55));
    opacity: 0;
    pointer-events: none;
    transition: opacity 300ms ease;
  }
  .overlay.open {
    opacity: 1;
  }
  @starting-style {
    .overlay.open {
      opacity: 0;
    }
  }
  .dialog {
    box-sizing: border-box;
    max-width: min(60em, 92vw);
    max-height: 92vh;
    overflow: auto;
    scrollbar-width: none;
    background: var(--_bg);
    color: var(--_text);
    border-radius: calc(var(--_radius) * 1.5);
    box-shadow: 0 1.5em 4em rgb(0 0 0 / 0.35);
  }
  /* The cashier's dialog keeps the cashier's look (its CSS assumes a light page), in
     either theme of the display. */
  .mirrored {
    padding: calc(var(--_space) * 1.5);
    background: var(--display-mirror-background, #ffffff);
    color: var(--display-mirror-text, #14181f);
    color-scheme: light;
  }
  /* What the cashier sees as a modal box is just content here: no second overlay. */
  .mirrored [data-sync-to-customer] {
    position: static !important;
    inset: auto !important;
    display: block !important;
  }
  .mirrored [hidden] {
    display: none !important;
  }
  .mirrored input,
  .mirrored select,
  .mirrored textarea {
    font: inherit;
    color: inherit;
    opacity: 1;
    -webkit-text-fill-color: currentColor;
  }
  @media (prefers-reduced-motion: reduce) {
    .overlay {
      transition: none;
    }
  }
`;
