/**
 * Two story-only elements:
 * - `<story-state .state=${…}>` provides a display state to its children, as a
 *   `<display-sync>` would, so every phase can be shown without a hub;
 * - `<story-scenario scenario="cash-sale">` plays a scenario through MSW into a real
 *   `<display-sync>` inside it (one mock for the whole Storybook, one lane per story).
 */
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import type { DisplayMock } from '../src/mocks/browser.js';
import { playScenario, type Playback } from '../src/scenarios/player.js';
import { findScenario } from '../src/scenarios/scenarios.js';
import { displayContext } from '../src/sync/display-context.js';
import { eventLogContext, type LoggedEvent } from '../src/sync/event-log.js';
import { INITIAL_DISPLAY_STATE, type DisplayState } from '../src/sync/display-state.js';

// Story helpers avoid decorators: Storybook's build does not apply the project's
// experimentalDecorators setting to files outside src/.
export class StoryState extends LitElement {
  static override properties = { state: { attribute: false }, log: { attribute: false } };
  static override styles = css`
    :host {
      display: contents;
    }
  `;
  declare state: DisplayState;
  declare log: readonly LoggedEvent[];
  private readonly stateProvider = new ContextProvider(this, { context: displayContext, initialValue: { ...INITIAL_DISPLAY_STATE, status: 'live' } });
  private readonly logProvider = new ContextProvider(this, { context: eventLogContext, initialValue: [] });

  constructor() {
    super();
    this.state = { ...INITIAL_DISPLAY_STATE, status: 'live' };
    this.log = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state')) this.stateProvider.setValue(this.state);
    if (changed.has('log')) this.logProvider.setValue(this.log);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
customElements.get('story-state') || customElements.define('story-state', StoryState);

let mock: Promise<DisplayMock> | undefined;
let lanes = 0;

/** The one MSW mock of this Storybook (the service worker is at the root: staticDirs). */
export function storybookMock(): Promise<DisplayMock> {
  mock ??= import('../src/mocks/browser.js').then(({ startDisplayMock }) =>
    startDisplayMock({ shareAcrossTabs: false, workerUrl: './mockServiceWorker.js' }),
  );
  return mock;
}

export class StoryScenario extends LitElement {
  static override properties = { scenario: {}, speed: { type: Number }, loop: { type: Boolean } };
  static override styles = css`
    :host {
      display: block;
      height: 100vh;
    }
  `;
  declare scenario: string;
  declare speed: number;
  declare loop: boolean;
  private lane = '';
  private playback?: Playback;

  constructor() {
    super();
    this.scenario = 'cash-sale';
    this.speed = 1;
    this.loop = true;
  }

  private ready = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.lane = `story-${++lanes}`;
    void storybookMock().then(({ mock: hub }) => {
      if (!this.isConnected) return;
      const scenario = findScenario(this.scenario);
      if (!scenario) throw new Error(`unknown scenario ${this.scenario}`);
      this.playback = playScenario(hub, scenario, { speed: this.speed, loop: this.loop, lane: this.lane });
      this.ready = true;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.playback?.stop();
  }

  override render() {
    // The display connects only once the mock answers, as a page with MSW started first would.
    return this.ready ? html`<display-sync lane=${this.lane}><slot></slot></display-sync>` : html``;
  }
}
customElements.get('story-scenario') || customElements.define('story-scenario', StoryScenario);

declare global {
  interface HTMLElementTagNameMap {
    'story-state': StoryState;
    'story-scenario': StoryScenario;
  }
}
