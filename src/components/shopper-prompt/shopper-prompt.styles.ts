import { css } from 'lit';

/**
 * Touch first: every target at least 48 px (and about 2.4 em on a TV-sized font), a clear
 * pressed state, no hover-only cues. Colours only from the theme tokens.
 */
export const shopperPromptStyles = css`
  :host {
    display: block;
    --_target: max(48px, 2.4em);
  }
  .prompt {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    width: min(100%, 40em);
    margin-inline: auto;
    padding: calc(var(--_space) * 2);
    background: var(--_bg);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 1em 3em rgb(0 0 0 / 0.25);
  }
  .head {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: baseline;
    gap: 0.25em var(--_space);
  }
  h2 {
    margin: 0;
    font-size: 1.5em;
    line-height: 1.2;
  }
  [part='message'] {
    grid-column: 1 / -1;
    margin: 0;
    color: var(--_muted);
  }
  .countdown {
    grid-row: 1;
    grid-column: 2;
    color: var(--_muted);
    font-size: 0.9em;
    white-space: nowrap;
  }
  .options {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 6.5em), 1fr));
    gap: var(--_space);
  }
  .kind-rating .options {
    grid-template-columns: repeat(auto-fit, minmax(var(--_target), 1fr));
  }
  button {
    font: inherit;
    color: inherit;
    min-height: var(--_target);
    min-width: var(--_target);
    border-radius: var(--_radius);
    cursor: pointer;
    touch-action: manipulation;
    -webkit-tap-highlight-color: transparent;
    transition: transform 80ms ease-out, background-color 120ms ease-out;
  }
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 3px;
  }
  button:active:not(:disabled) {
    transform: scale(0.97);
  }
  button:disabled {
    opacity: 0.45;
    cursor: default;
  }
  .option {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.15em;
    padding: 0.6em 0.5em;
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    min-height: calc(var(--_target) * 1.5);
  }
  .option.secondary,
  .option.star {
    background: var(--_surface);
    color: var(--_text);
    border-color: var(--_border);
  }
  .option.star .option-main {
    color: #d99a00;
    font-size: 1.1em;
    letter-spacing: -0.1em;
  }
  .option-main {
    font-size: 1.25em;
    font-weight: 700;
  }
  .option-detail {
    font-size: 0.9em;
    opacity: 0.9;
  }
  .entry {
    min-height: max(48px, 1.4em);
    padding: 0.3em 0.6em;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 1.6em;
    font-weight: 700;
    text-align: end;
    overflow-wrap: anywhere;
  }
  .entry.email {
    font-size: 1.2em;
    text-align: start;
  }
  .entry.phone {
    text-align: start;
    letter-spacing: 0.05em;
  }
  /* The phone pad has no 000 key: 0 sits under 8, as on a telephone. */
  .entry.phone + .keypad [data-key='0'] {
    grid-column: 2;
  }
  .prefix {
    color: var(--_muted);
    margin-inline-end: 0.3em;
  }
  .hint.over {
    color: var(--_negative);
  }
  .keypad.digits {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: calc(var(--_space) * 0.6);
  }
  .keypad.letters {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 0.4);
  }
  .row {
    display: flex;
    gap: calc(var(--_space) * 0.4);
    justify-content: center;
  }
  .row .key {
    flex: 1 1 0;
    min-width: min(var(--_target), 9%);
    padding: 0;
  }
  .key {
    border: 1px solid var(--_border);
    background: var(--_surface);
    font-size: 1.2em;
    font-weight: 600;
  }
  .actions {
    display: flex;
    gap: var(--_space);
  }
  .actions .key {
    flex: 1;
  }
  .key.send {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .status {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.3em;
    padding: 1em 0;
    text-align: center;
  }
  .mark {
    display: grid;
    place-items: center;
    width: 2.4em;
    height: 2.4em;
    border-radius: 50%;
    background: var(--_surface);
    font-size: 1.5em;
  }
  .received .mark {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .answer {
    font-size: 1.4em;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .status-line {
    color: var(--_muted);
  }
  .error {
    margin: 0;
    color: var(--_negative);
  }
  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
    button:active:not(:disabled) {
      transform: none;
    }
  }
`;
