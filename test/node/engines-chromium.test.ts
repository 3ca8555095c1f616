/**
 * The display checks in Chromium: the modern build, and the legacy build in a Chromium
 * stripped of every built-in newer than Chrome 61 / Safari 12 / Firefox 63 (the loader
 * must pick the legacy build there by itself).
 */
import { describeDisplayScenario } from '../support/display-scenario.js';
import { chromium } from '../support/engines.js';
import { STRIP_POST_2017 } from '../support/legacy-browser.js';

describeDisplayScenario(chromium, { expectBuild: 'customer-display.js' });
describeDisplayScenario(chromium, {
  title: 'display end to end in Chromium without post-2017 built-ins (legacy build)',
  beforeLoad: STRIP_POST_2017,
  expectBuild: 'customer-display.legacy.js',
});
