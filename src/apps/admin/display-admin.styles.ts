import { css } from 'lit';

/** Phone first: one column of cards; two columns from tablet width. */
export const displayAdminStyles = css`
  :host {
    --_accent: var(--admin-accent, #0b7a5f);
    --_bg: var(--admin-background, #f3f5f8);
    --_card: var(--admin-card, #ffffff);
    --_text: var(--admin-text, #14181f);
    --_muted: var(--admin-muted, #5b6472);
    --_border: var(--admin-border, #dde2ea);
    --_danger: var(--admin-danger, #b42318);
    /* flow-root: the login card's top margin stays inside (no white band above the page). */
    display: flow-root;
    min-height: 100vh;
    background: var(--_bg);
    color: var(--_text);
    font: 16px/1.4 system-ui, 'Segoe UI', Roboto, sans-serif;
  }
  header {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.75rem 1rem;
    background: var(--_accent);
    color: #fff;
  }
  header h1 {
    flex: 1;
    margin: 0;
    font-size: 1.1rem;
  }
  main {
    display: grid;
    gap: 1rem;
    padding: 1rem;
    max-width: 70rem;
    margin: 0 auto;
  }
  @media (min-width: 48rem) {
    main {
      grid-template-columns: 1fr 1fr;
    }
    section.wide {
      grid-column: 1 / -1;
    }
  }
  section h2 {
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
    padding: 0.75rem 1rem;
    margin-bottom: 0.75rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .grow {
    flex: 1;
    min-width: 0;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .code {
    font: 700 1.6rem ui-monospace, Menlo, Consolas, monospace;
    letter-spacing: 0.1em;
    color: var(--_accent);
  }
  .dot {
    width: 0.7rem;
    height: 0.7rem;
    border-radius: 50%;
    flex: none;
    background: #98a2b3;
  }
  .dot.connected {
    background: #12b76a;
  }
  .dot.stale {
    background: #f79009;
  }
  .badge {
    border-radius: 1rem;
    padding: 0.1rem 0.6rem;
    font-size: 0.8rem;
    background: var(--_bg);
    border: 1px solid var(--_border);
  }
  .badge.bill {
    background: #e0f2fe;
  }
  .badge.payment {
    background: #fef0c7;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  input {
    /* Wide enough for its placeholder ("Name, e.g. Front counter"): on a phone each takes a line. */
    flex: 1 1 13rem;
    min-width: 0;
    font: inherit;
    min-height: 44px;
    box-sizing: border-box;
    padding: 0.55rem 0.7rem;
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
  }
  button {
    font: inherit;
    /* A thumb's target on the owner's phone (WCAG 2.5.5: 44 px). */
    min-height: 44px;
    min-width: 44px;
    padding: 0.4rem 0.9rem;
    border-radius: 0.5rem;
    border: 1px solid var(--_border);
    background: var(--_card);
    color: var(--_text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button.danger {
    color: var(--_danger);
  }
  header button {
    background: transparent;
    color: #fff;
    border-color: rgb(255 255 255 / 0.5);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin-top: 0.6rem;
  }
  .error {
    color: var(--_danger);
  }
  .login {
    /* A margin on a phone too: the card never touches the screen's edges. */
    box-sizing: border-box;
    width: calc(100% - 2rem);
    max-width: 24rem;
    margin: 3rem auto;
  }
  form.by-code {
    margin-top: 0;
  }
  form.by-code p {
    flex-basis: 100%;
    margin: 0;
  }
`;
