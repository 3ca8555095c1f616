import { css } from 'lit';

/**
 * What the admin page's sections (`<admin-media>`, `<admin-schedule>`) share: the page's
 * colours (from `--admin-*`, as `<display-admin>` sets them, so a section stands alone too),
 * the section heading, cards, muted and error text, and buttons a thumb can hit (44 px).
 * Each section adds its own rules after these.
 */
export const adminSectionStyles = css`
  :host {
    --_accent: var(--admin-accent, #0b7a5f);
    --_card: var(--admin-card, #ffffff);
    --_text: var(--admin-text, #14181f);
    --_muted: var(--admin-muted, #5b6472);
    --_border: var(--admin-border, #dde2ea);
    --_danger: var(--admin-danger, #b42318);
    display: block;
    min-width: 0;
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 0.85rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--_muted);
  }
  .card {
    background: var(--_card);
    border: 1px solid var(--_border);
    border-radius: 0.75rem;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
    background: var(--_card);
    color: var(--_text);
    cursor: pointer;
  }
`;
