import { css } from 'lit';

/**
 * Design tokens shared by every element. Each is a CSS custom property with a default, so
 * a page themes all elements at once from outside (`display-sync { --display-accent: … }`).
 */
export const themeTokens = css`
  :host {
    --_font: var(--display-font-family, 'Inter', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, system-ui, sans-serif);
    /* Sized for a TV read from 3 m: about 28 px at 1920 wide, never below 16 px. */
    --_size: var(--display-font-size, clamp(16px, 1.45vmax, 40px));
    --_bg: var(--display-background, #ffffff);
    --_surface: var(--display-surface, #f5f7fa);
    --_text: var(--display-text, #14181f);
    --_muted: var(--display-muted, #5b6472);
    --_accent: var(--display-accent, #0b7a5f);
    --_on-accent: var(--display-on-accent, #ffffff);
    --_border: var(--display-border, #e3e7ee);
    --_negative: var(--display-negative, #b42318);
    --_radius: var(--display-radius, 0.75em);
    --_space: var(--display-spacing, 0.75em);
    font-family: var(--_font);
    font-size: var(--_size);
    color: var(--_text);
    line-height: 1.3;
    font-variant-numeric: tabular-nums;
  }
  /* Chrome < 79 and Safari < 13.1 (old POS WebViews) have no clamp(): the same scale, unclamped. */
  @supports not (font-size: clamp(1px, 1px, 1px)) {
    :host {
      --_size: var(--display-font-size, 1.45vmax);
    }
  }
`;
