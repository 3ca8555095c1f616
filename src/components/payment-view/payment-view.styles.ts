import { css } from 'lit';

export const paymentViewStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .payment {
    display: grid;
    gap: calc(var(--_space) * 1.25);
    justify-items: center;
    text-align: center;
    padding: calc(var(--_space) * 2);
    min-width: min(28em, 90vw);
  }
  .amount-label {
    color: var(--_muted);
    font-size: 0.9em;
    text-transform: uppercase;
    letter-spacing: 0.06em;
  }
  .amount {
    font-size: 2.6em;
    font-weight: 800;
    line-height: 1.1;
    color: var(--_text);
  }
  .method {
    display: inline-block;
    padding: 0.2em 0.8em;
    border-radius: 999px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    font-weight: 600;
  }
  .figures {
    display: grid;
    width: 100%;
    max-width: 22em;
    margin: 0;
    gap: calc(var(--_space) * 0.4);
  }
  .figures div {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }
  .figures dt,
  .figures dd {
    margin: 0;
  }
  .figures dt {
    color: var(--_muted);
  }
  .figures dd {
    font-weight: 600;
  }
  .change dd,
  .change dt,
  .shortfall dd,
  .shortfall dt {
    font-size: 1.35em;
    font-weight: 800;
    color: var(--_accent);
  }
  .shortfall dd,
  .shortfall dt {
    color: var(--_negative);
  }
  .qr {
    display: grid;
    justify-items: center;
    gap: calc(var(--_space) * 0.5);
    padding: var(--_space);
    background: #fff;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    color: #14181f;
  }
  payment-qr {
    --display-qr-size: var(--display-qr-size, min(13em, 38vmin));
  }
  .qr-label {
    font-weight: 700;
  }
  /* The QR card stays white in every theme (scanners want dark on light), so its muted text
     is the light theme's, never the theme's muted (dark's #9aa6b5 gave 2.47:1 on white). */
  .countdown {
    color: var(--display-qr-muted, #5b6472);
    font-variant-numeric: tabular-nums;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em 1em;
    border-radius: var(--_radius);
    font-weight: 700;
  }
  .status.pending {
    color: var(--_muted);
  }
  .status.approved {
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
    color: var(--_accent);
  }
  .status.declined,
  .status.expired {
    background: color-mix(in srgb, var(--_negative) 12%, transparent);
    color: var(--_negative);
  }
  .status .detail {
    display: block;
    font-weight: 500;
  }
  .spinner {
    width: 1em;
    height: 1em;
    border-radius: 50%;
    border: 0.15em solid currentColor;
    border-right-color: transparent;
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
