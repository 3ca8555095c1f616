import { css } from 'lit';

/** The dark token set: chosen by `theme="dark"`, or by the system unless `theme="light"`. */
const darkTokens = css`
    --display-page: #0b0e12;
    --display-background: #151a21;
    --display-surface: #1c232c;
    --display-text: #eef2f6;
    --display-muted: #9aa6b5;
    --display-accent: #3fd3a6;
    --display-on-accent: #06281f;
    --display-border: #2a323d;
    --display-negative: #ff8a80;
    --display-brand: #0f5c49;
    color-scheme: dark;
`;

/**
 * Light and dark token sets; children read them through inheritance. `.sleep`, the sleep
 * hours' dimming: one still layer over everything (cheaper than a filter on a weak screen's
 * software renderer), gone in the render that shows a bill: no fade to wait for.
 */
export const customerDisplayStyles = css`
  :host {
    --display-page: #eef1f5;
    --display-background: #ffffff;
    --display-surface: #f5f7fa;
    --display-text: #14181f;
    --display-muted: #5b6472;
    --display-accent: #0b7a5f;
    --display-on-accent: #ffffff;
    --display-border: #e3e7ee;
    --display-negative: #b42318;
    --display-brand: var(--display-accent);
    display: block;
    position: relative;
    box-sizing: border-box;
    width: 100%;
    height: 100%;
    min-height: 100vh;
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }

  .layout {
    box-sizing: border-box;
    height: 100%;
    min-height: inherit;
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    gap: var(--_space);
    padding: var(--display-screen-padding, 1.5vmin);
    background: var(--display-page);
  }

  .header {
    display: flex;
    align-items: center;
    gap: 0.6em;
    min-height: 2.2em;
    padding: 0 0.4em;
  }
  .logo {
    height: 1.8em;
    width: auto;
  }
  .shop-name {
    font-size: 1.15em;
    font-weight: 800;
    letter-spacing: -0.01em;
  }

  .main {
    display: grid;
    min-height: 0;
  }
  /* Every phase's region sits in the same cell; only the current one is visible. */
  .region {
    grid-area: 1 / 1;
    min-height: 0;
    opacity: 0;
    visibility: hidden;
    transition: opacity 400ms ease, visibility 0s linear 400ms;
  }
  .region.current {
    opacity: 1;
    visibility: visible;
    transition: opacity 400ms ease;
  }

  .idle {
    border-radius: var(--_radius);
    overflow: hidden;
  }
  idle-slideshow {
    width: 100%;
    height: 100%;
  }
  .welcome,
  .brand {
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.5em;
    height: 100%;
    box-sizing: border-box;
    padding: 2em;
    border-radius: var(--_radius);
    background: var(--display-brand);
    color: #fff;
    text-align: center;
  }
  .welcome-logo,
  .brand-logo {
    max-width: 60%;
    max-height: 30vh;
  }
  .welcome strong,
  .brand strong {
    font-size: 2.4em;
    line-height: 1.1;
    font-weight: 800;
  }
  .welcome span,
  /* The tagline, a shade softer than the name: 0.92 white keeps 4.7:1 on the default brand
     green (0.85 gave 4.29, under WCAG AA's 4.5). A colour, not opacity, so it can be themed. */
  .brand span {
    color: var(--display-on-brand-muted, rgba(255, 255, 255, 0.92));
  }

  .sale {
    display: grid;
    grid-template-columns: minmax(0, 0.9fr) minmax(0, 1.35fr);
    gap: var(--_space);
  }
  /*
   * A hairline, not a box-shadow: a blurred shadow is repainted with the panel on every bill
   * update, and in software rendering (WebKitGTK, TV sticks, old POS WebViews) that alone
   * kept a burst of updates at 2-4 fps. contain: the bill's layout and paint never spill
   * into the rest of the page, so an update repaints the panel only.
   */
  bill-panel {
    min-height: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    contain: layout paint;
  }
  .thanks {
    border-radius: var(--_radius);
    background: var(--display-background);
  }
  thank-you-panel {
    height: 100%;
    font-size: 1.3em;
  }

  .footer {
    color: var(--_muted);
    text-align: center;
    font-size: 0.8em;
  }
  .footer.empty {
    display: none;
  }

  /* Portrait screens (1080×1920): the bill on top, the brand below. */
  @media (orientation: portrait) {
    .sale {
      grid-template-columns: 1fr;
      grid-template-rows: minmax(0, 1.6fr) minmax(0, 0.7fr);
    }
    .sale .aside {
      order: 2;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .region,
    .region.current {
      transition: none;
    }
  }

  .sleep {
    position: absolute;
    top: 0;
    left: 0;
    width: 100%;
    height: 100%;
    z-index: var(--display-modal-z-index, 100);
    background: var(--display-sleep-overlay, rgb(0 0 0 / 0.85));
    pointer-events: none;
  }

  /* The shopper's prompt, over the sale (and over a mirrored dialog). */
  .prompt-layer {
    position: fixed;
    inset: 0;
    z-index: calc(var(--display-modal-z-index, 100) + 1);
    display: grid;
    place-items: center;
    padding: var(--display-screen-padding, 1.5vmin);
    background: rgb(0 0 0 / 0.45);
    overflow: auto;
  }
  .prompt-layer shopper-prompt {
    width: 100%;
  }
`;
