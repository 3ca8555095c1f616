import { css } from 'lit';

export const billPanelStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    height: 100%;
    min-height: 0;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }

  .bill {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
    background: var(--_bg);
    border-radius: var(--_radius);
  }

  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
    border-bottom: 1px solid var(--_border);
  }
  .title {
    font-size: 1.15em;
    font-weight: 700;
  }
  .bill-number {
    color: var(--_muted);
    font-size: 0.8em;
    white-space: nowrap;
  }

  /* Over the top of the list (its negative margin takes back its height: nothing moves). */
  .more-above {
    position: relative;
    z-index: 1;
    flex: none;
    display: flex;
    align-items: center;
    justify-content: center;
    height: 2em;
    margin-bottom: -2em;
    font-size: 0.75em;
    font-weight: 600;
    color: var(--_muted);
    background: linear-gradient(var(--_bg) 60%, transparent);
    pointer-events: none;
  }

  .items {
    position: relative;
    flex: 1 1 auto;
    min-height: 0;
    overflow-y: auto;
    margin: 0;
    padding: 0 calc(var(--_space) * 1.5);
    list-style: none;
    scrollbar-width: none;
  }
  /* The list scrolls, so it is a keyboard stop (arrows, Page Up/Down): show where focus is. */
  .items:focus-visible {
    outline: 3px solid var(--_accent); /* as the prompt's buttons */
    outline-offset: -3px; /* inside: the panel's edge would clip it */
  }
  .item {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto minmax(5.5em, auto);
    align-items: baseline;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.8) 0;
    border-bottom: 1px solid var(--_border);
  }
  .item:last-child {
    border-bottom: none;
  }
  .item-info {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .notes {
    color: var(--_muted);
    font-size: 0.75em;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }
  .quantity {
    color: var(--_muted);
    white-space: nowrap;
  }
  .price {
    text-align: end;
    white-space: nowrap;
    font-weight: 600;
  }

  .totals {
    margin: 0;
    padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
    background: var(--_surface);
    border-top: 1px solid var(--_border);
    /* The panel's rounded corners, drawn here: clipping the whole panel to them (overflow:
       hidden on .bill) made every bill update repaint through a rounded clip, the
       costliest path of software rendering. */
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  .row {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.2) 0;
    color: var(--_muted);
  }
  .row dt,
  .row dd {
    margin: 0;
  }
  .row dd {
    white-space: nowrap;
  }
  .discount dd {
    color: var(--_negative);
  }
  .total {
    align-items: baseline;
    margin-top: calc(var(--_space) * 0.5);
    padding-top: calc(var(--_space) * 0.6);
    border-top: 2px solid var(--_border);
    color: var(--_text);
    font-weight: 800;
    font-size: 1.6em;
  }
  .total dd {
    color: var(--_accent);
  }

  .empty {
    display: flex;
    align-items: center;
    justify-content: center;
    height: 100%;
  }
`;
