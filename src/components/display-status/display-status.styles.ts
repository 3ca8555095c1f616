import { css } from 'lit';

export const displayStatusStyles = css`
  :host {
    display: contents;
  }
  .banner {
    position: fixed;
    /* Longhands, not inset: Chrome < 87 and Safari < 14.1 (old POS WebViews) have no inset. */
    right: 0;
    bottom: 0;
    left: 0;
    z-index: var(--display-status-z-index, 200);
    display: flex;
    justify-content: center;
    align-items: center;
    gap: 0.6em;
    padding: 0.55em 1em;
    font: 600 0.8em/1.3 var(--_font);
    color: #fff;
    background: var(--display-status-offline, #b42318);
  }
  .banner.connecting,
  .banner.stale {
    background: var(--display-status-stale, #8a5a00);
  }
  .since {
    font-weight: 400;
    opacity: 0.9;
  }
  .dot {
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: currentColor;
    animation: pulse 1.2s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  .debug {
    position: fixed;
    right: 0.5em;
    bottom: 3em;
    z-index: var(--display-status-z-index, 200);
    width: min(46em, 60vw);
    max-height: 45vh;
    overflow: auto;
    padding: 0.6em 0.8em;
    border-radius: 0.5em;
    background: rgb(0 0 0 / 0.85);
    color: #9ef0a5;
    font: 12px/1.45 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  .debug h2 {
    margin: 0 0 0.4em;
    font-size: 12px;
    color: #fff;
  }
  .debug ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .debug li {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .debug .error {
    color: #ff9b94;
  }
  .debug .status {
    color: #ffd27a;
  }
  @media (prefers-reduced-motion: reduce) {
    .dot {
      animation: none;
    }
  }
`;
