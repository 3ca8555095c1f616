import { css } from 'lit';

export const paymentModalMirrorStyles = css`
  :host {
    display: contents;
  }
  .overlay {
    position: fixed;
    /* Longhands, not inset: Chrome < 87 and Safari < 14.1 (old POS WebViews) have no inset. */
    top: 0;
    right: 0;
    bottom: 0;
    left: 0;
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
  /* Every control here is disabled (the shopper only reads it), so the browser would grey
     it out: keep it at the text's colour and size instead. */
  .mirrored input,
  .mirrored select,
  .mirrored textarea {
    font: inherit;
    color: inherit;
    opacity: 1;
    -webkit-text-fill-color: currentColor;
  }
  /* The browser draws a disabled radio or checkbox 13 px and pale whatever the text size:
     draw them ourselves, 1em, in the text's colour, the checked one filled. */
  .mirrored input:is([type='radio'], [type='checkbox']) {
    appearance: none;
    box-sizing: border-box;
    inline-size: 1em;
    block-size: 1em;
    margin: 0 0.35em 0 0;
    vertical-align: -0.15em;
    border: 0.1em solid currentColor;
    border-radius: 0.2em;
    background: transparent;
  }
  .mirrored input[type='radio'] {
    border-radius: 50%;
  }
  .mirrored input:is([type='radio'], [type='checkbox']):checked {
    background: currentColor;
    box-shadow: inset 0 0 0 0.16em var(--display-mirror-background, #ffffff);
  }
  @media (prefers-reduced-motion: reduce) {
    .overlay {
      transition: none;
    }
  }
`;
